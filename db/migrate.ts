import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown
  ) {
    super(`Migratie ${migration ?? '(onbekend)'} mislukt: ${String(cause)}`, { cause });
  }
}

/** Brings the schema to the latest migration; returns the name of the latest applied one. */
export async function migrateToLatest(db: Kysely<any>): Promise<string | null> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return currentMigration(db);
}

export async function currentMigration(db: Kysely<any>): Promise<string | null> {
  const migrator = new Migrator({ db, provider });
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined);
  return applied.at(-1)?.name ?? null;
}
