import { type Kysely, sql } from 'kysely';
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
  /** Active questions in the theme, a confirmed duplicate not counted (its original represents it). */
  questionCount: number;
  /** Active questions in the theme that are confirmed duplicates of another question. */
  duplicates: number;
}

export interface NewTheme {
  name: string;
  description?: string;
  keywords: string[];
  questionIds: number[];
  representativeQuestionIds: number[];
}

export async function listThemes(db: Kysely<Database>, cycleId: number): Promise<Theme[]> {
  return db
    .selectFrom('themes')
    .leftJoin('questions', (join) =>
      join.onRef('questions.theme_id', '=', 'themes.id').on('questions.status', '=', 'active')
    )
    .leftJoin('duplicate_links', (join) =>
      join.onRef('duplicate_links.question_id', '=', 'questions.id').on('duplicate_links.status', '=', 'confirmed')
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
      sql<number>`count(${eb.ref('questions.id')}) - count(${eb.ref('duplicate_links.id')})`.as('questionCount'),
      eb.fn.count<number>('duplicate_links.id').as('duplicates')
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

/**
 * Makes `themes` the cycle's themes, replacing the previous ones: every question of the cycle is first unassigned,
 * then each theme's questions are put in it. `runId` is the run the themes come from.
 */
export async function replaceThemes(
  db: Kysely<Database>,
  cycleId: number,
  runId: number | null,
  themes: NewTheme[]
): Promise<void> {
  await db.updateTable('questions').set({ theme_id: null }).where('cycle_id', '=', cycleId).execute();
  await db.deleteFrom('themes').where('cycle_id', '=', cycleId).execute();
  for (const theme of themes) {
    const { id } = await db
      .insertInto('themes')
      .values({
        cycle_id: cycleId,
        run_id: runId,
        name: theme.name,
        description: theme.description ?? '',
        keywords: JSON.stringify(theme.keywords),
        representative_question_ids: JSON.stringify(theme.representativeQuestionIds)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Chunks keep the bind parameters under PostgreSQL's limit of 65,535.
    for (let i = 0; i < theme.questionIds.length; i += 10_000) {
      await db
        .updateTable('questions')
        .set({ theme_id: id })
        .where('cycle_id', '=', cycleId)
        .where('id', 'in', theme.questionIds.slice(i, i + 10_000))
        .execute();
    }
  }
}

/** Puts those of the questions that are still active and without a theme in a theme; returns how many moved. */
export async function assignUnassignedQuestions(
  db: Kysely<Database>,
  cycleId: number,
  themeId: number,
  questionIds: number[]
): Promise<number> {
  let count = 0;
  for (let i = 0; i < questionIds.length; i += 10_000) {
    const result = await db
      .updateTable('questions')
      .set({ theme_id: themeId })
      .where('cycle_id', '=', cycleId)
      .where('status', '=', 'active')
      .where('theme_id', 'is', null)
      .where('id', 'in', questionIds.slice(i, i + 10_000))
      .executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  return count;
}

/** The active questions of each theme of the cycle, by theme id. */
export async function listThemeMembers(
  db: Kysely<Database>,
  cycleId: number
): Promise<Map<number, { id: number; text: string }[]>> {
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'text', 'theme_id'])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .where('theme_id', 'is not', null)
    .orderBy('id')
    .execute();
  const members = new Map<number, { id: number; text: string }[]>();
  for (const row of rows) {
    const list = members.get(row.theme_id!) ?? [];
    list.push({ id: row.id, text: row.text });
    members.set(row.theme_id!, list);
  }
  return members;
}

/** The cycle's active questions that sit in no theme. */
export async function listUnassignedQuestions(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ id: number; text: string }[]> {
  return db
    .selectFrom('questions')
    .select(['id', 'text'])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .where('theme_id', 'is', null)
    .orderBy('id')
    .execute();
}

/** Ids of the cycle's locked themes: re-clustering keeps them and their questions. */
export async function lockedThemeIds(db: Kysely<Database>, cycleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('themes')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('locked', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The cycle's active questions outside locked themes: what re-clustering groups. */
export async function listQuestionTextsOutsideLocked(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ id: number; text: string }[]> {
  return db
    .selectFrom('questions')
    .leftJoin('themes', 'themes.id', 'questions.theme_id')
    .select(['questions.id', 'questions.text'])
    .where('questions.cycle_id', '=', cycleId)
    .where('questions.status', '=', 'active')
    .where((eb) => eb.or([eb('themes.locked', 'is', null), eb('themes.locked', '=', false)]))
    .orderBy('questions.id')
    .execute();
}

/** Active questions in locked themes that a run did not see (kept out of it on purpose, not newer). */
export async function countLockedQuestionsNotInRun(
  db: Kysely<Database>,
  cycleId: number,
  runId: number
): Promise<number> {
  const row = await db
    .selectFrom('questions as q')
    .innerJoin('themes as t', 't.id', 'q.theme_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('q.cycle_id', '=', cycleId)
    .where('q.status', '=', 'active')
    .where('t.locked', '=', true)
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

/**
 * Like {@link replaceThemes}, but keeps the locked themes and their questions: only the unlocked themes are replaced,
 * and a question that sits in a locked theme (moved there since the run) stays there.
 */
export async function replaceUnlockedThemes(
  db: Kysely<Database>,
  cycleId: number,
  runId: number | null,
  themes: NewTheme[]
): Promise<void> {
  const unlocked = db.selectFrom('themes').select('id').where('cycle_id', '=', cycleId).where('locked', '=', false);
  await db
    .updateTable('questions')
    .set({ theme_id: null })
    .where('cycle_id', '=', cycleId)
    .where('theme_id', 'in', unlocked)
    .execute();
  await db.deleteFrom('themes').where('cycle_id', '=', cycleId).where('locked', '=', false).execute();
  for (const theme of themes) {
    const { id } = await db
      .insertInto('themes')
      .values({
        cycle_id: cycleId,
        run_id: runId,
        name: theme.name,
        description: theme.description ?? '',
        keywords: JSON.stringify(theme.keywords),
        representative_question_ids: JSON.stringify(theme.representativeQuestionIds)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < theme.questionIds.length; i += 10_000) {
      await db
        .updateTable('questions')
        .set({ theme_id: id })
        .where('cycle_id', '=', cycleId)
        .where('theme_id', 'is', null)
        .where('id', 'in', theme.questionIds.slice(i, i + 10_000))
        .execute();
    }
  }
}
