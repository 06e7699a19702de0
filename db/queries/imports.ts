import { type Kysely, sql } from 'kysely';
import type { AskerRole, ColumnMapping, Database, Level, RejectedRow } from '../schema.js';

export interface ImportBatch {
  id: number;
  sourceId: number;
  sourceName: string;
  fileName: string;
  sha256: string;
  format: string;
  encoding: string;
  delimiter: string;
  headerRows: number;
  mapping: ColumnMapping;
  textColumns: string[];
  sizeBytes: number;
  rowCount: number;
  questionCount: number;
  duplicateCount: number;
  cellsSplit: number;
  rejected: RejectedRow[];
  createdAt: Date;
}

export interface QuestionDraft {
  rowNumber: number;
  columnName: string;
  text: string;
  textHash: string;
  level: Level;
  askerRole: AskerRole | null;
  askedOn: string | null;
  /** 0 for a whole cell; 1…n for the parts of a cell that held several needs. */
  splitIndex: number;
  splitOf: number;
  /** The whole cell, kept on split parts so the split can be undone. */
  cellText: string | null;
}

export interface PersonalDraft {
  rowNumber: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip: string | null;
  consent: boolean | null;
}

export interface BatchHeader {
  sourceId: number;
  fileName: string;
  sha256: string;
  format: string;
  encoding: string;
  delimiter: string;
  headerRows: number;
  mapping: ColumnMapping;
  textColumns: string[];
  sizeBytes: number;
  rowCount: number;
  cellsSplit: number;
  rejected: RejectedRow[];
  createdBy: number | null;
}

const CHUNK = 500;

