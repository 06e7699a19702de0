import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { clonePglite, kyselyOnPglite, openPglite } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { type AppOptions, buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { createUser } from '../services/auth.js';
import { adminQuery, databaseUrlWithName, dropTestDatabase } from './global-setup.js';
import type { Role } from '../../shared/roles.js';

/**
 * A fresh, migrated database per test: a copy of a migrated PGlite template by default,
 * or — when DATABASE_URL is set — a new PostgreSQL database cloned from a migrated template database.
 */
export interface TestDatabase {
  config: Config;
  pglite?: PGlite;
  drop(): Promise<void>;
}

const baseUrl = process.env.DATABASE_URL?.trim() || null;
let pgliteTemplate: Promise<PGlite> | null = null;

async function makePgliteTemplate(): Promise<PGlite> {
  const pglite = await openPglite();
  await migrateToLatest(kyselyOnPglite(pglite));
  return pglite;
}

export async function createTestDatabase(overrides: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  // Every test request comes from 127.0.0.1, and tests try made-up passwords: limits and lockout out of reach of any
  // test but those of the limits themselves.
  const env = {
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_COST: '10',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES: '100',
    VRAAGPUNT_PER_HOUR: '100000',
    VRAAGPUNT_MIN_FILL_SECONDS: '0',
    ...overrides
  };
  if (baseUrl) {
    const template = inject('pgTemplate');
    if (!template) throw new Error('DATABASE_URL is set but the global setup made no template database.');
    const name = `kw_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(baseUrl, `create database ${name} template ${template}`);
    return {
      config: loadConfig({ ...env, DATABASE_URL: databaseUrlWithName(baseUrl, name) }),
      drop: () => dropTestDatabase(baseUrl, name)
    };
  }
  pgliteTemplate ??= makePgliteTemplate();
  const pglite = await clonePglite(await pgliteTemplate);
  return { config: loadConfig({ ...env, DATABASE_URL: '' }), pglite, drop: async () => {} };
}

export interface TestApp {
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: NodeJS.ProcessEnv = {},
  options: Pick<AppOptions, 'discoveryRunner'> = {}
): Promise<TestApp> {
  const database = await createTestDatabase(overrides);
  const app = await buildApp(database.config, { ...options, pglite: database.pglite, serveWeb: false });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.drop();
    }
  };
}

export const TEST_PASSWORD = 'test-password-123';

/** A logged-in API client: keeps the session cookie and sends the CSRF token on changes. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {}
  ): Promise<LightMyRequestResponse> {
    const all: Record<string, string> = { ...headers };
    if (this.cookie) all.cookie = this.cookie;
    if (this.csrf && method !== 'GET') all['x-csrf-token'] = this.csrf;
    const isRaw = typeof payload === 'string' || Buffer.isBuffer(payload);
    return this.app.inject({
      method,
      url,
      headers: all,
      ...(payload === undefined ? {} : isRaw ? { payload } : { payload: payload as object })
    });
  }

  async login(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const response = await this.request('POST', '/api/auth/login', { email, password });
    const setCookie = response.cookies.find((c) => c.name === 'kw_session');
    if (setCookie) this.cookie = `kw_session=${setCookie.value}`;
    if (response.statusCode === 200) this.csrf = response.json().csrfToken;
    return response;
  }
}

/** Creates a user with TEST_PASSWORD and returns a client logged in as that user. */
export async function loginAs(
  app: FastifyInstance,
  role: Role,
  email = `${role}-${randomBytes(3).toString('hex')}@test.be`
): Promise<Client> {
  await createUser(app.db, { email, name: `${role} ${email}`, role, password: TEST_PASSWORD, hashCost: 10 });
  const client = new Client(app);
  const response = await client.login(email);
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return client;
}
