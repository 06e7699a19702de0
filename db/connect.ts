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
  return new pg.Pool({ connectionString, max: 10 });
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
