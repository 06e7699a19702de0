import { type Kysely, sql } from 'kysely';
import type { AskerRole, Database, Level, QuestionStatus, SourceKind } from '../schema.js';
import { type Question, questionColumns, questionsWithProvenance } from './questions.js';

/** A theme as the board shows it, with its counts (a confirmed duplicate counted once, through its original). */
export interface BoardTheme {
  id: number;
  name: string;
  description: string;
  keywords: string[];
  representativeQuestionIds: number[];
  isOverarching: boolean;
  isAdHoc: boolean;
  locked: boolean;
  version: number;
  /** Active questions, confirmed duplicates not counted. */
  size: number;
  /** Active questions that are confirmed duplicates of another question. */
  duplicates: number;
}

/** Where a question sits on the board: a theme, "niet toegewezen" or the out-of-scope bin. */
export type Bucket = number | 'unassigned' | 'out_of_scope';

export interface BucketCount {
  bucket: Bucket;
  key: string;
  /** Every question of the bucket with that key. */
  count: number;
  /** The same, confirmed duplicates left out. */
  originals: number;
}

export interface Snippet {
  bucket: Bucket;
  id: number;
  text: string;
}

/** A question is a confirmed duplicate when a confirmed link names it as the duplicate. */
const confirmedDuplicate = sql<boolean>`exists (select 1 from duplicate_links dl
  where dl.question_id = questions.id and dl.status = 'confirmed')`;

const bucketOf = (status: QuestionStatus, themeId: number | null): Bucket | null =>
  status === 'out_of_scope' ? 'out_of_scope' : status === 'active' ? (themeId ?? 'unassigned') : null;

/** The cycle's themes with sizes, largest first. */
export async function listBoardThemes(db: Kysely<Database>, cycleId: number): Promise<BoardTheme[]> {
  const rows = await db
    .selectFrom('themes')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('questions')
          .select((q) => [
            'questions.theme_id',
            q.fn.countAll<string>().as('total'),
            sql<string>`count(*) filter (where ${confirmedDuplicate})`.as('duplicates')
          ])
          .where('questions.cycle_id', '=', cycleId)
          .where('questions.status', '=', 'active')
          .where('questions.theme_id', 'is not', null)
          .groupBy('questions.theme_id')
          .as('counts'),
      (join) => join.onRef('counts.theme_id', '=', 'themes.id')
    )
    .select([
      'themes.id',
      'themes.name',
      'themes.description',
      'themes.keywords',
      'themes.representative_question_ids as representativeQuestionIds',
      'themes.is_overarching as isOverarching',
      'themes.is_ad_hoc as isAdHoc',
      'themes.locked',
      'themes.version',
      'counts.total',
      'counts.duplicates'
    ])
    .where('themes.cycle_id', '=', cycleId)
    .execute();
  return rows
    .map(({ total, duplicates, ...theme }) => {
      const all = Number(total ?? 0);
      const dup = Number(duplicates ?? 0);
      return { ...theme, size: all - dup, duplicates: dup };
    })
    .sort((a, b) => b.size - a.size || a.id - b.id);
}

