import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../schema.js';
import type { PersonalDraft, QuestionDraft } from './imports.js';

/** Where the questions of one import go. */
export interface ImportTarget {
  cycleId: number;
  sourceId: number;
  batchId: number;
}

export interface ImportChunk {
  questions: QuestionDraft[];
  personal: PersonalDraft[];
}

export interface QuestionWriter {
  /** Stores a chunk of questions and personal data; resolves to how many of the questions were new to the source. */
  write(chunk: ImportChunk): Promise<number>;
  /** Drops the staging table (a rolled-back transaction drops it too). */
  close(): Promise<void>;
}

/** The staging table: one import's questions before they meet the source's, with their order in the file. */
type StagingTable = {
  import_questions: {
    ord: number;
    row_number: number;
    column_name: string;
    text: string;
    text_hash: string;
    level: string;
    asker_role: string | null;
    asked_on: string | null;
    split_index: number;
    split_of: number;
    cell_text: string | null;
  };
};

const STAGING_COLUMNS = [
  'ord',
  'row_number',
  'column_name',
  'text',
  'text_hash',
  'level',
  'asker_role',
  'asked_on',
  'split_index',
  'split_of',
  'cell_text'
] as const;
const PERSONAL_COLUMNS = ['batch_id', 'row_number', 'name', 'email', 'phone', 'ip', 'consent'] as const;

/** Rows per multi-row INSERT where COPY is not available: well under PostgreSQL's 65,535 parameters. */
const INSERT_ROWS = 1000;

/** Characters of COPY data sent at a time, so a chunk is never held as one large string. */
const COPY_PIECE_CHARS = 32 * 1024;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text value in COPY's text format: NULL as \N, backslash, tab and line breaks escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

/** COPY data for `rows`, a piece at a time. */
function* copyPieces<T>(rows: readonly T[], line: (row: T) => string): Generator<Buffer> {
  let piece = '';
  for (const row of rows) {
    piece += line(row);
    if (piece.length >= COPY_PIECE_CHARS) {
      yield Buffer.from(piece);
      piece = '';
    }
  }
  if (piece !== '') yield Buffer.from(piece);
}

async function copyIn(client: pg.PoolClient, statement: string, data: Iterable<Buffer>): Promise<void> {
  await pipeline(Readable.from(data), client.query(copyFrom(statement)));
}

/**
 * Writes an import's questions chunk by chunk inside the caller's transaction: each chunk goes into a temporary
 * staging table (with COPY when `client`, the connection of that transaction, is given; with multi-row INSERTs
 * on PGlite), then into `questions` in file order with ON CONFLICT (source_id, text_hash) DO NOTHING, so a text the
 * source already holds, from an earlier file or earlier in this one, is skipped and not counted as new.
 * Personal data goes straight to `personal_data` (one row per file row, so nothing can clash).
 */
export async function openQuestionWriter(
  db: Kysely<Database>,
  target: ImportTarget,
  client: pg.PoolClient | null
): Promise<QuestionWriter> {
  await sql`
    create temporary table import_questions (
      ord integer not null,
      row_number integer not null,
      column_name text not null,
      text text not null,
      text_hash text not null,
      level text not null,
      asker_role text,
      asked_on date,
      split_index integer not null,
      split_of integer not null,
      cell_text text
    ) on commit drop
  `.execute(db);
  const staging = db.withTables<StagingTable>();
  let ord = 0;

  const stage = async ({ questions, personal }: ImportChunk): Promise<void> => {
    if (client) {
      if (questions.length > 0) {
        const first = ord;
        ord += questions.length;
        let i = first;
        await copyIn(
          client,
          `copy import_questions (${STAGING_COLUMNS.join(', ')}) from stdin`,
          copyPieces(
            questions,
            (q) =>
              `${i++}\t${q.rowNumber}\t${copyText(q.columnName)}\t${copyText(q.text)}\t${q.textHash}\t${q.level}\t` +
              `${copyText(q.askerRole)}\t${copyText(q.askedOn)}\t${q.splitIndex}\t${q.splitOf}\t${copyText(q.cellText)}\n`
          )
        );
      }
      if (personal.length > 0) {
        await copyIn(
          client,
          `copy personal_data (${PERSONAL_COLUMNS.join(', ')}) from stdin`,
          copyPieces(
            personal,
            (p) =>
              `${target.batchId}\t${p.rowNumber}\t${copyText(p.name)}\t${copyText(p.email)}\t${copyText(p.phone)}\t` +
              `${copyText(p.ip)}\t${p.consent === null ? '\\N' : String(p.consent)}\n`
          )
        );
      }
      return;
    }
    for (let i = 0; i < questions.length; i += INSERT_ROWS) {
      await staging
        .insertInto('import_questions')
        .values(
          questions.slice(i, i + INSERT_ROWS).map((q) => ({
            ord: ord++,
            row_number: q.rowNumber,
            column_name: q.columnName,
            text: q.text,
            text_hash: q.textHash,
            level: q.level,
            asker_role: q.askerRole,
            asked_on: q.askedOn,
            split_index: q.splitIndex,
            split_of: q.splitOf,
            cell_text: q.cellText
          }))
        )
        .execute();
    }
    for (let i = 0; i < personal.length; i += INSERT_ROWS) {
      await db
        .insertInto('personal_data')
        .values(
          personal.slice(i, i + INSERT_ROWS).map((p) => ({
            batch_id: target.batchId,
            row_number: p.rowNumber,
            name: p.name,
            email: p.email,
            phone: p.phone,
            ip: p.ip,
            consent: p.consent
          }))
        )
        .execute();
    }
  };

  return {
    async write(chunk) {
      await stage(chunk);
      if (chunk.questions.length === 0) return 0;
      // In file order, so the first of two equal texts wins and ids follow the file.
      const result = await sql`
        insert into questions (cycle_id, source_id, batch_id, row_number, column_name, text, text_hash,
                               level, asker_role, asked_on, split_index, split_of, cell_text)
        select ${target.cycleId}::integer, ${target.sourceId}::integer, ${target.batchId}::integer,
               row_number, column_name, text, text_hash, level, asker_role, asked_on, split_index, split_of, cell_text
        from import_questions
        order by ord
        on conflict (source_id, text_hash) do nothing
      `.execute(db);
      await sql`truncate import_questions`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
    async close() {
      await sql`drop table import_questions`.execute(db);
    }
  };
}
