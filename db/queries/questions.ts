import type { Kysely } from 'kysely';
import type { AskerRole, Database, Level, QuestionStatus, SourceKind } from '../schema.js';

export interface Question {
  id: number;
  text: string;
  sourceId: number;
  sourceName: string;
  sourceKind: SourceKind;
  fileName: string;
  rowNumber: number;
  columnName: string;
  level: Level;
  askerRole: AskerRole | null;
  askedOn: string | null;
  status: QuestionStatus;
  themeId: number | null;
}

/** Questions with the source and import batch they came from: what {@link questionColumns} reads. */
export function questionsWithProvenance(db: Kysely<Database>) {
  return db
    .selectFrom('questions')
    .innerJoin('sources', 'sources.id', 'questions.source_id')
    .innerJoin('import_batches', 'import_batches.id', 'questions.batch_id');
}

/** A {@link Question}'s columns, selected from {@link questionsWithProvenance}. */
export const questionColumns = [
  'questions.id',
  'questions.text',
  'questions.source_id as sourceId',
  'sources.name as sourceName',
  'sources.kind as sourceKind',
  'import_batches.file_name as fileName',
  'questions.row_number as rowNumber',
  'questions.column_name as columnName',
  'questions.level',
  'questions.asker_role as askerRole',
  'questions.asked_on as askedOn',
  'questions.status',
  'questions.theme_id as themeId'
] as const;

export async function listQuestions(
  db: Kysely<Database>,
  cycleId: number,
  filter: { themeId?: number; status?: QuestionStatus } = {}
): Promise<Question[]> {
  let query = questionsWithProvenance(db).select(questionColumns).where('questions.cycle_id', '=', cycleId);
  if (filter.themeId !== undefined) query = query.where('questions.theme_id', '=', filter.themeId);
  if (filter.status !== undefined) query = query.where('questions.status', '=', filter.status);
  return query.orderBy('questions.id').execute();
}

/** The questions theme discovery groups: active ones, not out of scope nor duplicates. */
export async function listActiveQuestionTexts(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ id: number; text: string }[]> {
  return db
    .selectFrom('questions')
    .select(['id', 'text'])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

export interface SplitCell {
  rowNumber: number;
  columnName: string;
  cellText: string;
  parts: { id: number; text: string; themeId: number | null }[];
}

/** The cells of a batch that were split into several questions, with their parts in order. */
export async function listSplitCells(db: Kysely<Database>, batchId: number): Promise<SplitCell[]> {
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'row_number', 'column_name', 'cell_text', 'text', 'theme_id', 'split_index'])
    .where('batch_id', '=', batchId)
    .where('split_of', '>', 1)
    .orderBy('row_number')
    .orderBy('column_name')
    .orderBy('split_index')
    .execute();
  const cells = new Map<string, SplitCell>();
  for (const r of rows) {
    const key = `${r.row_number}\u0000${r.column_name}`;
    const cell = cells.get(key) ?? {
      rowNumber: r.row_number,
      columnName: r.column_name,
      cellText: r.cell_text ?? '',
      parts: []
    };
    cell.parts.push({ id: r.id, text: r.text, themeId: r.theme_id });
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** The parts of the split cell a question came from (empty when it was not split). */
export async function findCellParts(db: Kysely<Database>, cycleId: number, questionId: number) {
  return db
    .selectFrom('questions as q')
    .innerJoin('questions as part', (join) =>
      join
        .onRef('part.batch_id', '=', 'q.batch_id')
        .onRef('part.row_number', '=', 'q.row_number')
        .onRef('part.column_name', '=', 'q.column_name')
    )
    .select([
      'part.id',
      'part.source_id as sourceId',
      'part.text',
      'part.cell_text as cellText',
      'part.theme_id as themeId',
      'part.split_index as splitIndex'
    ])
    .where('q.id', '=', questionId)
    .where('q.cycle_id', '=', cycleId)
    .where('q.split_of', '>', 1)
    .orderBy('part.split_index')
    .execute();
}

export async function questionWithHashExists(
  db: Kysely<Database>,
  sourceId: number,
  textHash: string,
  exceptIds: number[]
) {
  const row = await db
    .selectFrom('questions')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('text_hash', '=', textHash)
    .where('id', 'not in', exceptIds)
    .executeTakeFirst();
  return row !== undefined;
}

/** Puts a split cell back together as one question: the first part keeps its id and theme. */
export async function mergeCellParts(
  db: Kysely<Database>,
  partIds: number[],
  text: string,
  textHash: string
): Promise<void> {
  const [keep, ...drop] = partIds;
  if (keep === undefined) return;
  if (drop.length > 0) await db.deleteFrom('questions').where('id', 'in', drop).execute();
  await db
    .updateTable('questions')
    .set({ text, text_hash: textHash, split_index: 0, split_of: 1, cell_text: null })
    .where('id', '=', keep)
    .execute();
}
