import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HANDLER = path.join(ROOT, 'build', 'handler.js');
const WEB_SOURCES = ['app/web', 'app/shared', 'svelte.config.js', 'vite.config.ts'];
export const DEMO_PASSWORD = 'demo-password-e2e';

function newestChange(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(target, name))),
    stat.mtimeMs
  );
}

/** The pages come from ./build: build once when it is missing or older than the web sources. */
function ensureBuild(): void {
  const reason = !existsSync(HANDLER)
    ? 'there is no build/handler.js'
    : Math.max(...WEB_SOURCES.map((p) => newestChange(path.join(ROOT, p)))) > statSync(HANDLER).mtimeMs
      ? 'the build is older than the web sources'
      : null;
  if (!reason) return;
  console.log(`[e2e] ${reason}: running npx vite build`);
  execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('No free port found.'))));
    });
  });
}

async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitForHealth(baseURL: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `The server stopped (exit ${server.exitCode ?? server.signalCode}) before it was ready:\n${output()}`
      );
    }
    try {
      const response = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer /api/health within 120 s:\n${output()}`);
}

/**
 * Starts the real server (Fastify + the SvelteKit build) on a free port with a fresh database:
 * embedded PGlite in a temporary folder, or a new database on the PostgreSQL server named by
 * E2E_DATABASE_URL. The demo data are seeded at its first start.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuild();
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kw-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    // Every browser and API client of the tests comes from 127.0.0.1.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    VRAAGPUNT_PER_HOUR: '100000',
    // A browser test fills the Vraagpunt form faster than a person; the minimum time has tests of its own.
    VRAAGPUNT_MIN_FILL_SECONDS: '0'
  };
  for (const name of ['DATABASE_URL', 'WEB_BUILD_DIR', 'COOKIE_SECURE', 'TRUST_PROXY', 'LOGIN_MAX_FAILURES'])
    delete env[name];
  // The journey curates the demo themes, which a rating round would lock: the demo up to its inventory only.
  env.SEED_DEMO = 'inventory';

  const pgServer = process.env.E2E_DATABASE_URL?.trim();
  let database: { admin: string; name: string } | null = null;
  if (pgServer) {
    // A database of its own per run, so the demo seed and the journey always start from the same state.
    database = { admin: pgServer, name: `kw_e2e_${randomBytes(5).toString('hex')}` };
    await adminQuery(pgServer, `create database ${database.name}`);
    const url = new URL(pgServer);
    url.pathname = `/${database.name}`;
    env.DATABASE_URL = url.toString();
  }

  let log = '';
  const server = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);

  const teardown = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited(server);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
    if (database) await adminQuery(database.admin, `drop database if exists ${database.name} with (force)`);
  };

  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseURL, server, () => log);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseURL', baseURL);
  return teardown;
}
