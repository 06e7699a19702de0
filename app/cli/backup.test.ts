import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, restoreBackup, writeBackup } from '../../db/backup.js';
import { createPool, kyselyOnPglite, kyselyOnPool } from '../../db/connect.js';
import { writeAudit } from '../../db/queries/audit.js';
import { insertSession } from '../../db/queries/sessions.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../server/errors.js';
import { createUser } from '../server/services/auth.js';
import { seedDemo } from '../server/services/demo.js';
import { createTestDatabase } from '../server/testing/test-app.js';
import { backupCommand, restoreCommand } from './backup-command.js';
import { contents } from './testing/database-contents.js';

/**
 * One source database with the complete demo, accounts, a session, audit entries and a table of exotic types is
 * backed up once; each test restores that backup (or a damaged copy) into fresh databases. The CLI itself is run in
 * backup-command.test.ts.
 */
interface Opened {
  db: Kysely<Database>;
  close(): Promise<void>;
}

async function openTestDatabase(): Promise<Opened> {
  const database = await createTestDatabase();
  const db = database.pglite ? kyselyOnPglite(database.pglite) : kyselyOnPool(createPool(database.config.databaseUrl!));
  return {
    db,
    close: async () => {
      await db.destroy();
      await database.drop();
    }
  };
}

/**
 * A table with the types the schema does not use yet, so a later migration that adds one is already covered:
 * identity, a link to a later row of the same table, generated and exotic columns.
 */
async function createProbeTable(db: Kysely<Database>): Promise<void> {
  await sql`create table backup_probe (
    id bigint generated always as identity primary key,
    parent_id bigint references backup_probe (id),
    amount numeric(30, 10),
    ratio double precision,
    small real,
    data bytea,
    tags text[],
    matrix integer[][],
    doc jsonb,
    raw json,
    span interval,
    day date,
    moment timestamptz,
    local_moment timestamp,
    terms tsvector,
    label text,
    words tsvector generated always as (to_tsvector('dutch'::regconfig, coalesce(label, ''))) stored,
    uid uuid
  )`.execute(db);
}

async function fillProbeTable(db: Kysely<Database>): Promise<void> {
  await sql`insert into backup_probe (amount, ratio, small, data, tags, matrix, doc, raw, span, day, moment,
      local_moment, terms, label, uid)
    values
      (12345678901234567890.0123456789, 0.1 + 0.2, 0.1, '\\x00ff10'::bytea, array['één', 'twee "drie"', null],
        '{{1,2},{3,4}}', '{"a": 1.000000000000000000001, "b": [null, "\\u00e9"]}', '{"a": 1,  "a": 2}',
        '1 year 2 mons 3 days 04:05:06.789', '2024-02-29', '2024-02-29 23:59:59.999999+01',
        '2024-03-31 02:30:00', 'leraar:1 klas:2A', 'De leraren vragen naar feedback', '0b8f3a5e-2f55-4c7e-9a44-7d8a0f0c1e21'),
      (-0.0000000001, 'Infinity', 'NaN', '', '{}', null, 'null', 'null', '-1 day', '0001-01-01',
        '1970-01-01 00:00:00+00', null, '', '', null),
      (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)`.execute(db);
  // Row 1 follows row 3, which comes after it: the restore must link it once row 3 is there.
  await sql`update backup_probe set parent_id = 3 where id = 1`.execute(db);
  await sql`update backup_probe set parent_id = 2 where id = 2`.execute(db);
}

async function sequences(db: Kysely<Database>): Promise<Record<string, string>> {
  const { rows } = await sql<{ name: string }>`
    select sequence_name as name from information_schema.sequences where sequence_schema = current_schema()`.execute(
    db
  );
  const result: Record<string, string> = {};
  for (const { name } of rows) {
    const { rows: state } = await sql<{ value: string }>`
      select last_value || '/' || is_called as value from ${sql.id(name)}`.execute(db);
    result[name] = state[0]!.value;
  }
  return result;
}

async function backupBytes(db: Kysely<Database>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeBackup(
    db,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      }
    })
  );
  return Buffer.concat(chunks);
}

