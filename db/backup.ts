import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * A backup is a gzip'd file of JSON lines:
 *   {"format":"kennisagenda-backup","version":1,"migration":…,"createdAt":…,"tables":[…],"sequences":[…]}
 *   {"table":"users","columns":["id","email",…]}
 *   ["1","a@b.be",…]                      one line per row, every value in PostgreSQL's text form or null
 *   …                                      the next table, in foreign-key order
 *   {"end":true,"rows":1234}
 * Every value travels as the text PostgreSQL prints and reads back through the column type's own input
 * function, so timestamps, numerics, jsonb, bytea, arrays and tsvectors come back exactly as they were.
 */
export const BACKUP_FORMAT = 'kennisagenda-backup';
export const BACKUP_VERSION = 1;

/** Kysely's bookkeeping: a backup records the latest migration instead of copying these. */
const MIGRATION_TABLE = 'kysely_migration';
const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';
/** Rows fetched from the cursor, and rows sent in one INSERT. */
const PAGE_SIZE = 500;

/** A backup file that cannot be restored, or a database it cannot be restored into; `line` of the file when known. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupSummary {
  migration: string;
  tables: number;
  rows: number;
}

interface Column {
  name: string;
  /** As format_type prints it, e.g. "timestamp with time zone", "numeric(6,2)", "integer[]". */
  type: string;
  generated: boolean;
  identity: boolean;
  notNull: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  primaryKey: string[];
  /** Other tables this one has a foreign key to. */
  references: Set<string>;
  /** Columns of foreign keys to the table itself (a round that follows an earlier round). */
  selfReferences: string[];
}

interface Schema {
  /** In an order where every table comes after the tables it references. */
  tables: Table[];
  sequences: string[];
}

interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  migration: string;
  createdAt: string;
  tables: string[];
  sequences: SequenceState[];
}

/**
 * Writes a consistent snapshot of every table to `out`: one read-only repeatable-read transaction, read through a
 * cursor a page at a time, so a large database never sits in memory.
 */
export async function writeBackup(db: Kysely<Database>, out: Writable): Promise<BackupSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    await useExactTextForms(trx);
    const schema = await readSchema(trx);
    const summary: BackupSummary = { migration: await latestMigration(trx), tables: schema.tables.length, rows: 0 };
    await pipeline(Readable.from(backupLines(trx, schema, summary)), createGzip(), out);
    return summary;
  });
}

async function* backupLines(db: Kysely<Database>, schema: Schema, summary: BackupSummary): AsyncGenerator<string> {
  const sequences: SequenceState[] = [];
  for (const name of schema.sequences) {
    // Read inside the snapshot's transaction: never behind a value the copied rows use, so no id is handed out twice.
    const { rows } = await sql<{ lastValue: string; isCalled: boolean }>`
      select last_value::text as "lastValue", is_called as "isCalled" from ${sql.id(name)}`.execute(db);
    sequences.push({ name, ...rows[0]! });
  }
  const header: Header = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    migration: summary.migration,
    createdAt: new Date().toISOString(),
    tables: schema.tables.map((t) => t.name),
    sequences
  };
  yield `${JSON.stringify(header)}\n`;
  for (const table of schema.tables) {
    // Generated columns are left out: the database computes them again on restore.
    const columns = table.columns.filter((c) => !c.generated).map((c) => c.name);
    yield `${JSON.stringify({ table: table.name, columns })}\n`;
    const order = table.primaryKey.length > 0 ? table.primaryKey.map((c) => sql.id(c)) : [sql.raw('ctid')];
    await sql`declare kw_backup no scroll cursor for
      select ${sql.join(columns.map((c) => sql`${sql.id(c)}::text`))}
      from ${sql.id(table.name)} order by ${sql.join(order)}`.execute(db);
    for (;;) {
      const { rows } = await sql<Record<string, string | null>>`
        fetch forward ${sql.raw(String(PAGE_SIZE))} from kw_backup`.execute(db);
      if (rows.length === 0) break;
      summary.rows += rows.length;
      yield rows.map((row) => `${JSON.stringify(columns.map((c) => row[c]))}\n`).join('');
    }
    await sql`close kw_backup`.execute(db);
  }
  yield `${JSON.stringify({ end: true, rows: summary.rows })}\n`;
}

/**
 * Restores a backup into an empty database at the backup's migration, in one transaction: a backup that turns out
 * damaged half-way leaves the database as empty as it was.
 */
export async function restoreBackup(db: Kysely<Database>, input: Readable): Promise<BackupSummary> {
  const reader = new LineReader();
  let summary: BackupSummary | undefined;
  try {
    await pipeline(input, createGunzip(), async (source: AsyncIterable<Buffer>) => {
      summary = await restoreLines(db, reader, reader.lines(source)[Symbol.asyncIterator]());
    });
  } catch (error) {
    throw reader.explain(error);
  }
  return summary!;
}

