import { Writable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { listAudit } from '../../db/queries/audit.js';
import { insertUser } from '../../db/queries/users.js';
import { Ok } from '../shared/schemas.js';
import { buildApp } from './app.js';
import { createUser, login, UnknownAddressFailures } from './services/auth.js';
import { Client, createTestApp, createTestDatabase, TEST_PASSWORD, type TestApp } from './testing/test-app.js';

/** One app per describe block, started once with the block's settings; tests in a block use apart e-mail addresses. */
function appWith(env: NodeJS.ProcessEnv = {}): () => FastifyInstance {
  let t: TestApp | null = null;
  beforeAll(async () => {
    t = await createTestApp(env);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => t!.app;
}

const addUser = (app: FastifyInstance, email: string) =>
  createUser(app.db, { email, name: 'Lid', role: 'staff', password: TEST_PASSWORD, hashCost: 10 });

function attempt(
  app: FastifyInstance,
  email: string,
  password: string,
  extra: { remoteAddress?: string; headers?: Record<string, string> } = {}
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    headers: extra.headers,
    remoteAddress: extra.remoteAddress
  });
}

const sessionCookie = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === 'kw_session');

describe('with the default settings', () => {
  const app = appWith();

  it('sends helmet’s headers and a policy that allows nothing on API answers, errors and public files', async () => {
    for (const url of ['/api/health', '/api/cycles', '/agenda.json', '/api/nothing-here']) {
      const response = await app().inject({ method: 'GET', url });
      expect(response.headers, url).toMatchObject({
        'content-security-policy': "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': expect.stringContaining('max-age='),
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin'
      });
    }
  });

  it('starts a new session at login: the old token is dead afterwards', async () => {
    const email = 'rotatie@test.be';
    await addUser(app(), email);
    const client = new Client(app());
    await client.login(email);
    const before = client.cookie;
    expect((await client.login(email)).statusCode).toBe(200);
    expect(client.cookie).not.toBe(before);

    const me = async (cookie: string | null) =>
      (await app().inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookie! } })).json().user;
    expect(await me(before)).toBeNull();
    expect(await me(client.cookie)).toMatchObject({ email });
  });

  it('sends the session cookie without Secure over plain HTTP, whatever an untrusted X-Forwarded-Proto says', async () => {
    const email = 'http@test.be';
    await addUser(app(), email);
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
      const cookie = sessionCookie(await attempt(app(), email, TEST_PASSWORD, { headers }));
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(cookie?.secure ?? false).toBe(false);
    }
  });

  it('lets a locked account in once the lockout has run out, and a good login clears the count', async () => {
    const email = 'tijd@test.be';
    const user = await addUser(app(), email);
    const unknownAddresses = new UnknownAddressFailures();
    const start = new Date('2026-03-02T09:00:00Z');
    const at = (minutes: number, password: string) =>
      login(app().db, {
        email,
        password,
        ttlHours: 1,
        hashCost: 10,
        now: new Date(start.getTime() + minutes * 60_000),
        lockout: { maxFailures: 2, minutes: 15 },
        unknownAddresses
      }).then(
        () => 'in',
        (error: { code: string }) => error.code
      );

    expect([await at(0, 'wrong-password'), await at(1, 'wrong-password')]).toEqual([
      'invalid_credentials',
      'login_locked'
    ]);
    expect(await at(15, TEST_PASSWORD)).toBe('login_locked');
    expect(await at(16, TEST_PASSWORD)).toBe('in');
    // The count starts afresh: one wrong password before and one after a good login lock nothing.
    expect([await at(17, 'wrong-password'), await at(18, TEST_PASSWORD)]).toEqual(['invalid_credentials', 'in']);
    expect(await at(19, 'wrong-password')).toBe('invalid_credentials');
    const row = await app()
      .db.selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 1, locked_until: null });
  });
});

describe('rate limits', () => {
  const app = appWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });

  it('answers 429 with Retry-After after too many logins from one address, and counts each address apart', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(app(), `x${i}@test.be`, 'wrong-password')).statusCode).toBe(401);

    const refused = await attempt(app(), 'x9@test.be', 'wrong-password');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds\.$/),
        details: { retryAfter: Number(refused.headers['retry-after']) }
      }
    });
    // Without TRUST_PROXY a client cannot pass for another address by saying so.
    const spoofed = await attempt(app(), 'x9@test.be', 'wrong-password', {
      headers: { 'x-forwarded-for': '192.0.2.7' }
    });
    expect(spoofed.statusCode).toBe(429);
    expect((await attempt(app(), 'x9@test.be', 'wrong-password', { remoteAddress: '10.0.0.2' })).statusCode).toBe(401);
  });

  it('limits public endpoints, but not who-am-I and health that every page and monitor asks for', async () => {
    const get = async (url: string) => (await app().inject({ method: 'GET', url })).statusCode;
    expect([await get('/api/agenda'), await get('/api/agenda'), await get('/api/agenda')]).toEqual([200, 200, 429]);
    expect([await get('/agenda.json'), await get('/agenda.json'), await get('/agenda.json')]).toEqual([404, 404, 429]);
    for (let i = 0; i < 4; i++) {
      expect(await get('/api/auth/me')).toBe(200);
      expect(await get('/api/health')).toBe(200);
    }
    const doc = (await app().inject({ method: 'GET', url: '/api/openapi.json', remoteAddress: '10.0.0.3' })).json();
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toContain('429');
    expect(Object.keys(doc.paths['/api/auth/me'].get.responses)).not.toContain('429');
  });
});

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  const app = appWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: '127.0.0.1' });

  it('counts the forwarded client address and marks the cookie Secure when the proxy spoke HTTPS', async () => {
    const email = 'proxy@test.be';
    await addUser(app(), email);
    const via = (client: string, proto: string) =>
      attempt(app(), email, TEST_PASSWORD, { headers: { 'x-forwarded-for': client, 'x-forwarded-proto': proto } });

    const https = await via('192.0.2.1', 'https');
    const http = await via('192.0.2.2', 'http');
    expect([https.statusCode, http.statusCode]).toEqual([200, 200]);
    expect(sessionCookie(https)?.secure).toBe(true);
    expect(sessionCookie(http)?.secure ?? false).toBe(false);
    expect((await via('192.0.2.1', 'https')).statusCode).toBe(429);
  });
});

