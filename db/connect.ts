import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// Both drivers must hand back the same JavaScript types: counts as numbers
// (never past 2^53 here), and calendar dates as 'YYYY-MM-DD' strings so no
// time zone can shift them.
const parsers = {
  [INT8]: (value: string) => Number(value),
  [NUMERIC]: (value: string) => Number(value),
  [DATE]: (value: string) => value
};

let pgParsersSet = false;
function setPgParsers(): void {
  if (pgParsersSet) return;
  for (const [oid, parse] of Object.entries(parsers)) pg.types.setTypeParser(Number(oid), parse);
  pgParsersSet = true;
}

/** The pool under each Kysely built by `kyselyOnPool`, for work that needs a connection of its own. */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** Kysely on an existing node-postgres pool (the one @fastify/postgres owns). */
export function kyselyOnPool(pool: pg.Pool): Kysely<Database> {
  setPgParsers();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/**
 * Runs `fn` on one connection taken from the pool under `db`: a Kysely that always uses that connection, and the
 * node-postgres client itself for what Kysely cannot do (COPY FROM STDIN), so both share one transaction.
 * On PGlite, or inside a transaction, there is no such client: `fn` gets `db` and null.
 */
export async function withConnection<T>(
  db: Kysely<Database>,
  fn: (db: Kysely<Database>, client: pg.PoolClient | null) => Promise<T>
): Promise<T> {
  const pool = pools.get(db);
  if (!pool) return fn(db, null);
  const client = await pool.connect();
  // Kysely releases a connection after each query or transaction; this one goes back to the pool only at the end.
  const borrowed = { query: client.query.bind(client), release: () => {} } as unknown as PostgresPoolClient;
  const single: PostgresPool = { connect: async () => borrowed, end: async () => {} };
  try {
    return await fn(new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) }), client);
  } finally {
    // Back in the pool after a rollback too: every statement, COPY included, has finished by then.
    client.release();
  }
}

export function createPool(connectionString: string): pg.Pool {
  setPgParsers();
  return handleLostConnections(new pg.Pool({ connectionString, max: 10 }), () => {});
}

/**
 * Keeps a connection the database server closed (a restart, a terminated backend) from ending the process.
 * node-postgres emits 'error' on a client whose connection breaks, in use or idle, and the pool emits it again for an
 * idle one: unheard, either is an uncaught exception. Each is told to `onLost` once. The pool drops such a client
 * (an idle one at once, one in use when it is released), and a statement that was running fails by itself.
 */
export function handleLostConnections(pool: pg.Pool, onLost: (error: Error) => void): pg.Pool {
  pool.on('connect', (client) => client.on('error', onLost));
  pool.on('error', () => {});
  return pool;
}

/** PostgreSQL's SQLSTATEs for a server that is gone, going or not there yet: connection exceptions and shutdowns. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3])$/;
/** Socket errors on the way to the database server. */
const UNAVAILABLE_SOCKETS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** node-postgres's own errors for a connection that broke or could not be made in time (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect'
];

/**
 * Whether an error means the database could not be reached (restarting, connections dropped) rather than that a
 * statement failed: worth trying again in a moment. Only the database's errors qualify; a socket error needs its
 * `syscall`, which an HTTP request that its client aborted ('aborted', ECONNRESET) does not have.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string') {
    return UNAVAILABLE_STATES.test(code) || (typeof syscall === 'string' && UNAVAILABLE_SOCKETS.has(code));
  }
  return UNAVAILABLE_MESSAGES.some((message) => error.message.startsWith(message));
}

/** PGlite is loaded when first used: a server on PostgreSQL never pays for its WebAssembly engine in memory. */
const loadPglite = () => import('@electric-sql/pglite');

/** Opens the embedded database: a data folder, or memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  const { PGlite } = await loadPglite();
  return PGlite.create({ dataDir, parsers });
}

/** A new in-memory database holding a copy of `template` (tests: one migrated template, a copy per test). */
export async function clonePglite(template: PGlite): Promise<PGlite> {
  const image = await template.dumpDataDir('none');
  const { PGlite } = await loadPglite();
  return PGlite.create({ loadDataDir: image, parsers });
}

/** Kysely on PGlite; the dialect serialises access, as PGlite has a single connection. */
export function kyselyOnPglite(pglite: PGlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}