async function restoreLines(
  db: Kysely<Database>,
  reader: LineReader,
  lines: AsyncIterator<string>
): Promise<BackupSummary> {
  const first = await lines.next();
  const header = parseHeader(first.done ? '' : first.value);
  return db.transaction().execute(async (trx) => {
    await useExactTextForms(trx);
    const schema = await readSchema(trx);
    const migration = await latestMigration(trx);
    if (header.migration !== migration) {
      throw new BackupError(
        `The backup was made at migration ${header.migration}; this database is at migration ${migration}. ` +
          'Restore it with the version of the application that made it, then upgrade.'
      );
    }
    await assertEmpty(trx, schema);
    const tables = tablesInOrder(schema, header);
    const sequences = new Set(schema.sequences);
    for (const sequence of header.sequences) {
      if (!sequences.has(sequence.name)) {
        throw new BackupError(`The backup has a sequence ${sequence.name} that this database does not have.`, 1);
      }
    }

    let current: TableRestore | null = null;
    let done = 0;
    let rows = 0;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const value = parseLine(next.value, reader.line);
      if (Array.isArray(value)) {
        if (!current) throw new BackupError('A row comes before the first table.', reader.line);
        await current.add(value, next.value);
        rows++;
      } else if (typeof value.table === 'string') {
        await current?.finish();
        const expected = tables[done];
        if (value.table !== expected?.name) {
          throw new BackupError(
            `Expected ${expected ? `table ${expected.name}` : 'the end of the backup'}, found table ${value.table}.`,
            reader.line
          );
        }
        current = new TableRestore(trx, expected, columnsOf(value, expected, reader.line), reader);
        done++;
      } else if (value.end === true) {
        await current?.finish();
        current = null;
        if (done < tables.length) {
          throw new BackupError(`The backup ends before table ${tables[done]!.name}.`, reader.line);
        }
        if (value.rows !== rows) {
          throw new BackupError(
            `The backup says it holds ${String(value.rows)} rows, but ${rows} were read.`,
            reader.line
          );
        }
        if (!(await lines.next()).done) {
          throw new BackupError('There is more after the end of the backup.', reader.line);
        }
        for (const s of header.sequences) {
          await sql`select setval(quote_ident(${s.name})::regclass, ${s.lastValue}::bigint, ${s.isCalled})`.execute(
            trx
          );
        }
        return { migration, tables: tables.length, rows };
      } else {
        throw new BackupError('This line is neither a table, a row nor the end of the backup.', reader.line);
      }
    }
    throw new BackupError('The file stops before the end of the backup: it is incomplete.', reader.line);
  });
}

/** The rows of one table: inserted in batches, foreign keys to the table itself set once all its rows are in. */
class TableRestore {
  #batch: string[] = [];
  #batchStart = 0;
  #links: string[] = [];
  readonly #insert: (payload: string) => Promise<unknown>;
  readonly #link: ((payload: string) => Promise<unknown>) | null;
  /** Values in every row: the file's columns. */
  readonly #width: number;
  readonly #selfIndexes: number[];
  readonly #keyIndexes: number[];

  constructor(
    db: Kysely<Database>,
    private readonly table: Table,
    fileColumns: string[],
    private readonly reader: LineReader
  ) {
    this.#width = fileColumns.length;
    const at = (name: string) => fileColumns.indexOf(name);
    const targets = table.columns.filter((c) => !c.generated);
    const identity = targets.some((c) => c.identity) ? sql`overriding system value` : sql``;
    const self = new Set(table.selfReferences);
    for (const name of self) {
      if (table.columns.find((c) => c.name === name)!.notNull || table.primaryKey.length === 0) {
        throw new BackupError(
          `Table ${table.name} refers to itself through ${name}, which cannot be restored in one pass.`,
          reader.line
        );
      }
    }
    const value = (c: Column, index: number) => sql`(r->>${sql.raw(String(index))})::${sql.raw(c.type)}`;
    this.#insert = (payload) =>
      sql`insert into ${sql.id(table.name)} (${sql.join(targets.map((c) => sql.id(c.name)))}) ${identity}
        select ${sql.join(targets.map((c) => (self.has(c.name) ? sql`null` : value(c, at(c.name)))))}
        from json_array_elements(${payload}::json) as r`.execute(db);
    this.#selfIndexes = table.selfReferences.map(at);
    this.#keyIndexes = table.primaryKey.map(at);
    const byName = (name: string) => table.columns.find((c) => c.name === name)!;
    this.#link =
      self.size === 0
        ? null
        : (payload) =>
            sql`update ${sql.id(table.name)} as t
              set ${sql.join(table.selfReferences.map((name, i) => sql`${sql.id(name)} = ${value(byName(name), i)}`))}
              from json_array_elements(${payload}::json) as r
              where ${sql.join(
                table.primaryKey.map(
                  (name, i) => sql`t.${sql.id(name)} = ${value(byName(name), table.selfReferences.length + i)}`
                ),
                sql` and `
              )}`.execute(db);
  }