describe('with COOKIE_SECURE', () => {
  const app = appWith({ COOKIE_SECURE: 'true' });

  it('always marks the session cookie Secure', async () => {
    await addUser(app(), 'veilig@test.be');
    expect(sessionCookie(await attempt(app(), 'veilig@test.be', TEST_PASSWORD))?.secure).toBe(true);
  });
});

describe('lockout after wrong passwords', () => {
  const app = appWith({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' });

  it('locks the account after LOGIN_MAX_FAILURES wrong passwords, even for the right one, and logs it', async () => {
    const email = 'slot@test.be';
    const user = await addUser(app(), email);
    expect((await attempt(app(), email, 'wrong-password')).statusCode).toBe(401);
    expect((await attempt(app(), email, 'wrong-password')).statusCode).toBe(401);
    const third = await attempt(app(), email, 'wrong-password');
    expect(third.statusCode).toBe(429);
    expect(third.json().error).toEqual({
      code: 'login_locked',
      message: 'Too many wrong passwords for this e-mail address. Try again in 15 minutes.',
      details: { minutes: 15 }
    });
    expect((await attempt(app(), email, TEST_PASSWORD)).json().error.code).toBe('login_locked');

    const { rows } = await listAudit(app().db, { action: 'user.lock' }, { limit: 10, offset: 0 });
    expect(rows).toMatchObject([{ entity: 'user', entityId: String(user.id), actorId: null }]);
  });

  it('answers an unknown address exactly as a known one, so a lockout tells nobody which accounts exist', async () => {
    await addUser(app(), 'bekend@test.be');
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 4; i++) {
        const response = await attempt(app(), email, 'wrong-password');
        out.push({ status: response.statusCode, body: response.json() });
      }
      return out;
    };
    const known = await answers('bekend@test.be');
    expect(known.map((a) => a.status)).toEqual([401, 401, 429, 429]);
    expect(await answers('niemand@test.be')).toEqual(known);
  });

  it('forgets the oldest unknown addresses past its capacity', () => {
    const failures = new UnknownAddressFailures(2);
    const now = new Date('2026-03-02T09:00:00Z');
    const rules = { maxFailures: 1, minutes: 15 };
    for (const address of ['a@x.be', 'b@x.be', 'c@x.be']) failures.record(address, rules, now);
    expect(['a@x.be', 'b@x.be', 'c@x.be'].map((a) => failures.lockedUntil(a) !== null)).toEqual([false, true, true]);
  });
});

describe('logs', () => {
  const EMAIL = 'lid@test.be';

  it('keeps passwords, e-mail addresses and tokens out of the log, also when a database error quotes them', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      }
    });
    const database = await createTestDatabase({ LOG_LEVEL: 'trace' });
    const app = await buildApp(database.config, { pglite: database.pglite, serveWeb: false, logStream: stream });
    onTestFinished(async () => {
      await app.close();
      await database.drop();
    });
    // A failure as it happens in real life: a database error whose detail quotes the row it refused.
    app
      .withTypeProvider<TypeBoxTypeProvider>()
      .post(
        '/api/test/duplicate-user',
        { schema: { 'x-roles': ['public'], body: Type.Object({ email: Type.String() }), response: { 200: Ok } } },
        async (request) => {
          const row = { email: request.body.email, name: 'Dubbel', role: 'staff' as const, password_hash: 'x' };
          await insertUser(app.db, row);
          await insertUser(app.db, row);
          return { ok: true as const };
        }
      );
    await app.ready();
    await addUser(app, EMAIL);

    const wrong = await attempt(app, EMAIL, 'the-wrong-secret');
    const good = await attempt(app, EMAIL, TEST_PASSWORD);
    const failed = await app.inject({
      method: 'POST',
      url: '/api/test/duplicate-user',
      payload: { email: 'dubbel@test.be' },
      headers: { cookie: `kw_session=${good.cookies[0]!.value}`, 'x-csrf-token': good.json().csrfToken }
    });
    expect([wrong.statusCode, good.statusCode, failed.statusCode]).toEqual([401, 200, 500]);

    expect(log).toContain('request failed');
    expect(log).toContain('[Redacted]');
    for (const secret of [
      EMAIL,
      'dubbel@test.be',
      'the-wrong-secret',
      TEST_PASSWORD,
      good.cookies[0]!.value,
      good.json().csrfToken
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
