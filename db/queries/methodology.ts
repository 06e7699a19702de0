import { type Kysely, sql } from 'kysely';
import type { ClusteringRunMetrics, Database, SeedThemeRecord } from '../schema.js';

/** Counts behind the methodology report; every figure of the report comes from here or from the analytics. */

export interface SourceCount {
  sourceId: number;
  name: string;
  kind: string;
  participants: number | null;
  questions: number;
}

/** Every source of the cycle with all its questions, whatever became of them (split cells count one per part). */
export async function questionsPerSource(db: Kysely<Database>, cycleId: number): Promise<SourceCount[]> {
  return db
    .selectFrom('sources as s')
    .leftJoin('questions as q', 'q.source_id', 's.id')
    .select((eb) => [
      's.id as sourceId',
      's.name',
      's.kind',
      's.participant_count as participants',
      eb.fn.count<number>('q.id').as('questions')
    ])
    .where('s.cycle_id', '=', cycleId)
    .groupBy('s.id')
    .orderBy('s.id')
    .execute();
}

export async function questionsPerSourceAndLevel(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ sourceId: number; level: string; questions: number }[]> {
  return db
    .selectFrom('questions')
    .select((eb) => ['source_id as sourceId', 'level', eb.fn.countAll<number>().as('questions')])
    .where('cycle_id', '=', cycleId)
    .groupBy(['source_id', 'level'])
    .orderBy('source_id')
    .orderBy('level')
    .execute();
}

export interface QuestionStatusCounts {
  total: number;
  active: number;
  inThemes: number;
  unassigned: number;
  outOfScope: number;
  duplicates: number;
}

/**
 * Where the questions ended up. A confirmed duplicate counts as a duplicate, also while it sits in a theme (its
 * original represents it there); "in themes" and "unassigned" count the other active questions.
 */
export async function questionStatusCounts(db: Kysely<Database>, cycleId: number): Promise<QuestionStatusCounts> {
  const row = await sql<QuestionStatusCounts>`
    select
      count(*)::int as total,
      count(*) filter (where q.status = 'active')::int as active,
      count(*) filter (where q.status = 'active' and dup.id is null and q.theme_id is not null)::int as "inThemes",
      count(*) filter (where q.status = 'active' and dup.id is null and q.theme_id is null)::int as unassigned,
      count(*) filter (where q.status = 'out_of_scope')::int as "outOfScope",
      count(*) filter (where q.status = 'duplicate' or (q.status = 'active' and dup.id is not null))::int as duplicates
    from questions q
    left join lateral (
      select d.id from duplicate_links d where d.question_id = q.id and d.status = 'confirmed' limit 1
    ) dup on true
    where q.cycle_id = ${cycleId}`.execute(db);
  return row.rows[0]!;
}

export interface BatchFacts {
  batchId: number;
  sourceName: string;
  fileName: string;
  importedAt: Date;
  rows: number;
  questions: number;
  rejectedRows: number;
  cellsSplit: number;
  duplicatesFound: number;
}

export async function importBatches(db: Kysely<Database>, cycleId: number): Promise<BatchFacts[]> {
  const rows = await db
    .selectFrom('import_batches as b')
    .innerJoin('sources as s', 's.id', 'b.source_id')
    .select([
      'b.id as batchId',
      's.name as sourceName',
      'b.file_name as fileName',
      'b.created_at as importedAt',
      'b.row_count as rows',
      'b.question_count as questions',
      sql<number>`jsonb_array_length(b.rejected)`.as('rejectedRows'),
      'b.cells_split as cellsSplit',
      'b.duplicate_count as duplicatesFound'
    ])
    .where('s.cycle_id', '=', cycleId)
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute();
  return rows;
}

export async function confirmedDuplicates(db: Kysely<Database>, cycleId: number): Promise<number> {
  const row = await db
    .selectFrom('duplicate_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function outOfScopeReasons(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ reason: string; questions: number }[]> {
  return db
    .selectFrom('questions')
    .select((eb) => [
      sql<string>`coalesce(nullif(trim(out_of_scope_reason), ''), '')`.as('reason'),
      eb.fn.countAll<number>().as('questions')
    ])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'out_of_scope')
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .orderBy(sql`1`)
    .execute();
}

/** Curation steps that still stand (an undone step changed nothing), by kind. */
export async function curationStepCounts(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ kind: string; steps: number }[]> {
  return db
    .selectFrom('curation_operations')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('steps')])
    .where('cycle_id', '=', cycleId)
    .where('undone_at', 'is', null)
    .groupBy('kind')
    .orderBy('kind')
    .execute();
}