  async add(row: unknown[], text: string): Promise<void> {
    if (row.length !== this.#width || !row.every((v) => v === null || typeof v === 'string')) {
      throw new BackupError(
        `A row of table ${this.table.name} must hold ${this.#width} values, each text or null.`,
        this.reader.line
      );
    }
    if (this.#batch.length === 0) this.#batchStart = this.reader.line;
    this.#batch.push(text);
    if (this.#link && this.#selfIndexes.some((i) => row[i] !== null)) {
      this.#links.push(JSON.stringify([...this.#selfIndexes, ...this.#keyIndexes].map((i) => row[i])));
    }
    if (this.#batch.length >= PAGE_SIZE) await this.#flush();
  }

  async finish(): Promise<void> {
    await this.#flush();
    for (let i = 0; i < this.#links.length; i += PAGE_SIZE) {
      await this.#run(this.#link!, this.#links.slice(i, i + PAGE_SIZE), this.reader.line);
    }
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    await this.#run(this.#insert, this.#batch, this.#batchStart);
    this.#batch = [];
  }

  async #run(statement: (payload: string) => Promise<unknown>, lines: string[], start: number): Promise<void> {
    try {
      await statement(`[${lines.join(',')}]`);
    } catch (error) {
      throw new BackupError(
        `Rows of table ${this.table.name} could not be restored: ${(error as Error).message}`,
        start
      );
    }
  }
}

/** Splits the unpacked file into lines and remembers how far it got, to say where a damaged file went wrong. */
class LineReader {
  line = 0;
  #unpacked = 0;

  async *lines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const chunk of source) {
      this.#unpacked += chunk.length;
      const parts = (rest + decoder.write(chunk)).split('\n');
      rest = parts.pop()!;
      for (const part of parts) {
        this.line++;
        yield part;
      }
    }
    rest += decoder.end();
    if (rest !== '') {
      this.line++;
      yield rest;
    }
  }

  explain(error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return this.#unpacked === 0
        ? new BackupError('This is not a backup of Kennisagenda Werkbank: it is empty or not gzip-compressed.', 1)
        : new BackupError(`The file is damaged or cut off (${(error as Error).message}).`, this.line + 1);
    }
    return error;
  }
}

function parseLine(text: string, line: number): Record<string, unknown> | unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError('This line is not valid JSON.', line);
  }
  if (typeof value !== 'object' || value === null) {
    throw new BackupError('This line is neither a table, a row nor the end of the backup.', line);
  }
  return value as Record<string, unknown> | unknown[];
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

function parseHeader(text: string): Header {
  let value: Partial<Record<keyof Header, unknown>> | null = null;
  try {
    value = JSON.parse(text);
  } catch {
    // Reported below, like any other file that does not start with a backup header.
  }
  if (typeof value !== 'object' || value === null || value.format !== BACKUP_FORMAT) {
    throw new BackupError('This is not a backup of Kennisagenda Werkbank: its first line is no backup header.', 1);
  }
  if (value.version !== BACKUP_VERSION) {
    throw new BackupError(
      `This backup has format version ${String(value.version)}; this version of the application reads version ${BACKUP_VERSION}.`,
      1
    );
  }
  const sequences = value.sequences;
  const valid =
    typeof value.migration === 'string' &&
    typeof value.createdAt === 'string' &&
    isStrings(value.tables) &&
    Array.isArray(sequences) &&
    sequences.every(
      (s: Partial<SequenceState> | null) =>
        typeof s?.name === 'string' && /^-?\d+$/.test(String(s.lastValue)) && typeof s.isCalled === 'boolean'
    );
  if (!valid) throw new BackupError('The backup header is incomplete.', 1);
  return value as Header;
}

/** The backup's tables, checked against the database's: the same tables, each after the tables it references. */
function tablesInOrder(schema: Schema, header: Header): Table[] {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const missing = schema.tables.filter((t) => !header.tables.includes(t.name)).map((t) => t.name);
  const unknown = header.tables.filter((name) => !byName.has(name));
  if (missing.length > 0 || unknown.length > 0) {
    throw new BackupError(
      `The backup's tables differ from the database's${unknown.length ? `; not in the database: ${unknown.join(', ')}` : ''}` +
        `${missing.length ? `; not in the backup: ${missing.join(', ')}` : ''}.`,
      1
    );
  }
  const seen = new Set<string>();
  return header.tables.map((name) => {
    const table = byName.get(name)!;
    const early = [...table.references].find((other) => !seen.has(other));
    if (early) throw new BackupError(`The backup lists table ${name} before table ${early}, which it refers to.`, 1);
    seen.add(name);
    return table;
  });
}

