import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface Theme {
  id: number;
  cycleId: number;
  runId: number | null;
  name: string;
  description: string;
  keywords: string[];
  representativeQuestionIds: number[];
  isOverarching: boolean;
  questionCount: number;
}

export interface ClusteringRun {
  id: number;
  cycleId: number;
  method: string;
  params: Record<string, unknown>;
  seed: number;
  k: number;
  metrics: Record<string, number | null>;
  durationMs: number;
  createdAt: Date;
}

export interface NewTheme {
  name: string;
  keywords: string[];
  questionIds: number[];
  representativeQuestionIds: number[];
}

const runColumns = [
  'id',
  'cycle_id as cycleId',
  'method',
  'params',
  'seed',
  'k',
  'metrics',
  'duration_ms as durationMs',
  'created_at as createdAt'
] as const;

export async function listThemes(db: Kysely<Database>, cycleId: number): Promise<Theme[]> {
  return db
    .selectFrom('themes')
    .leftJoin('questions', (join) =>
      join.onRef('questions.theme_id', '=', 'themes.id').on('questions.status', '=', 'active')
    )
    .select((eb) => [
      'themes.id',
      'themes.cycle_id as cycleId',
      'themes.run_id as runId',
      'themes.name',
      'themes.description',
      'themes.keywords',
      'themes.representative_question_ids as representativeQuestionIds',
      'themes.is_overarching as isOverarching',
      eb.fn.count<number>('questions.id').as('questionCount')
    ])
    .where('themes.cycle_id', '=', cycleId)
    .groupBy('themes.id')
    .orderBy('questionCount', 'desc')
    .orderBy('themes.id')
    .execute();
}

/** Ids of the cycle's themes that some rating round includes: those may no longer be replaced. */
export async function themeIdsInRounds(db: Kysely<Database>, cycleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('round_themes')
    .innerJoin('themes', 'themes.id', 'round_themes.theme_id')
    .select('themes.id')
    .distinct()
    .where('themes.cycle_id', '=', cycleId)
    .execute();
  return rows.map((r) => r.id);
}

/** Stores a run and makes its themes the cycle's themes, replacing the previous ones. */
export async function replaceThemesWithRun(
  db: Kysely<Database>,
  run: Omit<ClusteringRun, 'id' | 'createdAt'> & { createdBy: number | null },
  themes: NewTheme[]
): Promise<ClusteringRun> {
  const inserted = await db
    .insertInto('clustering_runs')
    .values({
      cycle_id: run.cycleId,
      method: run.method,
      params: JSON.stringify(run.params),
      seed: run.seed,
      k: run.k,
      metrics: JSON.stringify(run.metrics),
      duration_ms: run.durationMs,
      created_by: run.createdBy
    })
    .returning(runColumns)
    .executeTakeFirstOrThrow();

  await db.updateTable('questions').set({ theme_id: null }).where('cycle_id', '=', run.cycleId).execute();
  await db.deleteFrom('themes').where('cycle_id', '=', run.cycleId).execute();
  for (const theme of themes) {
    const { id } = await db
      .insertInto('themes')
      .values({
        cycle_id: run.cycleId,
        run_id: inserted.id,
        name: theme.name,
        keywords: JSON.stringify(theme.keywords),
        representative_question_ids: JSON.stringify(theme.representativeQuestionIds)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (theme.questionIds.length > 0) {
      await db
        .updateTable('questions')
        .set({ theme_id: id })
        .where('cycle_id', '=', run.cycleId)
        .where('id', 'in', theme.questionIds)
        .execute();
    }
  }
  return inserted;
}

export async function latestRun(db: Kysely<Database>, cycleId: number): Promise<ClusteringRun | null> {
  const row = await db
    .selectFrom('clustering_runs')
    .select(runColumns)
    .where('cycle_id', '=', cycleId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}
