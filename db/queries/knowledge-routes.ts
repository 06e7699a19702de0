import { type Kysely, sql } from 'kysely';
import type { Database, EvidenceStatus, OutputKind, OutputStatus } from '../schema.js';

/** The knowledge route of a theme: is there enough evidence, and what will the centre make of it. */
export interface ThemeRoute {
  evidenceStatus: EvidenceStatus;
  plannedOutput: OutputKind | null;
  note: string;
}

/** A theme without a route row has not been checked yet. */
export const DEFAULT_ROUTE: ThemeRoute = { evidenceStatus: 'unchecked', plannedOutput: null, note: '' };

/** A theme of a cycle as the route page and the evaluation list it, with its route and its size. */
export interface RouteTheme extends ThemeRoute {
  id: number;
  cycleId: number;
  name: string;
  isOverarching: boolean;
  isAdHoc: boolean;
  adHocJustification: string | null;
  /** Active questions, a confirmed duplicate counted once (through its original), as on the theme board. */
  questionCount: number;
  /** Of those, the ones at least one non-cancelled output of the theme covers (directly or through a duplicate). */
  coveredCount: number;
}

export interface ThemeOutput {
  id: number;
  themeId: number;
  kind: OutputKind;
  title: string;
  url: string | null;
  status: OutputStatus;
  plannedOn: string | null;
  deliveredOn: string | null;
  /** The questions of the theme the output answers, ascending. */
  questionIds: number[];
}

export interface OutputFields {
  kind: OutputKind;
  title: string;
  url: string | null;
  status: OutputStatus;
  plannedOn: string | null;
  deliveredOn: string | null;
}

/** A question is a confirmed duplicate when a confirmed link names it as the duplicate. */
const confirmedDuplicate = sql<boolean>`exists (select 1 from duplicate_links dl
  where dl.question_id = q.id and dl.status = 'confirmed')`;

/**
 * A question counts as covered when a non-cancelled output of its own theme names it, or names one of its
 * confirmed duplicates (the duplicate stands for the same need).
 */
const coveredByOutput = sql<boolean>`exists (
  select 1 from output_questions oq
  join theme_outputs o on o.id = oq.output_id
  where o.theme_id = q.theme_id and o.status <> 'cancelled'
    and (oq.question_id = q.id or oq.question_id in (
      select dl.question_id from duplicate_links dl where dl.duplicate_of = q.id and dl.status = 'confirmed')))`;

