import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type APIResponse, request } from 'playwright-core';
import { expect } from 'vitest';
import { account, PASSWORD } from './browser';

/**
 * A server of a test file's own, on a fresh embedded database with the demo data, next to the one the global setup
 * started (it uses the same build): for tests whose rounds lock the demo cycle's themes, which other files expect free.
 * The tests set up their data through its API, logged in as the demo accounts.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function freePort(): Promise<number> {
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

export interface OwnServer {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * Starts the server; `name` says whose it is in the temporary folder's name and in errors. The demo cycle is seeded
 * up to its inventory (themes, nothing rated) unless a test asks for the complete one (a closed round, a published
 * agenda): curation refuses to change themes a round holds.
 */
export async function startServer(
  name = 'ballot',
  options: { demo?: 'inventory' | 'complete' } = {}
): Promise<OwnServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `kw-e2e-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    // Every browser and API client of the tests comes from 127.0.0.1.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    VRAAGPUNT_PER_HOUR: '100000',
    // A browser test fills the Vraagpunt form faster than a person; the minimum time has tests of its own.
    VRAAGPUNT_MIN_FILL_SECONDS: '0'
  };
  for (const variable of ['DATABASE_URL', 'WEB_BUILD_DIR', 'COOKIE_SECURE', 'TRUST_PROXY', 'LOGIN_MAX_FAILURES'])
    delete env[variable];
  env.SEED_DEMO = options.demo === 'complete' ? 'true' : 'inventory';
  let log = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`The ${name} test's server stopped before it was ready:\n${log}`);
    }
    try {
      if ((await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The ${name} test's server did not answer within 90 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // A server that dies under a test leaves only "connection refused" in the browser: say why it stopped.
  server.once('exit', (code, signal) => {
    if (!stopping) console.error(`The ${name} test's server stopped (${code ?? signal}):\n${log}`);
  });
  return { baseURL, stop };
}

/** An API client logged in as a demo account, sending the CSRF token on changes; a refusal throws with its body. */
export interface Api {
  /** The account's display name. */
  name: string;
  get<T>(url: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, data?: unknown): Promise<T>;
  dispose(): Promise<void>;
}

export async function apiAs(baseURL: string, user: string): Promise<Api> {
  const context: APIRequestContext = await request.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { email: account(user), password: PASSWORD } });
  if (!login.ok()) throw new Error(`login as ${user} failed: ${await login.text()}`);
  const me = (await login.json()) as { csrfToken: string; user: { name: string } };
  const check = async <T>(response: APIResponse): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    name: me.user.name,
    get: async <T>(url: string) => check<T>(await context.get(url)),
    send: async <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, data?: unknown) =>
      check<T>(
        await context.fetch(url, {
          method,
          // A DELETE goes without a body; the other changes send at least an empty object.
          data: data ?? (method === 'DELETE' ? undefined : {}),
          headers: { 'x-csrf-token': me.csrfToken }
        })
      ),
    dispose: () => context.dispose()
  };
}

/** Groups the cycle's questions into themes, as staff would on the themes page, unless it has themes already. */
export async function groupQuestions(staff: Api, cycleId: number): Promise<void> {
  if ((await staff.get<unknown[]>(`/api/cycles/${cycleId}/themes`)).length > 0) return;
  const run = await staff.send<{ id: number }>('POST', `/api/cycles/${cycleId}/clustering-runs`, { k: 6, seed: 1 });
  await expect
    .poll(
      async () => (await staff.get<{ status: string }>(`/api/cycles/${cycleId}/clustering-runs/${run.id}`)).status,
      { timeout: 60_000 }
    )
    .toBe('done');
  await staff.send('POST', `/api/cycles/${cycleId}/clustering-runs/${run.id}/accept`);
}
