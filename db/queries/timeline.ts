import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/** The timeline of a cycle: its school years, where each theme sits, and the "after" dependencies between themes. */

export interface SchoolYear {
  /** ISO date of 1 September: the year's key. */
  startsOn: string;
  endsOn: string;
  capacity: number;
}

export interface TimelineTheme {
  id: number;
  name: string;
  isOverarching: boolean;
  isAdHoc: boolean;
  /** Active questions, confirmed duplicates not counted. */
  size: number;
}

export interface PlacementReasonRow {
  code: string;
  params: Record<string, unknown>;
}

export interface Placement {
  themeId: number;
  /** null: not placed. */
  year: string | null;
  pinned: boolean;
  position: number;
  reason: PlacementReasonRow | null;
  placedBy: number | null;
  placedAt: Date;
}

export interface NewPlacement {
  themeId: number;
  year: string | null;
  pinned: boolean;
  position: number;
  reason: PlacementReasonRow | null;
}

export interface Dependency {
  themeId: number;
  afterThemeId: number;
}

export async function listSchoolYears(db: Kysely<Database>, cycleId: number): Promise<SchoolYear[]> {
  return db
    .selectFrom('school_years')
    .select(['starts_on as startsOn', 'ends_on as endsOn', 'capacity'])
    .where('cycle_id', '=', cycleId)
    .orderBy('starts_on')
    .execute();
}

/** The year's capacity before the change, or null when the cycle has no such school year. */
export async function updateCapacity(
  db: Kysely<Database>,
  cycleId: number,
  startsOn: string,
  capacity: number
): Promise<number | null> {
  const before = await db
    .selectFrom('school_years')
    .select('capacity')
    .where('cycle_id', '=', cycleId)
    .where('starts_on', '=', startsOn)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return null;
  await db
    .updateTable('school_years')
    .set({ capacity })
    .where('cycle_id', '=', cycleId)
    .where('starts_on', '=', startsOn)
    .execute();
  return before.capacity;
}

/** Every theme of the cycle with its size, by id. */
export async function listTimelineThemes(db: Kysely<Database>, cycleId: number): Promise<TimelineTheme[]> {
  const rows = await db
    .selectFrom('themes')
    .select((eb) => [
      'themes.id',
      'themes.name',
      'themes.is_overarching as isOverarching',
      'themes.is_ad_hoc as isAdHoc',
      eb
        .selectFrom('questions')
        .select(
          sql<string>`count(*) filter (where not exists (select 1 from duplicate_links dl
            where dl.question_id = questions.id and dl.status = 'confirmed'))`.as('n')
        )
        .whereRef('questions.theme_id', '=', 'themes.id')
        .where('questions.status', '=', 'active')
        .as('size')
    ])
    .where('themes.cycle_id', '=', cycleId)
    .orderBy('themes.id')
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size ?? 0) }));
}

/** One theme with its cycle, or null. */
export async function findTimelineTheme(
  db: Kysely<Database>,
  themeId: number
): Promise<(TimelineTheme & { cycleId: number }) | null> {
  const row = await db
    .selectFrom('themes')
    .select(['id', 'cycle_id as cycleId', 'name', 'is_overarching as isOverarching', 'is_ad_hoc as isAdHoc'])
    .where('id', '=', themeId)
    .executeTakeFirst();
  return row ? { ...row, size: 0 } : null;
}

const placementColumns = [
  'theme_id as themeId',
  'year_starts_on as year',
  'pinned',
  'position',
  'reason',
  'placed_by as placedBy',
  'placed_at as placedAt'
] as const;

export async function listPlacements(db: Kysely<Database>, cycleId: number): Promise<Placement[]> {
  const rows = await db
    .selectFrom('theme_placements')
    .select(placementColumns)
    .where('cycle_id', '=', cycleId)
    .orderBy('year_starts_on')
    .orderBy('position')
    .orderBy('theme_id')
    .execute();
  return rows.map((r) => ({ ...r, reason: r.reason as PlacementReasonRow | null }));
}