export interface AcceptedRun {
  runId: number;
  method: string;
  k: number | null;
  metrics: ClusteringRunMetrics | null;
  questions: number;
  seedThemes: SeedThemeRecord[];
  acceptedAt: Date | null;
}

export async function acceptedRuns(db: Kysely<Database>, cycleId: number): Promise<AcceptedRun[]> {
  return db
    .selectFrom('clustering_runs')
    .select([
      'id as runId',
      'method',
      'k',
      'metrics',
      'question_count as questions',
      'seed_themes as seedThemes',
      'decided_at as acceptedAt'
    ])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'accepted')
    .orderBy('id')
    .execute();
}

export async function themeFacts(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ total: number; overarching: number; adHoc: { name: string; justification: string }[] }> {
  const rows = await db
    .selectFrom('themes')
    .select(['name', 'is_overarching as overarching', 'is_ad_hoc as adHoc', 'ad_hoc_justification as justification'])
    .where('cycle_id', '=', cycleId)
    .orderBy('name')
    .execute();
  return {
    total: rows.length,
    overarching: rows.filter((r) => r.overarching).length,
    adHoc: rows.filter((r) => r.adHoc).map((r) => ({ name: r.name, justification: r.justification ?? '' }))
  };
}

export interface RoundCommitteeFacts {
  committeeId: number;
  name: string;
  kind: string;
  raters: number;
  observers: number;
  submitted: number;
}

/** Per committee of the round: who rates, who observes, and how many of the raters submitted. */
export async function roundCommitteeFacts(db: Kysely<Database>, roundId: number): Promise<RoundCommitteeFacts[]> {
  return db
    .selectFrom('round_committees as rc')
    .innerJoin('committees as c', 'c.id', 'rc.committee_id')
    .leftJoin('committee_members as cm', 'cm.committee_id', 'c.id')
    .leftJoin('round_submissions as rs', (join) =>
      join.onRef('rs.user_id', '=', 'cm.user_id').onRef('rs.round_id', '=', 'rc.round_id')
    )
    .select([
      'c.id as committeeId',
      'c.name',
      'c.kind',
      sql<number>`count(cm.user_id) filter (where cm.membership <> 'observer')::int`.as('raters'),
      sql<number>`count(cm.user_id) filter (where cm.membership = 'observer')::int`.as('observers'),
      sql<number>`count(rs.user_id) filter (where cm.membership <> 'observer')::int`.as('submitted')
    ])
    .where('rc.round_id', '=', roundId)
    .groupBy('c.id')
    .orderBy(sql`case c.kind when 'scientific' then 0 else 1 end`)
    .orderBy('c.id')
    .execute();
}

export async function roundConflictCounts(
  db: Kysely<Database>,
  roundId: number
): Promise<{ declaredNone: number; general: number; recusals: number; membersRecused: number }> {
  const row = await sql<{ declaredNone: number; general: number; recusals: number; membersRecused: number }>`
    select
      count(*) filter (where kind = 'none')::int as "declaredNone",
      count(*) filter (where kind = 'general')::int as general,
      count(*) filter (where kind = 'theme')::int as recusals,
      count(distinct user_id) filter (where kind = 'theme')::int as "membersRecused"
    from conflict_declarations where round_id = ${roundId}`.execute(db);
  return row.rows[0]!;
}

export async function raterDecisionCounts(
  db: Kysely<Database>,
  roundId: number
): Promise<{ decision: string; raters: number }[]> {
  return db
    .selectFrom('rater_reviews')
    .select((eb) => ['decision', eb.fn.countAll<number>().as('raters')])
    .where('round_id', '=', roundId)
    .groupBy('decision')
    .execute();
}

/** The newest published version of the agenda: its number, date and the role (not the name) of who published. */
export async function latestPublication(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ number: number; publishedAt: Date; publishedByRole: string | null } | null> {
  const row = await db
    .selectFrom('agenda_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.number', 'v.published_at as publishedAt', 'u.role as publishedByRole'])
    .where('v.cycle_id', '=', cycleId)
    .where('v.status', '=', 'published')
    .orderBy('v.number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row || row.number === null || row.publishedAt === null) return null;
  return { number: row.number, publishedAt: row.publishedAt, publishedByRole: row.publishedByRole };
}
