import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, kyselyOnPglite, kyselyOnPool, openPglite } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { insertCycle, insertSource } from '../../../db/queries/cycles.js';
import type { Database } from '../../../db/schema.js';
import { generateQuestions, questionsCsv } from '../../../scripts/generate-questions.js';
import { createUser } from '../services/auth.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { Client, createTestDatabase, TEST_PASSWORD } from '../testing/test-app.js';

/**
 * An import killed mid-way (kill -9) leaves nothing behind: the server is a real child process, importing a large CSV
 * streamed to it, killed while the import's transaction holds thousands of written questions; then the app opens the
 * database again (PGlite recovers its data folder), finds no trace of the import, and imports the same file whole.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROWS = 16_000;
/**
 * Questions the server must have extracted before the kill. The import writes them in chunks of 5,000, each after
 * the one before is written: past two chunks and a read batch, the first is in the database.
 */
const WRITTEN_PAST = 10_500;
const STAFF_EMAIL = 'staf@test.be';

const baseUrl = process.env.DATABASE_URL?.trim() || null;
const kinds = baseUrl ? (['pglite', 'postgresql'] as const) : (['pglite'] as const);

/** The seed every database gets: a cycle with a source to import into, and a staff member to import. */
async function seed(db: Kysely<Database>): Promise<{ cycleId: number; sourceId: number }> {
  const cycleId = (await insertCycle(db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  const sourceId = (await insertSource(db, { cycleId, kind: 'survey', name: 'Bevraging', participantCount: null })).id;
  await createUser(db, { email: STAFF_EMAIL, name: 'Staf', role: 'staff', password: TEST_PASSWORD, hashCost: 10 });
  return { cycleId, sourceId };
}

/** A seeded database for the server (its environment), with the ids the test needs. */
interface Target {
  env: NodeJS.ProcessEnv;
  cycleId: number;
  sourceId: number;
  remove(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  // Made in memory and copied into a data folder: far quicker than creating the database in the folder.
  const template = await openPglite();
  const db = kyselyOnPglite(template);
  await migrateToLatest(db);
  const ids = await seed(db);
  const image = await template.dumpDataDir('none');
  await db.destroy();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kw-kill-'));
  await (await PGlite.create({ dataDir, loadDataDir: image })).close();
  return { env: { DATA_DIR: dataDir }, ...ids, remove: () => rm(dataDir, { recursive: true, force: true }) };
}

async function postgresTarget(): Promise<Target> {
  const database = await createTestDatabase();
  const db = kyselyOnPool(createPool(database.config.databaseUrl!));
  try {
    return { env: { DATABASE_URL: database.config.databaseUrl! }, ...(await seed(db)), remove: database.drop };
  } finally {
    await db.destroy();
  }
}

interface Server {
  baseURL: string;
  process: ChildProcess;
}

/** Starts the server (API only, no demo data) on a free port it picks itself. */
async function startServer(target: Target): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '10',
    WEB_BUILD_DIR: path.join(tmpdir(), `kw-no-web-${randomBytes(4).toString('hex')}`),
    ...target.env
  };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const baseURL = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const address = /Kennisagenda Werkbank: (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (address) resolve(address[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`The server stopped (${code ?? signal}):\n${log}`)));
  });
  return { baseURL, process: child };
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

interface Session {
  headers: Record<string, string>;
}

async function login(baseURL: string): Promise<Session> {
  const response = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: STAFF_EMAIL, password: TEST_PASSWORD })
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kw_session='))!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { headers: { cookie: cookie.split(';')[0]!, 'x-csrf-token': csrfToken } };
}

describe.each(kinds)('an import killed mid-way on %s', (kind) => {
  const csv = Buffer.from(questionsCsv(generateQuestions(ROWS)));
  // Cut after a whole line: what reaches the server before the kill.
  const head = csv.subarray(0, csv.indexOf('\n', Math.floor(csv.length * 0.9)) + 1);
  let target: Target;

  // Creating a PGlite database and copying it into a folder starts its engine twice: slow on a busy machine.
  beforeAll(async () => {
    target = kind === 'pglite' ? await pgliteTarget() : await postgresTarget();
  }, 120_000);

  afterAll(async () => {
    await target?.remove();
  });

  const importPath = (progress?: string) =>
    `/api/cycles/${target.cycleId}/imports?sourceId=${target.sourceId}&fileName=enquete.csv&textColumn=text` +
    (progress ? `&progress=${progress}` : '');

  /** The import batches of the cycle and the questions of the source, as the app reads them. */
  async function stored(staff: Client) {
    const read = async <T>(url: string): Promise<T> => {
      const response = await staff.request('GET', url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const batches = await read<{ questionCount: number }[]>(`/api/cycles/${target.cycleId}/imports`);
    const sources = await read<{ id: number; questionCount: number }[]>(`/api/cycles/${target.cycleId}/sources`);
    return {
      batches: batches.map((b) => b.questionCount),
      questions: sources.find((source) => source.id === target.sourceId)!.questionCount
    };
  }

  // A server starts, compiling the app as it loads, and PGlite opens twice: give them time on a busy machine.
  it('leaves no batch and no questions, and the same file then imports whole', { timeout: 120_000 }, async () => {
    const server = await startServer(target);
    try {
      const session = await login(server.baseURL);
      const key = `kill-${randomBytes(6).toString('hex')}`;
      // The body is fed by hand: most of the file, then nothing, so the import is caught mid-way.
      let feed!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (feed = controller) });
      for (let at = 0; at < head.length; at += 64 * 1024) feed.enqueue(head.subarray(at, at + 64 * 1024));
      const upload = fetch(`${server.baseURL}${importPath(key)}`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'text/csv' },
        body,
        duplex: 'half'
      } as RequestInit).catch((error: unknown) => error);

      await expect
        .poll(
          async () => {
            const response = await fetch(`${server.baseURL}/api/imports/progress/${key}`, {
              headers: session.headers
            });
            return response.ok ? ((await response.json()) as { questions: number }).questions : 0;
          },
          { timeout: 20_000, interval: 50 }
        )
        .toBeGreaterThan(WRITTEN_PAST);
      if (target.env.DATABASE_URL) {
        // The import's open transaction has written questions, so it holds a lock on their table.
        const db = kyselyOnPool(createPool(target.env.DATABASE_URL));
        try {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n
            from pg_locks l join pg_class c on c.oid = l.relation
            where l.database = (select oid from pg_database where datname = current_database())
              and c.relname = 'questions' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()
          `.execute(db);
          expect(rows[0]!.n).toBe(1);
        } finally {
          await db.destroy();
        }
      }

      const killed = exited(server.process);
      server.process.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      expect(await upload).toBeInstanceOf(Error);
    } finally {
      server.process.kill('SIGKILL');
    }

    // The restart: the app opens the database again (a PGlite data folder recovers from the kill as it opens).
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10', ...target.env }), {
      serveWeb: false
    });
    try {
      const staff = new Client(app);
      expect((await staff.login(STAFF_EMAIL)).statusCode).toBe(200);
      expect(await stored(staff)).toEqual({ batches: [], questions: 0 });

      const response = await staff.request('POST', importPath(), csv, { 'content-type': 'text/csv' });
      expect(response.statusCode, response.body).toBe(201);
      const batch = response.json<{ rowCount: number; questionCount: number }>();
      expect(batch.rowCount).toBe(ROWS);
      expect(batch.questionCount).toBeGreaterThan(WRITTEN_PAST);
      expect(await stored(staff)).toEqual({ batches: [batch.questionCount], questions: batch.questionCount });
    } finally {
      await app.close();
    }
  });
});
