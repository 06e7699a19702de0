import { type Kysely, sql } from 'kysely';
import type {
  ClusteringRunError,
  ClusteringRunMetrics,
  ClusteringRunPhase,
  ClusteringRunStatus,
  Database,
  SeedThemeRecord
} from '../schema.js';

export interface ClusteringRun {
  id: number;
  cycleId: number;
  method: string;
  params: Record<string, unknown>;
  seed: number;
  status: ClusteringRunStatus;
  phase: ClusteringRunPhase | null;
  error: ClusteringRunError | null;
  /** The technical reason behind `error`, for staff and the log. */
  errorDetail: string | null;
  /** The seed themes the run started from, without their example texts. */
  seedThemes: { name: string; description: string; exampleCount: number }[];
  questionCount: number;
  k: number | null;
  metrics: Required<ClusteringRunMetrics> | null;
  durationMs: number | null;
  createdBy: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  decidedAt: Date | null;
}

export interface NewRun {
  cycleId: number;
  method: string;
  params: Record<string, unknown>;
  seed: number;
  seedThemes: SeedThemeRecord[];
  questionCount: number;
  createdBy: number | null;
}

export interface RunTheme {
  cluster: number;
  label: string;
  description: string;
  keywords: string[];
  size: number;
  representativeQuestionIds: number[];
  seedName: string | null;
}

export interface RunAssignment {
  questionId: number;
  /** -1: left unassigned. */
  cluster: number;
  confidence: number;
  terms: string[];
}

export interface RunResult {
  k: number;
  metrics: Required<ClusteringRunMetrics>;
  durationMs: number;
  themes: RunTheme[];
  assignments: RunAssignment[];
}

/** Statuses in which a run still waits for a decision, or is still computing. */
const UNDECIDED: ClusteringRunStatus[] = ['running', 'done'];

function selectRuns(db: Kysely<Database>) {
  return db.selectFrom('clustering_runs').select([
    'id',
    'cycle_id as cycleId',
    'method',
    'params',
    'seed',
    'status',
    'phase',
    'error',
    'error_detail as errorDetail',
    // The example texts can be many (the current themes' questions): only their number leaves the database.
    sql<ClusteringRun['seedThemes']>`(
        select coalesce(jsonb_agg(jsonb_build_object(
          'name', s.value->>'name',
          'description', coalesce(s.value->>'description', ''),
          'exampleCount', coalesce(jsonb_array_length(s.value->'examples'), 0)
        ) order by s.ordinality), '[]'::jsonb)
        from jsonb_array_elements(clustering_runs.seed_themes) with ordinality as s(value, ordinality)
      )`.as('seedThemes'),
    'question_count as questionCount',
    'k',
    'metrics',
    'duration_ms as durationMs',
    'created_by as createdBy',
    'created_at as createdAt',
    'finished_at as finishedAt',
    'decided_at as decidedAt'
  ]);
}

type RunRow = Omit<ClusteringRun, 'metrics'> & { metrics: ClusteringRunMetrics | null };

const toRun = (row: RunRow): ClusteringRun => ({
  ...row,
  metrics: row.metrics ? { ...row.metrics, kCandidates: row.metrics.kCandidates ?? [] } : null
});

