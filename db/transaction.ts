import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Runs `fn` in a transaction, joining the caller's when there already is one. */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database> | Kysely<Database>) => Promise<T>
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