/** The theme's placement, its row locked until the transaction ends; null when it has none. */
export async function findPlacement(db: Kysely<Database>, themeId: number): Promise<Placement | null> {
  const row = await db
    .selectFrom('theme_placements')
    .select(placementColumns)
    .where('theme_id', '=', themeId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { ...row, reason: row.reason as PlacementReasonRow | null } : null;
}

/** Writes the placements (insert or replace, per theme) of one cycle. */
export async function upsertPlacements(
  db: Kysely<Database>,
  cycleId: number,
  placements: readonly NewPlacement[],
  userId: number | null
): Promise<void> {
  if (placements.length === 0) return;
  await db
    .insertInto('theme_placements')
    .values(
      placements.map((p) => ({
        theme_id: p.themeId,
        cycle_id: cycleId,
        year_starts_on: p.year,
        pinned: p.pinned,
        position: p.position,
        reason: p.reason === null ? null : JSON.stringify(p.reason),
        placed_by: userId,
        placed_at: new Date()
      }))
    )
    .onConflict((oc) =>
      oc.column('theme_id').doUpdateSet((eb) => ({
        cycle_id: eb.ref('excluded.cycle_id'),
        year_starts_on: eb.ref('excluded.year_starts_on'),
        pinned: eb.ref('excluded.pinned'),
        position: eb.ref('excluded.position'),
        reason: eb.ref('excluded.reason'),
        placed_by: eb.ref('excluded.placed_by'),
        placed_at: eb.ref('excluded.placed_at')
      }))
    )
    .execute();
}

/** Renumbers the given themes' positions 0, 1, 2… in the order given (one school year's order). */
export async function setPositions(db: Kysely<Database>, themeIds: readonly number[]): Promise<void> {
  for (const [position, themeId] of themeIds.entries()) {
    await db.updateTable('theme_placements').set({ position }).where('theme_id', '=', themeId).execute();
  }
}

/** Overarching themes span every year and keep no placement. */
export async function deletePlacements(db: Kysely<Database>, themeIds: readonly number[]): Promise<void> {
  if (themeIds.length === 0) return;
  await db.deleteFrom('theme_placements').where('theme_id', 'in', themeIds).execute();
}

/** The dependencies between the cycle's themes. */
export async function listDependencies(db: Kysely<Database>, cycleId: number): Promise<Dependency[]> {
  return db
    .selectFrom('theme_dependencies as d')
    .innerJoin('themes', 'themes.id', 'd.theme_id')
    .select(['d.theme_id as themeId', 'd.after_theme_id as afterThemeId'])
    .where('themes.cycle_id', '=', cycleId)
    .orderBy('d.theme_id')
    .orderBy('d.after_theme_id')
    .execute();
}

/** False when the dependency already existed. */
export async function insertDependency(db: Kysely<Database>, dependency: Dependency): Promise<boolean> {
  const rows = await db
    .insertInto('theme_dependencies')
    .values({ theme_id: dependency.themeId, after_theme_id: dependency.afterThemeId })
    .onConflict((oc) => oc.doNothing())
    .returning('theme_id')
    .execute();
  return rows.length > 0;
}

/** False when there was no such dependency. */
export async function deleteDependency(db: Kysely<Database>, dependency: Dependency): Promise<boolean> {
  const result = await db
    .deleteFrom('theme_dependencies')
    .where('theme_id', '=', dependency.themeId)
    .where('after_theme_id', '=', dependency.afterThemeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Locks the cycle's row: timeline changes of one cycle take turns (a proposal and a move cannot interleave). */
export async function lockCycleTimeline(db: Kysely<Database>, cycleId: number): Promise<boolean> {
  const row = await db.selectFrom('cycles').select('id').where('id', '=', cycleId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/** The newest closed rating round of the cycle (by closing time), whose combined ranking orders the proposal. */
export async function latestClosedRatingRound(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ id: number; name: string; closedAt: Date | null } | null> {
  const row = await db
    .selectFrom('rating_rounds')
    .select(['id', 'name', 'closed_at as closedAt'])
    .where('cycle_id', '=', cycleId)
    .where('kind', '=', 'rating')
    .where('status', '=', 'closed')
    .orderBy(sql`closed_at desc nulls last`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}