/** Questions per bucket and source kind, and per bucket and level. */
export async function countBuckets(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ bySource: BucketCount[]; byLevel: BucketCount[] }> {
  const grouped = (key: 'sources.kind' | 'questions.level') =>
    db
      .selectFrom('questions')
      .innerJoin('sources', 'sources.id', 'questions.source_id')
      .select((eb) => [
        'questions.status',
        'questions.theme_id',
        eb.ref(key).as('key'),
        eb.fn.countAll<string>().as('count'),
        sql<string>`count(*) filter (where not ${confirmedDuplicate})`.as('originals')
      ])
      .where('questions.cycle_id', '=', cycleId)
      .where('questions.status', 'in', ['active', 'out_of_scope'])
      .groupBy(['questions.status', 'questions.theme_id', key])
      .execute();
  // One after the other: callers may hand in a transaction, which runs one query at a time.
  const bySource = await grouped('sources.kind');
  const byLevel = await grouped('questions.level');
  const toCounts = (rows: Awaited<ReturnType<typeof grouped>>): BucketCount[] => {
    // An out-of-scope question may still name a theme: its rows are folded together into the bin.
    const merged = new Map<string, BucketCount>();
    for (const row of rows) {
      const bucket = bucketOf(row.status, row.theme_id);
      if (bucket === null) continue;
      const id = `${bucket}\u0000${row.key}`;
      const entry = merged.get(id) ?? { bucket, key: String(row.key), count: 0, originals: 0 };
      entry.count += Number(row.count);
      entry.originals += Number(row.originals);
      merged.set(id, entry);
    }
    return [...merged.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  return { bySource: toCounts(bySource), byLevel: toCounts(byLevel) };
}

/**
 * Short lists of question texts: the themes' representatives that still sit in their theme, each theme's first
 * `perTheme` questions by id, and the first `perBin` of each bin.
 */
export async function boardSnippets(
  db: Kysely<Database>,
  cycleId: number,
  representativeIds: number[],
  perTheme: number,
  perBin: number
): Promise<{ representatives: Snippet[]; firsts: Snippet[]; bins: Snippet[] }> {
  const representatives =
    representativeIds.length === 0
      ? []
      : await db
          .selectFrom('questions')
          .select(['id', 'text', 'theme_id', 'status'])
          .where('cycle_id', '=', cycleId)
          .where('status', '=', 'active')
          .where('theme_id', 'is not', null)
          .where('id', 'in', representativeIds)
          .execute();
  const firstOf = (partition: 'theme' | 'bin') =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('questions')
          .select([
            'id',
            'text',
            'theme_id',
            'status',
            sql<number>`row_number() over (partition by ${sql.raw(
              partition === 'theme' ? 'theme_id' : 'status'
            )} order by id)`.as('position')
          ])
          .where('cycle_id', '=', cycleId)
          .where((w) =>
            partition === 'theme'
              ? w.and([w('status', '=', 'active'), w('theme_id', 'is not', null)])
              : w.or([w.and([w('status', '=', 'active'), w('theme_id', 'is', null)]), w('status', '=', 'out_of_scope')])
          )
          .as('ranked')
      )
      .select(['id', 'text', 'theme_id', 'status'])
      .where('position', '<=', partition === 'theme' ? perTheme : perBin)
      .orderBy('id')
      .execute();
  const firsts = await firstOf('theme');
  const bins = await firstOf('bin');
  const snippets = (rows: { id: number; text: string; theme_id: number | null; status: QuestionStatus }[]) =>
    rows.flatMap((r) => {
      const bucket = bucketOf(r.status, r.theme_id);
      return bucket === null ? [] : [{ bucket, id: r.id, text: r.text }];
    });
  return { representatives: snippets(representatives), firsts: snippets(firsts), bins: snippets(bins) };
}

/** The theme with that id in that cycle, or undefined. */
export async function findBoardTheme(
  db: Kysely<Database>,
  themeId: number
): Promise<{ id: number; cycleId: number } | undefined> {
  return db.selectFrom('themes').select(['id', 'cycle_id as cycleId']).where('id', '=', themeId).executeTakeFirst();
}

export interface QuestionFilter {
  bucket: Bucket;
  /** Dutch full-text search ("lezen" finds "leest"). */
  q?: string;
  sourceKind?: SourceKind;
  level?: string;
  role?: string;
}

export interface CuratedQuestion extends Question {
  outOfScopeReason: string | null;
  /** The original this question is a confirmed duplicate of. */
  duplicateOf: number | null;
}

function filtered(db: Kysely<Database>, cycleId: number, filter: QuestionFilter) {
  let query = questionsWithProvenance(db).where('questions.cycle_id', '=', cycleId);
  if (filter.bucket === 'out_of_scope') query = query.where('questions.status', '=', 'out_of_scope');
  else {
    query = query.where('questions.status', '=', 'active');
    query =
      filter.bucket === 'unassigned'
        ? query.where('questions.theme_id', 'is', null)
        : query.where('questions.theme_id', '=', filter.bucket);
  }
  const q = filter.q?.trim();
  if (q) {
    // Matches the GIN index on to_tsvector('dutch', text).
    query = query.where(sql<boolean>`to_tsvector('dutch', questions.text) @@ websearch_to_tsquery('dutch', ${q})`);
  }
  if (filter.sourceKind !== undefined) query = query.where('sources.kind', '=', filter.sourceKind);
  if (filter.level !== undefined) query = query.where('questions.level', '=', filter.level as Level);
  if (filter.role !== undefined) query = query.where('questions.asker_role', '=', filter.role as AskerRole);
  return query;
}

/** A page of the questions of a theme or bin that match the filter, with their provenance, and how many match. */
export async function listCuratedQuestions(
  db: Kysely<Database>,
  cycleId: number,
  filter: QuestionFilter,
  page: { limit: number; offset: number }
): Promise<{ total: number; questions: CuratedQuestion[] }> {
  const count = await filtered(db, cycleId, filter)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  const questions = await filtered(db, cycleId, filter)
    .select([
      ...questionColumns,
      'questions.out_of_scope_reason as outOfScopeReason',
      sql<number | null>`(select min(dl.duplicate_of) from duplicate_links dl
          where dl.question_id = questions.id and dl.status = 'confirmed')`.as('duplicateOf')
    ])
    .orderBy('questions.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(count.total), questions };
}

/** The cycle's active questions (those on the map), by id. */
export async function listMapQuestions(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ id: number; text: string; themeId: number | null }[]> {
  return db
    .selectFrom('questions')
    .select(['id', 'text', 'theme_id as themeId'])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}