/** Records a batch before its questions arrive; `completeBatch` fills in what is known only after the file. */
export async function insertBatchHeader(db: Kysely<Database>, header: BatchHeader): Promise<number> {
  const { id } = await db
    .insertInto('import_batches')
    .values({
      source_id: header.sourceId,
      file_name: header.fileName,
      sha256: header.sha256,
      format: header.format,
      encoding: header.encoding,
      delimiter: header.delimiter,
      header_rows: header.headerRows,
      mapping: JSON.stringify(header.mapping),
      text_columns: JSON.stringify(header.textColumns),
      size_bytes: header.sizeBytes,
      row_count: header.rowCount,
      question_count: 0,
      duplicate_count: 0,
      cells_split: header.cellsSplit,
      rejected: JSON.stringify(header.rejected),
      created_by: header.createdBy
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface BatchOutcome {
  questionCount: number;
  duplicateCount: number;
  sha256?: string;
  sizeBytes?: number;
  rowCount?: number;
  cellsSplit?: number;
  rejected?: RejectedRow[];
}

/** Stores the counts of a batch whose questions were written, and what reading the file found out. */
export async function completeBatch(db: Kysely<Database>, batchId: number, outcome: BatchOutcome): Promise<void> {
  await db
    .updateTable('import_batches')
    .set({
      question_count: outcome.questionCount,
      duplicate_count: outcome.duplicateCount,
      ...(outcome.sha256 === undefined ? {} : { sha256: outcome.sha256 }),
      ...(outcome.sizeBytes === undefined ? {} : { size_bytes: outcome.sizeBytes }),
      ...(outcome.rowCount === undefined ? {} : { row_count: outcome.rowCount }),
      ...(outcome.cellsSplit === undefined ? {} : { cells_split: outcome.cellsSplit }),
      ...(outcome.rejected === undefined ? {} : { rejected: JSON.stringify(outcome.rejected) })
    })
    .where('id', '=', batchId)
    .execute();
}

/**
 * Stores a batch, its questions and the askers' personal data (apart from the questions).
 * A question whose text the source already holds is skipped and counted as a duplicate.
 * Run it inside a transaction so a failure leaves nothing behind.
 */
export async function insertBatch(
  db: Kysely<Database>,
  cycleId: number,
  header: BatchHeader,
  questions: QuestionDraft[],
  personal: PersonalDraft[]
): Promise<ImportBatch> {
  const batchId = await insertBatchHeader(db, header);

  let inserted = 0;
  for (let i = 0; i < questions.length; i += CHUNK) {
    const rows = await db
      .insertInto('questions')
      .values(
        questions.slice(i, i + CHUNK).map((q) => ({
          cycle_id: cycleId,
          source_id: header.sourceId,
          batch_id: batchId,
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
      .onConflict((oc) => oc.columns(['source_id', 'text_hash']).doNothing())
      .returning('id')
      .execute();
    inserted += rows.length;
  }
  for (let i = 0; i < personal.length; i += CHUNK) {
    await db
      .insertInto('personal_data')
      .values(
        personal.slice(i, i + CHUNK).map((p) => ({
          batch_id: batchId,
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

  await completeBatch(db, batchId, { questionCount: inserted, duplicateCount: questions.length - inserted });
  return (await findBatch(db, batchId))!;
}

function batchQuery(db: Kysely<Database>) {
  return db
    .selectFrom('import_batches')
    .innerJoin('sources', 'sources.id', 'import_batches.source_id')
    .select([
      'import_batches.id',
      'import_batches.source_id as sourceId',
      'sources.cycle_id as cycleId',
      'sources.name as sourceName',
      'import_batches.file_name as fileName',
      'import_batches.sha256',
      'import_batches.format',
      'import_batches.encoding',
      'import_batches.delimiter',
      'import_batches.header_rows as headerRows',
      'import_batches.mapping',
      'import_batches.text_columns as textColumns',
      'import_batches.size_bytes as sizeBytes',
      'import_batches.row_count as rowCount',
      'import_batches.question_count as questionCount',
      'import_batches.duplicate_count as duplicateCount',
      'import_batches.cells_split as cellsSplit',
      'import_batches.rejected',
      'import_batches.created_at as createdAt'
    ]);
}

export async function listBatches(db: Kysely<Database>, cycleId: number): Promise<ImportBatch[]> {
  return batchQuery(db).where('sources.cycle_id', '=', cycleId).orderBy('import_batches.id', 'desc').execute();
}

export async function findBatch(
  db: Kysely<Database>,
  batchId: number
): Promise<(ImportBatch & { cycleId: number }) | null> {
  return (await batchQuery(db).where('import_batches.id', '=', batchId).executeTakeFirst()) ?? null;
}

/** Whether a theme holding one of the batch's questions is in a rating round: then the batch stays. */
export async function batchIsRated(db: Kysely<Database>, batchId: number): Promise<boolean> {
  const row = await db
    .selectFrom('questions')
    .innerJoin('round_themes', 'round_themes.theme_id', 'questions.theme_id')
    .select(sql`1`.as('one'))
    .where('questions.batch_id', '=', batchId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a batch with its questions and personal data (the foreign keys cascade). */
export async function deleteBatch(db: Kysely<Database>, batchId: number): Promise<void> {
  await db.deleteFrom('import_batches').where('id', '=', batchId).execute();
}

export async function saveSourceMapping(db: Kysely<Database>, sourceId: number, mapping: ColumnMapping): Promise<void> {
  await db
    .updateTable('sources')
    .set({ mapping: JSON.stringify(mapping) })
    .where('id', '=', sourceId)
    .execute();
}

export async function sourceMapping(db: Kysely<Database>, sourceId: number): Promise<ColumnMapping | null> {
  const row = await db.selectFrom('sources').select('mapping').where('id', '=', sourceId).executeTakeFirst();
  return row?.mapping ?? null;
}

export interface PersonalRecord {
  rowNumber: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip: string | null;
  consent: boolean | null;
}

export async function listPersonalData(db: Kysely<Database>, batchId: number): Promise<PersonalRecord[]> {
  return db
    .selectFrom('personal_data')
    .select(['row_number as rowNumber', 'name', 'email', 'phone', 'ip', 'consent'])
    .where('batch_id', '=', batchId)
    .orderBy('row_number')
    .execute();
}
