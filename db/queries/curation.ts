import { type Kysely, sql } from 'kysely';
import type { CurationStepPartRow, Database, QuestionStatus } from '../schema.js';

/** A theme row as curation keeps it: everything undoing a step must put back. */
export interface ThemeState {
  id: number;
  cycleId: number;
  runId: number | null;
  name: string;
  description: string;
  keywords: string[];
  representativeQuestionIds: number[];
  isOverarching: boolean;
  locked: boolean;
  version: number;
}

/** Where a question is: a theme (or none) and its status, with the reason when it is out of scope. */
export interface QuestionState {
  id: number;
  cycleId: number;
  themeId: number | null;
  status: QuestionStatus;
  reason: string | null;
}

/** What a curation step stores to be undone: the themes (null: absent) and questions it touched, by id. */
export interface CurationSnapshot {
  /** Versions are kept for the record; undo compares everything else (an undo of a later step bumps them). */
  themes: Record<string, ThemeState | null>;
  questions: Record<string, { themeId: number | null; status: QuestionStatus; reason: string | null }>;
}

export interface CurationOperation {
  id: number;
  cycleId: number;
  actorId: number | null;
  at: Date;
  kind: string;
  summary: string;
  before: CurationSnapshot;
  after: CurationSnapshot;
  undoneAt: Date | null;
}

export type CurationStepPart = CurationStepPartRow;

export interface CurationStep {
  id: number;
  kind: string;
  summary: string;
  parts: CurationStepPart[];
  at: Date;
  actorName: string | null;
  undone: boolean;
}

const CHUNK = 10_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The themes by id (those that exist); `forUpdate` locks their rows until the transaction ends. */
export async function themeStates(
  db: Kysely<Database>,
  ids: readonly number[],
  forUpdate = false
): Promise<ThemeState[]> {
  if (ids.length === 0) return [];
  let query = db
    .selectFrom('themes')
    .select([
      'id',
      'cycle_id as cycleId',
      'run_id as runId',
      'name',
      'description',
      'keywords',
      'representative_question_ids as representativeQuestionIds',
      'is_overarching as isOverarching',
      'locked',
      'version'
    ])
    .where('id', 'in', [...ids])
    .orderBy('id');
  if (forUpdate) query = query.forUpdate();
  return query.execute();
}

/** The questions by id (those that exist), in id order. */
export async function questionStates(db: Kysely<Database>, ids: readonly number[]): Promise<QuestionState[]> {
  const out: QuestionState[] = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await db
        .selectFrom('questions')
        .select(['id', 'cycle_id as cycleId', 'theme_id as themeId', 'status', 'out_of_scope_reason as reason'])
        .where('id', 'in', part)
        .execute())
    );
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Every question (any status) that sits in one of the themes. */
export async function questionsInThemes(db: Kysely<Database>, themeIds: readonly number[]): Promise<QuestionState[]> {
  if (themeIds.length === 0) return [];
  return db
    .selectFrom('questions')
    .select(['id', 'cycle_id as cycleId', 'theme_id as themeId', 'status', 'out_of_scope_reason as reason'])
    .where('theme_id', 'in', [...themeIds])
    .orderBy('id')
    .execute();
}

