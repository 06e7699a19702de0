import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyOnPglite, openPglite } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { writeAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { createUser } from '../server/services/auth.js';
import { contents } from './testing/database-contents.js';

// The in-process tests of backup and restore are in backup.test.ts; these run the real command.
describe('npm run cli -- backup / restore', () => {
  const run = promisify(execFile);
  const root = path.resolve(import.meta.dirname, '../..');
  let dir: string;
  let original: Record<string, string[]>;

  async function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    // The command is tried on embedded data folders, even when the suite runs against PostgreSQL.
    delete env.DATABASE_URL;
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', ...args], {
        cwd: root,
        env
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  async function withFolder<T>(dataDir: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const db = kyselyOnPglite(await openPglite(dataDir));
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kw-backup-cli-'));
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    await withFolder(a, migrateToLatest);
    // The restore's empty, migrated folder is copied rather than created: creating a data folder is the slow part.
    await cp(a, b, { recursive: true });
    original = await withFolder(a, async (db) => {
      const user = await createUser(db, {
        email: 'beheer@test.be',
        name: 'Beheer',
        role: 'admin',
        password: 'long-enough-pw',
        hashCost: 4
      });
      await writeAudit(db, { actorId: user.id, action: 'create', entity: 'user', entityId: user.id, after: { x: 1 } });
      return contents(db);
    });
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up one data folder and restores it into another', async () => {
    const file = path.join(dir, 'backup.jsonl.gz');
    const backup = await cli(path.join(dir, 'a'), 'backup', file);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(
      /^Backup written to .*backup\.jsonl\.gz: \d+ tables, 2 rows \(migration 20\S+\)\.\n$/
    );

    const restore = await cli(path.join(dir, 'b'), 'restore', file);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toMatch(/^Restored .*backup\.jsonl\.gz: \d+ tables, 2 rows \(migration 20\S+\)\.\n$/);

    expect(await withFolder(path.join(dir, 'b'), contents)).toEqual(original);
    expect(original.users).toHaveLength(1);
  }, 120_000);
});