/** The cycle's themes with their routes (the default for a theme without one), sizes and coverage, by name. */
export async function listRouteThemes(db: Kysely<Database>, cycleId: number): Promise<RouteTheme[]> {
  const counts = await db
    .selectFrom('questions as q')
    .select([
      'q.theme_id as themeId',
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where ${coveredByOutput})`.as('covered')
    ])
    .where('q.cycle_id', '=', cycleId)
    .where('q.status', '=', 'active')
    .where('q.theme_id', 'is not', null)
    .where((eb) => eb.not(confirmedDuplicate))
    .groupBy('q.theme_id')
    .execute();
  const byTheme = new Map(counts.map((c) => [c.themeId!, { total: Number(c.total), covered: Number(c.covered) }]));
  const rows = await db
    .selectFrom('themes')
    .leftJoin('theme_routes', 'theme_routes.theme_id', 'themes.id')
    .select([
      'themes.id',
      'themes.cycle_id as cycleId',
      'themes.name',
      'themes.is_overarching as isOverarching',
      'themes.is_ad_hoc as isAdHoc',
      'themes.ad_hoc_justification as adHocJustification',
      'theme_routes.evidence_status as evidenceStatus',
      'theme_routes.planned_output as plannedOutput',
      'theme_routes.note'
    ])
    .where('themes.cycle_id', '=', cycleId)
    .orderBy('themes.name')
    .orderBy('themes.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    evidenceStatus: row.evidenceStatus ?? DEFAULT_ROUTE.evidenceStatus,
    plannedOutput: row.plannedOutput ?? null,
    note: row.note ?? '',
    questionCount: byTheme.get(row.id)?.total ?? 0,
    coveredCount: byTheme.get(row.id)?.covered ?? 0
  }));
}

/** A theme's cycle, name and route (the default when it has none); null for an unknown theme. */
export async function findThemeRoute(
  db: Kysely<Database>,
  themeId: number
): Promise<{ cycleId: number; name: string; route: ThemeRoute } | null> {
  const row = await db
    .selectFrom('themes')
    .leftJoin('theme_routes', 'theme_routes.theme_id', 'themes.id')
    .select([
      'themes.cycle_id as cycleId',
      'themes.name',
      'theme_routes.evidence_status as evidenceStatus',
      'theme_routes.planned_output as plannedOutput',
      'theme_routes.note'
    ])
    .where('themes.id', '=', themeId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    cycleId: row.cycleId,
    name: row.name,
    route: {
      evidenceStatus: row.evidenceStatus ?? DEFAULT_ROUTE.evidenceStatus,
      plannedOutput: row.plannedOutput ?? null,
      note: row.note ?? ''
    }
  };
}

export async function upsertThemeRoute(
  db: Kysely<Database>,
  themeId: number,
  route: ThemeRoute,
  userId: number | null
): Promise<void> {
  const values = {
    evidence_status: route.evidenceStatus,
    planned_output: route.plannedOutput,
    note: route.note,
    updated_by: userId,
    updated_at: sql<Date>`now()`
  };
  await db
    .insertInto('theme_routes')
    .values({ theme_id: themeId, ...values })
    .onConflict((oc) => oc.column('theme_id').doUpdateSet(values))
    .execute();
}

const outputColumns = [
  'theme_outputs.id',
  'theme_outputs.theme_id as themeId',
  'theme_outputs.kind',
  'theme_outputs.title',
  'theme_outputs.url',
  'theme_outputs.status',
  'theme_outputs.planned_on as plannedOn',
  'theme_outputs.delivered_on as deliveredOn'
] as const;

async function withQuestionIds(db: Kysely<Database>, rows: Omit<ThemeOutput, 'questionIds'>[]): Promise<ThemeOutput[]> {
  const ids = rows.map((r) => r.id);
  const links =
    ids.length === 0
      ? []
      : await db
          .selectFrom('output_questions')
          .select(['output_id', 'question_id'])
          .where('output_id', 'in', ids)
          .orderBy('question_id')
          .execute();
  const byOutput = new Map<number, number[]>();
  for (const link of links) {
    const list = byOutput.get(link.output_id) ?? [];
    list.push(link.question_id);
    byOutput.set(link.output_id, list);
  }
  return rows.map((row) => ({ ...row, questionIds: byOutput.get(row.id) ?? [] }));
}

/** The outputs of the cycle's themes, in the order they were planned (undated last), then added. */
export async function listCycleOutputs(db: Kysely<Database>, cycleId: number): Promise<ThemeOutput[]> {
  const rows = await db
    .selectFrom('theme_outputs')
    .innerJoin('themes', 'themes.id', 'theme_outputs.theme_id')
    .select(outputColumns)
    .where('themes.cycle_id', '=', cycleId)
    .orderBy(sql`theme_outputs.planned_on asc nulls last`)
    .orderBy('theme_outputs.id')
    .execute();
  return withQuestionIds(db, rows);
}

/** An output with its theme's cycle; null for an unknown output. */
export async function findOutput(
  db: Kysely<Database>,
  outputId: number
): Promise<(ThemeOutput & { cycleId: number }) | null> {
  const row = await db
    .selectFrom('theme_outputs')
    .innerJoin('themes', 'themes.id', 'theme_outputs.theme_id')
    .select([...outputColumns, 'themes.cycle_id as cycleId'])
    .where('theme_outputs.id', '=', outputId)
    .executeTakeFirst();
  if (!row) return null;
  const [output] = await withQuestionIds(db, [row]);
  return { ...output!, cycleId: row.cycleId };
}

export async function insertOutput(
  db: Kysely<Database>,
  themeId: number,
  fields: OutputFields,
  userId: number | null
): Promise<number> {
  const { id } = await db
    .insertInto('theme_outputs')
    .values({
      theme_id: themeId,
      kind: fields.kind,
      title: fields.title,
      url: fields.url,
      status: fields.status,
      planned_on: fields.plannedOn,
      delivered_on: fields.deliveredOn,
      created_by: userId
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateOutput(db: Kysely<Database>, outputId: number, fields: OutputFields): Promise<void> {
  await db
    .updateTable('theme_outputs')
    .set({
      kind: fields.kind,
      title: fields.title,
      url: fields.url,
      status: fields.status,
      planned_on: fields.plannedOn,
      delivered_on: fields.deliveredOn,
      updated_at: sql<Date>`now()`
    })
    .where('id', '=', outputId)
    .execute();
}

/** Makes `questionIds` the questions the output covers. */
export async function setOutputQuestions(
  db: Kysely<Database>,
  outputId: number,
  questionIds: readonly number[]
): Promise<void> {
  await db.deleteFrom('output_questions').where('output_id', '=', outputId).execute();
  for (let i = 0; i < questionIds.length; i += 10_000) {
    await db
      .insertInto('output_questions')
      .values(questionIds.slice(i, i + 10_000).map((questionId) => ({ output_id: outputId, question_id: questionId })))
      .execute();
  }
}

/** Deletes the output; its covered questions go with it (cascade). */
export async function deleteOutput(db: Kysely<Database>, outputId: number): Promise<void> {
  await db.deleteFrom('theme_outputs').where('id', '=', outputId).execute();
}

/** Ids of the theme's active questions (confirmed duplicates included: an output may name either), ascending. */
export async function activeQuestionIdsOfTheme(db: Kysely<Database>, themeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('questions')
    .select('id')
    .where('theme_id', '=', themeId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the cycle's active questions that sit in a theme. */
export async function activeThemedQuestionIds(db: Kysely<Database>, cycleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('questions')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .where('theme_id', 'is not', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Of `questionIds`, those that are active questions of the cycle without a theme ("niet toegewezen"). */
export async function unassignedAmong(
  db: Kysely<Database>,
  cycleId: number,
  questionIds: readonly number[]
): Promise<number[]> {
  if (questionIds.length === 0) return [];
  const rows = await db
    .selectFrom('questions')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .where('theme_id', 'is', null)
    .where('id', 'in', questionIds)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Adds an ad-hoc theme to the cycle. It is locked: re-clustering keeps it (and the questions put in it) as it is.
 */
export async function insertAdHocTheme(
  db: Kysely<Database>,
  input: { cycleId: number; name: string; description: string; justification: string }
): Promise<number> {
  const { id } = await db
    .insertInto('themes')
    .values({
      cycle_id: input.cycleId,
      run_id: null,
      name: input.name,
      description: input.description,
      keywords: '[]',
      representative_question_ids: '[]',
      locked: true,
      is_ad_hoc: true,
      ad_hoc_justification: input.justification
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