/** The active questions of a theme with their text, in id order (re-clustering a theme). */
export async function activeQuestionTextsOfTheme(
  db: Kysely<Database>,
  themeId: number
): Promise<{ id: number; text: string }[]> {
  return db
    .selectFrom('questions')
    .select(['id', 'text'])
    .where('theme_id', '=', themeId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** Inserts a theme; with an `id` it comes back under its old id (undoing a delete or merge). */
export async function insertThemeState(
  db: Kysely<Database>,
  theme: Omit<ThemeState, 'id' | 'version'> & { id?: number; version?: number }
): Promise<number> {
  const row = await db
    .insertInto('themes')
    .values({
      ...(theme.id === undefined ? {} : { id: theme.id }),
      cycle_id: theme.cycleId,
      run_id: theme.runId,
      name: theme.name,
      description: theme.description,
      keywords: JSON.stringify(theme.keywords),
      representative_question_ids: JSON.stringify(theme.representativeQuestionIds),
      is_overarching: theme.isOverarching,
      locked: theme.locked,
      ...(theme.version === undefined ? {} : { version: theme.version })
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a theme's fields (those given); never its version (see {@link bumpVersions}). */
export async function updateThemeState(
  db: Kysely<Database>,
  id: number,
  fields: Partial<Omit<ThemeState, 'id' | 'cycleId' | 'version'>>
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: sql`now()` };
  if (fields.runId !== undefined) set.run_id = fields.runId;
  if (fields.name !== undefined) set.name = fields.name;
  if (fields.description !== undefined) set.description = fields.description;
  if (fields.keywords !== undefined) set.keywords = JSON.stringify(fields.keywords);
  if (fields.representativeQuestionIds !== undefined) {
    set.representative_question_ids = JSON.stringify(fields.representativeQuestionIds);
  }
  if (fields.isOverarching !== undefined) set.is_overarching = fields.isOverarching;
  if (fields.locked !== undefined) set.locked = fields.locked;
  await db.updateTable('themes').set(set).where('id', '=', id).execute();
}

/** One more version for each theme: someone holding the old version now gets a stale-theme answer. */
export async function bumpVersions(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('themes')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteThemeRows(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('themes')
    .where('id', 'in', [...ids])
    .execute();
}

/** Puts questions where the states say, grouping equal states into one statement per chunk. */
export async function setQuestionStates(
  db: Kysely<Database>,
  states: readonly { id: number; themeId: number | null; status: QuestionStatus; reason: string | null }[]
): Promise<void> {
  const groups = new Map<string, number[]>();
  for (const s of states) {
    const key = JSON.stringify([s.themeId, s.status, s.reason]);
    groups.set(key, [...(groups.get(key) ?? []), s.id]);
  }
  for (const [key, ids] of groups) {
    const [themeId, status, reason] = JSON.parse(key) as [number | null, QuestionStatus, string | null];
    for (const part of chunks(ids)) {
      await db
        .updateTable('questions')
        .set({ theme_id: themeId, status, out_of_scope_reason: reason })
        .where('id', 'in', part)
        .execute();
    }
  }
}

/** Names of the rating rounds that include each theme (those in no round are absent). */
export async function roundNamesOfThemes(
  db: Kysely<Database>,
  themeIds: readonly number[]
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (themeIds.length === 0) return out;
  const rows = await db
    .selectFrom('round_themes')
    .innerJoin('rating_rounds', 'rating_rounds.id', 'round_themes.round_id')
    .select(['round_themes.theme_id as themeId', 'rating_rounds.name'])
    .where('round_themes.theme_id', 'in', [...themeIds])
    .orderBy('rating_rounds.id')
    .execute();
  for (const row of rows) out.set(row.themeId, [...(out.get(row.themeId) ?? []), row.name]);
  return out;
}

export async function insertOperation(
  db: Kysely<Database>,
  op: {
    cycleId: number;
    actorId: number | null;
    kind: string;
    summary: string;
    parts: CurationStepPart[];
    before: CurationSnapshot;
    after: CurationSnapshot;
  }
): Promise<number> {
  const row = await db
    .insertInto('curation_operations')
    .values({
      cycle_id: op.cycleId,
      actor_id: op.actorId,
      kind: op.kind,
      summary: op.summary,
      parts: JSON.stringify(op.parts),
      before: JSON.stringify(op.before),
      after: JSON.stringify(op.after)
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const operationColumns = [
  'id',
  'cycle_id as cycleId',
  'actor_id as actorId',
  'at',
  'kind',
  'summary',
  'before',
  'after',
  'undone_at as undoneAt'
] as const;

function toOperation(row: {
  id: number;
  cycleId: number;
  actorId: number | null;
  at: Date;
  kind: string;
  summary: string;
  before: unknown;
  after: unknown;
  undoneAt: Date | null;
}): CurationOperation {
  return { ...row, before: row.before as CurationSnapshot, after: row.after as CurationSnapshot };
}

/** A step with a row lock: two undos of one step at once cannot both pass. */
export async function findOperation(db: Kysely<Database>, id: number): Promise<CurationOperation | null> {
  const row = await db
    .selectFrom('curation_operations')
    .select(operationColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toOperation(row) : null;
}

/** The cycle's newest step not yet undone: the only one that can be undone. */
export async function latestOpenOperation(db: Kysely<Database>, cycleId: number): Promise<CurationOperation | null> {
  const row = await db
    .selectFrom('curation_operations')
    .select(operationColumns)
    .where('cycle_id', '=', cycleId)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toOperation(row) : null;
}

export async function markUndone(db: Kysely<Database>, id: number, userId: number | null): Promise<void> {
  await db
    .updateTable('curation_operations')
    .set({ undone_at: sql`now()`, undone_by: userId })
    .where('id', '=', id)
    .execute();
}

function steps(db: Kysely<Database>) {
  return db
    .selectFrom('curation_operations as o')
    .leftJoin('users as u', 'u.id', 'o.actor_id')
    .select(['o.id', 'o.kind', 'o.summary', 'o.parts', 'o.at', 'u.name as actorName', 'o.undone_at as undoneAt']);
}

const toStep = ({ undoneAt, ...row }: { undoneAt: Date | null } & Omit<CurationStep, 'undone'>): CurationStep => ({
  ...row,
  undone: undoneAt !== null
});

/** The cycle's curation steps, newest first (the board shows the latest few, the history route up to 500). */
export async function listCurationSteps(db: Kysely<Database>, cycleId: number, limit = 500): Promise<CurationStep[]> {
  const rows = await steps(db).where('o.cycle_id', '=', cycleId).orderBy('o.id', 'desc').limit(limit).execute();
  return rows.map(toStep);
}

export async function findCurationStep(db: Kysely<Database>, id: number): Promise<CurationStep> {
  return toStep(await steps(db).where('o.id', '=', id).executeTakeFirstOrThrow());
}

/**
 * Who last changed a theme and when: the newest curation step (or undo of one) that touched it, else the newest
 * audit entry about it.
 */
export async function lastChangeOfTheme(
  db: Kysely<Database>,
  themeId: number
): Promise<{ by: string | null; at: Date } | null> {
  const key = String(themeId);
  const touches = sql<boolean>`(o.before->'themes') ? ${key} or (o.after->'themes') ? ${key}`;
  const done = await db
    .selectFrom('curation_operations as o')
    .leftJoin('users as u', 'u.id', 'o.actor_id')
    .select(['u.name', 'o.at'])
    .where(touches)
    .orderBy('o.at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const undone = await db
    .selectFrom('curation_operations as o')
    .leftJoin('users as u', 'u.id', 'o.undone_by')
    .select(['u.name', 'o.undone_at as at'])
    .where(touches)
    .where('o.undone_at', 'is not', null)
    .orderBy('o.undone_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const candidates = [done, undone].filter((c): c is { name: string | null; at: Date } => !!c && c.at !== null);
  if (candidates.length > 0) {
    const newest = candidates.sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
    return { by: newest.name, at: newest.at };
  }
  const audit = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['u.name', 'a.at'])
    .where('a.entity', '=', 'theme')
    .where('a.entity_id', '=', key)
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return audit ? { by: audit.name, at: audit.at } : null;
}