/** Stores a new run as running, waiting for its worker. */
export async function insertRun(db: Kysely<Database>, run: NewRun): Promise<number> {
  const { id } = await db
    .insertInto('clustering_runs')
    .values({
      cycle_id: run.cycleId,
      method: run.method,
      params: JSON.stringify(run.params),
      seed: run.seed,
      status: 'running',
      phase: 'queued',
      seed_themes: JSON.stringify(run.seedThemes),
      question_count: run.questionCount,
      created_by: run.createdBy
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findRun(db: Kysely<Database>, cycleId: number, runId: number): Promise<ClusteringRun | null> {
  const row = await selectRuns(db).where('cycle_id', '=', cycleId).where('id', '=', runId).executeTakeFirst();
  return row ? toRun(row) : null;
}

/** The newest run of the cycle, whatever its status. */
export async function latestRun(db: Kysely<Database>, cycleId: number): Promise<ClusteringRun | null> {
  const row = await selectRuns(db).where('cycle_id', '=', cycleId).orderBy('id', 'desc').executeTakeFirst();
  return row ? toRun(row) : null;
}

/** The run of the cycle that is still computing, if any. */
export async function runningRun(db: Kysely<Database>, cycleId: number): Promise<ClusteringRun | null> {
  const row = await selectRuns(db).where('cycle_id', '=', cycleId).where('status', '=', 'running').executeTakeFirst();
  return row ? toRun(row) : null;
}

/** The seed themes a run started from, with their examples, as the worker needs them. */
export async function runSeedThemes(db: Kysely<Database>, runId: number): Promise<SeedThemeRecord[]> {
  const row = await db
    .selectFrom('clustering_runs')
    .select('seed_themes')
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  return row.seed_themes;
}

/** Moves a running run to its next phase; false when it no longer runs (discarded meanwhile). */
export async function setRunPhase(db: Kysely<Database>, runId: number, phase: ClusteringRunPhase): Promise<boolean> {
  const result = await db
    .updateTable('clustering_runs')
    .set({ phase })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Stores what a run found — its themes and where it put every question — and marks it done. Does nothing and
 * returns false when the run no longer runs (discarded while it computed).
 */
export async function storeRunResult(db: Kysely<Database>, runId: number, result: RunResult): Promise<boolean> {
  const claimed = await db
    .updateTable('clustering_runs')
    .set({
      status: 'done',
      phase: null,
      k: result.k,
      metrics: JSON.stringify(result.metrics),
      duration_ms: result.durationMs,
      finished_at: new Date()
    })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) return false;
  if (result.themes.length > 0) {
    await db
      .insertInto('clustering_run_themes')
      .values(
        result.themes.map((theme) => ({
          run_id: runId,
          cluster: theme.cluster,
          label: theme.label,
          description: theme.description,
          keywords: JSON.stringify(theme.keywords),
          size: theme.size,
          representative_question_ids: JSON.stringify(theme.representativeQuestionIds),
          seed_name: theme.seedName
        }))
      )
      .execute();
  }
  // 5 parameters a row: chunks of 2,000 stay far below PostgreSQL's 65,535.
  for (let i = 0; i < result.assignments.length; i += 2000) {
    await db
      .insertInto('clustering_run_assignments')
      .values(
        result.assignments.slice(i, i + 2000).map((a) => ({
          run_id: runId,
          question_id: a.questionId,
          cluster: a.cluster,
          confidence: a.confidence,
          terms: JSON.stringify(a.terms)
        }))
      )
      .execute();
  }
  return true;
}

/** Marks a running run failed with the reason; false when it no longer runs. */
export async function failRun(
  db: Kysely<Database>,
  runId: number,
  error: ClusteringRunError,
  detail: string
): Promise<boolean> {
  const result = await db
    .updateTable('clustering_runs')
    .set({ status: 'failed', phase: null, error, error_detail: detail, finished_at: new Date() })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks every run still running as failed: at start-up, those were cut off when the previous server stopped. */
export async function failRunningRuns(db: Kysely<Database>, detail: string): Promise<number> {
  const result = await db
    .updateTable('clustering_runs')
    .set({ status: 'failed', phase: null, error: 'interrupted', error_detail: detail, finished_at: new Date() })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records staff's decision on a run still undecided; false when it was decided (or failed) before. */
export async function decideRun(
  db: Kysely<Database>,
  runId: number,
  decision: 'accepted' | 'discarded',
  userId: number | null
): Promise<boolean> {
  const result = await db
    .updateTable('clustering_runs')
    .set({ status: decision, phase: null, decided_at: new Date(), decided_by: userId })
    .where('id', '=', runId)
    .where('status', 'in', decision === 'accepted' ? ['done'] : UNDECIDED)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listRunThemes(db: Kysely<Database>, runId: number): Promise<RunTheme[]> {
  return db
    .selectFrom('clustering_run_themes')
    .select([
      'cluster',
      'label',
      'description',
      'keywords',
      'size',
      'representative_question_ids as representativeQuestionIds',
      'seed_name as seedName'
    ])
    .where('run_id', '=', runId)
    .orderBy('cluster')
    .execute();
}

export interface RunQuestion {
  questionId: number;
  text: string;
  /** The run's theme for the question; -1 when it left it unassigned. */
  cluster: number;
  /** The question's theme now. */
  themeId: number | null;
  /** Whether the question still counts (not set out of scope or marked duplicate since). */
  active: boolean;
}

/** Every question the run placed, with its current theme, in id order. */
export async function listRunQuestions(db: Kysely<Database>, runId: number): Promise<RunQuestion[]> {
  const rows = await db
    .selectFrom('clustering_run_assignments as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .select(['a.question_id as questionId', 'q.text', 'a.cluster', 'q.theme_id as themeId', 'q.status'])
    .where('a.run_id', '=', runId)
    .orderBy('a.question_id')
    .execute();
  return rows.map(({ status, ...row }) => ({ ...row, active: status === 'active' }));
}

/** Active questions of the cycle the run did not see (they arrived after it started). */
export async function countQuestionsNotInRun(db: Kysely<Database>, cycleId: number, runId: number): Promise<number> {
  const row = await db
    .selectFrom('questions as q')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('q.cycle_id', '=', cycleId)
    .where('q.status', '=', 'active')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('clustering_run_assignments as a')
            .select(sql`1`.as('one'))
            .where('a.run_id', '=', runId)
            .whereRef('a.question_id', '=', 'q.id')
        )
      )
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Texts of questions by id (representative questions of a proposal). */
export async function questionTexts(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('questions').select(['id', 'text']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.text]));
}