function columnsOf(value: Record<string, unknown>, table: Table, line: number): string[] {
  const columns = value.columns;
  const expected = table.columns.filter((c) => !c.generated).map((c) => c.name);
  const same =
    isStrings(columns) &&
    columns.length === expected.length &&
    new Set(columns).size === columns.length &&
    expected.every((name) => columns.includes(name));
  if (!same) {
    throw new BackupError(
      `Table ${table.name} in the backup has columns ${isStrings(columns) ? columns.join(', ') : '(none)'}; ` +
        `the database has ${expected.join(', ')}.`,
      line
    );
  }
  return columns;
}

async function assertEmpty(db: Kysely<Database>, schema: Schema): Promise<void> {
  for (const table of schema.tables) {
    const { rows } = await sql<{ filled: boolean }>`
      select exists (select from ${sql.id(table.name)}) as filled`.execute(db);
    if (rows[0]!.filled) {
      throw new BackupError(
        `The database is not empty: table ${table.name} holds rows. Restore only into an empty, migrated database.`
      );
    }
  }
}

/** Text forms that read back exactly, whatever the server's settings: for this transaction only. */
async function useExactTextForms(db: Kysely<Database>): Promise<void> {
  await sql`select set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true),
    set_config('extra_float_digits', '3', true), set_config('bytea_output', 'hex', true),
    set_config('timezone', 'UTC', true)`.execute(db);
}

async function latestMigration(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select name from ${sql.id(MIGRATION_TABLE)} order by name desc limit 1`.execute(db);
  if (!rows[0]) throw new BackupError('The database has not been migrated.');
  return rows[0].name;
}

async function readSchema(db: Kysely<Database>): Promise<Schema> {
  const skipped = [MIGRATION_TABLE, MIGRATION_LOCK_TABLE];
  const { rows: columns } = await sql<{
    table: string;
    column: string;
    type: string;
    generated: boolean;
    identity: boolean;
    notNull: boolean;
    keyPosition: number | null;
  }>`
    select c.relname as "table", a.attname as "column", format_type(a.atttypid, a.atttypmod) as "type",
      a.attgenerated <> '' as "generated", a.attidentity <> '' as "identity", a.attnotnull as "notNull",
      array_position(pk.conkey, a.attnum) as "keyPosition"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
    where n.nspname = current_schema() and c.relkind = 'r' and c.relname not in (${sql.join(skipped)})
    order by c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; references: string; columns: string[] }>`
    select c.relname as "table", f.relname as "references", json_agg(a.attname order by a.attnum) as "columns"
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class f on f.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
    where con.contype = 'f' and n.nspname = current_schema()
    group by con.oid, c.relname, f.relname`.execute(db);
  const { rows: sequences } = await sql<{ name: string }>`
    select c.relname as "name" from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(db);

  const tables = new Map<string, Table>();
  for (const row of columns) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, columns: [], primaryKey: [], references: new Set(), selfReferences: [] };
      tables.set(row.table, table);
    }
    table.columns.push({
      name: row.column,
      type: row.type,
      generated: row.generated,
      identity: row.identity,
      notNull: row.notNull
    });
    if (row.keyPosition !== null) table.primaryKey[row.keyPosition - 1] = row.column;
  }
  for (const key of keys) {
    const table = tables.get(key.table);
    if (!table || !tables.has(key.references)) continue;
    if (key.references === key.table) table.selfReferences.push(...key.columns);
    else table.references.add(key.references);
  }
  return { tables: inForeignKeyOrder([...tables.values()]), sequences: sequences.map((s) => s.name) };
}

/** Every table after the tables it references (alphabetical where free), or an error naming a cycle. */
function inForeignKeyOrder(tables: Table[]): Table[] {
  const ordered: Table[] = [];
  const placed = new Set<string>();
  let pending = tables;
  while (pending.length > 0) {
    const ready = pending.filter((t) => [...t.references].every((name) => placed.has(name)));
    if (ready.length === 0) {
      throw new BackupError(
        `The foreign keys of tables ${pending.map((t) => t.name).join(', ')} form a cycle; ` +
          'a backup cannot order their rows.'
      );
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
    pending = pending.filter((t) => !placed.has(t.name));
  }
  return ordered;
}