const restoreBytes = (db: Kysely<Database>, bytes: Buffer) => restoreBackup(db, Readable.from([bytes]));

/** The backup's lines, changed by `edit`, packed again. */
function edited(bytes: Buffer, edit: (lines: string[]) => void): Buffer {
  const lines = gunzipSync(bytes).toString('utf8').split('\n');
  edit(lines);
  return gzipSync(lines.join('\n'));
}

const isEmpty = (all: Record<string, string[]>) => Object.values(all).every((rows) => rows.length === 0);

describe('backup and restore', () => {
  let source: Opened;
  let bytes: Buffer;
  let original: Record<string, string[]>;

  beforeAll(async () => {
    source = await openTestDatabase();
    await seedDemo(source.db, { password: 'demo-password', hashCost: 4 });
    const admin = await createUser(source.db, {
      email: 'beheer@test.be',
      name: 'Beheer Één',
      role: 'admin',
      password: 'long-enough-pw',
      hashCost: 4
    });
    await sql`update users set disabled_at = '2025-01-02 03:04:05.678901+02' where id = ${admin.id}`.execute(source.db);
    await insertSession(source.db, {
      tokenHash: 'hash-1',
      userId: admin.id,
      csrfToken: 'csrf',
      expiresAt: new Date('2030-01-01T00:00:00Z')
    });
    await writeAudit(source.db, {
      actorId: admin.id,
      action: 'update',
      entity: 'theme',
      entityId: 7,
      before: { name: 'Oud "thema"\nmet regel' },
      after: { name: 'Nieuw ✓', tags: ['a', null], n: 1.5 }
    });
    await writeAudit(source.db, { actorId: null, action: 'purge', entity: 'session', entityId: null });
    await createProbeTable(source.db);
    await fillProbeTable(source.db);
    // Ids handed out and then lost: a restored database must not give them out again.
    await sql`select nextval('audit_log_id_seq')`.execute(source.db);
    original = await contents(source.db);
    bytes = await backupBytes(source.db);
  }, 120_000);
  afterAll(async () => {
    await source?.close();
  });

  it('restores every table row for row into an empty database, and ids continue where they were', async () => {
    const target = await openTestDatabase();
    try {
      await createProbeTable(target.db);
      const summary = await restoreBytes(target.db, bytes);
      const restored = await contents(target.db);
      expect(Object.keys(restored)).toEqual(Object.keys(original));
      for (const table of Object.keys(original))
        expect({ table, rows: restored[table] }).toEqual({ table, rows: original[table] });
      expect(summary.rows).toBe(Object.values(original).reduce((sum, rows) => sum + rows.length, 0));
      expect(summary.tables).toBe(Object.keys(original).length);
      expect(original.users!.length).toBeGreaterThan(10);
      expect(original.scores!.length).toBeGreaterThan(100);
      expect(original.agenda_versions!.length).toBeGreaterThan(0);
      expect(await sequences(target.db)).toEqual(await sequences(source.db));

      const user = await createUser(target.db, {
        email: 'nieuw@test.be',
        name: 'Nieuw',
        role: 'staff',
        password: 'long-enough-pw',
        hashCost: 4
      });
      expect(user.id).toBeGreaterThan(Math.max(...original.users!.map((row) => JSON.parse(row).id)));
      await writeAudit(target.db, { actorId: user.id, action: 'create', entity: 'user', entityId: user.id });
      const { rows } = await sql<{ id: number }>`insert into backup_probe default values returning id`.execute(
        target.db
      );
      expect(rows[0]!.id).toBe(4);
    } finally {
      await target.close();
    }
  });

  describe('into one empty database, which every refusal leaves empty', () => {
    let empty: Opened;
    beforeAll(async () => {
      empty = await openTestDatabase();
      await createProbeTable(empty.db);
    });
    afterAll(async () => {
      await empty?.close();
    });

    async function refusal(input: Buffer): Promise<BackupError> {
      const error = await restoreBytes(empty.db, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect(isEmpty(await contents(empty.db))).toBe(true);
      return error as BackupError;
    }

    it('refuses a backup made at another migration, naming both', async () => {
      const older = edited(bytes, (lines) => {
        lines[0] = JSON.stringify({ ...JSON.parse(lines[0]!), migration: '2020-01-01T0000-old' });
      });
      expect((await refusal(older)).message).toMatch(
        /made at migration 2020-01-01T0000-old; this database is at migration 20/
      );
    });

    it.each([
      {
        description: 'a file cut off half-way',
        damage: (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.8)),
        message: /damaged or cut off/
      },
      {
        description: 'a row that is not JSON, late in the file',
        damage: (b: Buffer) =>
          edited(b, (lines) => {
            lines[lines.length - 3] = '["1", "kapot';
          }),
        message: /not valid JSON/
      },
      {
        description: 'a row with a value too few',
        damage: (b: Buffer) =>
          edited(b, (lines) => {
            const at = lines.findLastIndex((l) => l.startsWith('['));
            lines[at] = JSON.stringify(JSON.parse(lines[at]!).slice(1));
          }),
        message: /must hold \d+ values/
      },
      {
        description: 'a backup without its last line',
        damage: (b: Buffer) => edited(b, (lines) => lines.splice(-2, 1)),
        message: /incomplete/
      },
      {
        description: 'a row that breaks a foreign key',
        damage: (b: Buffer) =>
          edited(b, (lines) => {
            const header = lines.findIndex((l) => l.startsWith('{"table":"sessions"'));
            const row = JSON.parse(lines[header + 1]!);
            row[1] = '999999';
            lines[header + 1] = JSON.stringify(row);
          }),
        message: /Rows of table sessions could not be restored/
      }
    ])('refuses $description after restoring earlier tables, and rolls them back', async ({ damage, message }) => {
      const error = await refusal(damage(bytes));
      expect(error.message).toMatch(message);
      // The users (and their lines) come before every table this test damages.
      expect(error.line).toBeGreaterThan(original.users!.length);
    });

    it.each([
      {
        description: 'a file that is not gzip',
        bytes: Buffer.from('id,text\n1,vraag\n'),
        message: /empty or not gzip-compressed/
      },
      { description: 'an empty file', bytes: Buffer.alloc(0), message: /empty or not gzip-compressed/ },
      {
        description: 'a gzip file of something else',
        bytes: gzipSync('id,text\n1,vraag\n'),
        message: /no backup header/
      },
      {
        description: 'a newer format',
        bytes: gzipSync(`${JSON.stringify({ format: 'kennisagenda-backup', version: 2 })}\n`),
        message: /format version 2; this version of the application reads version 1/
      }
    ])('refuses $description on its first line', async ({ bytes: input, message }) => {
      const error = await refusal(input);
      expect(error.message).toMatch(message);
      expect(error.line).toBe(1);
    });

    it('names the file and the line when the command refuses a backup', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'kw-backup-'));
      try {
        const file = path.join(dir, 'kapot.jsonl.gz');
        await writeFile(
          file,
          edited(bytes, (lines) => lines.splice(5, 1, 'garbage'))
        );
        const error = await restoreCommand([file], (fn) => fn(empty.db)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as Error).message).toBe(`${file}, line 6: This line is not valid JSON. Nothing was restored.`);
        expect(isEmpty(await contents(empty.db))).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    // Last: it fills the database the tests above need empty.
    it('refuses a database that holds a single row, and changes nothing in it', async () => {
      await createUser(empty.db, {
        email: 'al@test.be',
        name: 'Al',
        role: 'staff',
        password: 'long-enough-pw',
        hashCost: 4
      });
      const before = await contents(empty.db);
      await expect(restoreBytes(empty.db, bytes)).rejects.toThrow(
        'The database is not empty: table users holds rows. Restore only into an empty, migrated database.'
      );
      expect(await contents(empty.db)).toEqual(before);
    });
  });

  it('leaves no file behind when a backup cannot be written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kw-backup-'));
    try {
      const failing = async () => {
        throw new Error('database gone');
      };
      await expect(backupCommand([path.join(dir, 'backup.gz')], failing)).rejects.toThrow('database gone');
      await expect(backupCommand([path.join(dir, 'missing', 'backup.gz')], (fn) => fn(source.db))).rejects.toThrow(
        /Cannot write .*missing/
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
