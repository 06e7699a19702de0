import type { Kysely } from 'kysely';
import {
  checkTimeline,
  compareByPriority,
  proposeTimeline,
  type ScheduleTheme
} from '../../../analysis/schedule/index.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  type Dependency,
  deleteDependency,
  deletePlacements,
  findPlacement,
  findTimelineTheme,
  insertDependency,
  latestClosedRatingRound,
  listDependencies,
  listPlacements,
  listSchoolYears,
  listTimelineThemes,
  lockCycleTimeline,
  type NewPlacement,
  setPositions,
  type TimelineTheme,
  updateCapacity,
  upsertPlacements
} from '../../../db/queries/timeline.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import type {
  DependencyBody,
  PlacementBody,
  PlacementReasonDto,
  TimelineDto,
  TimelineThemeDto
} from '../../shared/timeline.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { roundAnalytics } from './analytics.js';

type Db = Kysely<Database>;

interface Priority {
  source: TimelineDto['prioritySource'];
  rankOf: Map<number, number>;
}

/**
 * The priority of the cycle's themes: the combined ranking of its newest closed rating round (as staff see it,
 * default weights). No closed round: every theme unranked, so the proposal orders them by size.
 */
async function priorityOf(db: Db, cycleId: number): Promise<Priority> {
  const round = await latestClosedRatingRound(db, cycleId);
  if (!round) return { source: null, rankOf: new Map() };
  const analytics = await roundAnalytics(db, round.id, {}, 'staff');
  const rankOf = new Map<number, number>();
  for (const t of analytics.themes) if (t.combinedRank !== null) rankOf.set(t.themeId, t.combinedRank);
  return { source: { roundId: round.id, name: round.name, closedAt: round.closedAt }, rankOf };
}

async function requireCycle(db: Db, cycleId: number): Promise<void> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
}

const toSchedule = (t: TimelineTheme, rank: number | null): ScheduleTheme => ({
  id: t.id,
  name: t.name,
  priority: rank,
  overarching: t.isOverarching,
  size: t.size
});

/** The cycle's timeline: years with their themes, overarching themes, the pool of unplaced themes, and its flags. */
export async function timeline(db: Db, cycleId: number): Promise<TimelineDto> {
  await requireCycle(db, cycleId);
  const [years, themes, placements, dependencies, priority] = await Promise.all([
    listSchoolYears(db, cycleId),
    listTimelineThemes(db, cycleId),
    listPlacements(db, cycleId),
    listDependencies(db, cycleId),
    priorityOf(db, cycleId)
  ]);
  const placementOf = new Map(placements.map((p) => [p.themeId, p]));
  const flags = checkTimeline(
    themes.map((t) => ({ themeId: t.id, year: placementOf.get(t.id)?.year ?? null, overarching: t.isOverarching })),
    years,
    dependencies
  );
  const dto = (t: TimelineTheme): TimelineThemeDto => {
    const p = placementOf.get(t.id);
    return {
      id: t.id,
      name: t.name,
      size: t.size,
      rank: priority.rankOf.get(t.id) ?? null,
      isOverarching: t.isOverarching,
      isAdHoc: t.isAdHoc,
      year: t.isOverarching ? null : (p?.year ?? null),
      pinned: !t.isOverarching && (p?.pinned ?? false),
      position: p?.position ?? 0,
      reason: t.isOverarching
        ? { code: 'overarching', params: {} }
        : ((p?.reason as PlacementReasonDto | null) ?? null),
      broken: flags.brokenDependencies.filter((b) => b.themeId === t.id)
    };
  };
  const all = themes.map(dto);
  const scheduleOf = new Map(themes.map((t) => [t.id, toSchedule(t, priority.rankOf.get(t.id) ?? null)]));
  const byPriority = (a: TimelineThemeDto, b: TimelineThemeDto) =>
    compareByPriority(scheduleOf.get(a.id)!, scheduleOf.get(b.id)!);
  const nameOf = new Map(themes.map((t) => [t.id, t.name]));
  return {
    cycleId,
    prioritySource: priority.source,
    years: years.map((y) => ({
      ...y,
      themes: all
        .filter((t) => !t.isOverarching && t.year === y.startsOn)
        .sort((a, b) => a.position - b.position || a.id - b.id)
    })),
    overarching: all.filter((t) => t.isOverarching).sort(byPriority),
    unplaced: all.filter((t) => !t.isOverarching && t.year === null).sort(byPriority),
    dependencies: dependencies.map((d) => ({
      ...d,
      themeName: nameOf.get(d.themeId) ?? '',
      afterThemeName: nameOf.get(d.afterThemeId) ?? ''
    })),
    flags,
    manualUnpinned: all.filter((t) => !t.pinned && t.reason?.code === 'manual').length
  };
}

/**
 * A new proposal: pinned placements stay, every other theme is placed by priority, capacity and "after"
 * dependencies (analysis/schedule), each with the reason it landed there. Overarching themes keep no placement.
 */
export async function makeProposal(db: Db, input: { cycleId: number; userId: number }): Promise<TimelineDto> {
  await requireCycle(db, input.cycleId);
  // The ranking is computed before the transaction: it is read-only and the slowest part.
  const priority = await priorityOf(db, input.cycleId);
  await inTransaction(db, async (trx) => {
    await lockCycleTimeline(trx, input.cycleId);
    const [years, themes, placements, dependencies] = await Promise.all([
      listSchoolYears(trx, input.cycleId),
      listTimelineThemes(trx, input.cycleId),
      listPlacements(trx, input.cycleId),
      listDependencies(trx, input.cycleId)
    ]);
    const placementOf = new Map(placements.map((p) => [p.themeId, p]));
    const proposal = proposeTimeline({
      years,
      themes: themes.map((t) => {
        const p = placementOf.get(t.id);
        return { ...toSchedule(t, priority.rankOf.get(t.id) ?? null), pin: p?.pinned ? { year: p.year } : null };
      }),
      dependencies
    });
    const next = new Map<string | null, number>();
    const rows: NewPlacement[] = [];
    // Pinned themes keep their order at the head of their year; the others follow in the order they were placed.
    const pinnedFirst = [...proposal.placements].sort((a, b) => {
      const pa = placementOf.get(a.themeId);
      const pb = placementOf.get(b.themeId);
      return (
        Number(pb?.pinned ?? false) - Number(pa?.pinned ?? false) ||
        (pa?.pinned && pb?.pinned ? pa.position - pb.position : 0)
      );
    });
    for (const p of pinnedFirst) {
      if (p.reason.code === 'overarching') continue;
      const position = next.get(p.year) ?? 0;
      next.set(p.year, position + 1);
      const pinned = placementOf.get(p.themeId)?.pinned ?? false;
      // A pinned placement keeps the reason it had (manual, or the proposal that put it there).
      const reason = pinned ? (placementOf.get(p.themeId)?.reason ?? p.reason) : p.reason;
      rows.push({ themeId: p.themeId, year: p.year, pinned, position, reason });
    }
    await deletePlacements(
      trx,
      themes.filter((t) => t.isOverarching).map((t) => t.id)
    );
    await upsertPlacements(trx, input.cycleId, rows, input.userId);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'timeline.propose',
      entity: 'cycle',
      entityId: input.cycleId,
      before: placements.map((p) => ({ themeId: p.themeId, year: p.year, pinned: p.pinned })),
      after: {
        prioritySource: priority.source?.roundId ?? null,
        placements: rows.map((r) => ({ themeId: r.themeId, year: r.year, pinned: r.pinned, reason: r.reason?.code })),
        cycles: proposal.cycles
      }
    });
  });
  return timeline(db, input.cycleId);
}

/**
 * A person moves a theme: to a school year (at a position, default last) or off the timeline (year null). The
 * placement is pinned by default so the next proposal keeps it; its reason becomes "manual" when the year changes
 * (re-ordering within a year or (un)pinning keeps the reason it had).
 */
export async function moveTheme(
  db: Db,
  input: { themeId: number; body: PlacementBody; userId: number }
): Promise<TimelineDto> {
  const theme = await findTimelineTheme(db, input.themeId);
  if (!theme) throw notFound('Theme', input.themeId);
  if (theme.isOverarching) {
    throw conflict(
      'overarching_theme',
      `'${theme.name}' is overarching: it spans every school year. Make it not overarching on the theme board first.`
    );
  }
  const { year } = input.body;
  await inTransaction(db, async (trx) => {
    await lockCycleTimeline(trx, theme.cycleId);
    const years = await listSchoolYears(trx, theme.cycleId);
    if (year !== null && !years.some((y) => y.startsOn === year)) {
      throw badRequest(
        'unknown_school_year',
        `The cycle has no school year starting ${year}; its years start ${years.map((y) => y.startsOn).join(', ')}.`,
        { year }
      );
    }
    const before = await findPlacement(trx, theme.id);
    const pinned = input.body.pinned ?? true;
    const sameYear = before !== null && before.year === year;
    const reason = sameYear ? before.reason : { code: 'manual', params: {} };
    const others = (await listPlacements(trx, theme.cycleId)).filter((p) => p.year === year && p.themeId !== theme.id);
    const order = others.map((p) => p.themeId);
    const at = Math.min(input.body.position ?? order.length, order.length);
    order.splice(at, 0, theme.id);
    await upsertPlacements(
      trx,
      theme.cycleId,
      [{ themeId: theme.id, year, pinned, position: at, reason }],
      input.userId
    );
    await setPositions(trx, order);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'timeline.move',
      entity: 'theme',
      entityId: theme.id,
      before: before && { year: before.year, pinned: before.pinned, position: before.position, reason: before.reason },
      after: { year, pinned, position: at, reason }
    });
  });
  return timeline(db, theme.cycleId);
}

export async function setCapacity(
  db: Db,
  input: { cycleId: number; startsOn: string; capacity: number; userId: number }
): Promise<TimelineDto> {
  await requireCycle(db, input.cycleId);
  await inTransaction(db, async (trx) => {
    const before = await updateCapacity(trx, input.cycleId, input.startsOn, input.capacity);
    if (before === null) throw notFound('School year', input.startsOn);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'timeline.capacity',
      entity: 'school_year',
      entityId: `${input.cycleId}:${input.startsOn}`,
      before: { capacity: before },
      after: { capacity: input.capacity }
    });
  });
  return timeline(db, input.cycleId);
}

/** Would adding "theme after afterTheme" close a circle, i.e. does afterTheme already (transitively) come after theme? */
function wouldCycle(dependencies: readonly Dependency[], added: Dependency): boolean {
  const seen = new Set<number>();
  const stack = [added.afterThemeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === added.themeId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const d of dependencies) if (d.themeId === id) stack.push(d.afterThemeId);
  }
  return false;
}

export async function addDependency(
  db: Db,
  input: { cycleId: number; body: DependencyBody; userId: number }
): Promise<TimelineDto> {
  await requireCycle(db, input.cycleId);
  const { themeId, afterThemeId } = input.body;
  if (themeId === afterThemeId) {
    throw badRequest('self_dependency', 'A theme cannot come after itself.', { themeId });
  }
  await inTransaction(db, async (trx) => {
    await lockCycleTimeline(trx, input.cycleId);
    const themes = await listTimelineThemes(trx, input.cycleId);
    const find = async (id: number) => {
      const theme = themes.find((t) => t.id === id);
      if (theme) return theme;
      const elsewhere = await findTimelineTheme(trx, id);
      throw elsewhere
        ? badRequest('theme_not_in_cycle', `Theme '${elsewhere.name}' (${id}) belongs to another cycle.`, {
            themeId: id
          })
        : badRequest('unknown_theme', `Theme ${id} does not exist.`, { themeId: id });
    };
    const theme = await find(themeId);
    const after = await find(afterThemeId);
    const overarching = [theme, after].find((t) => t.isOverarching);
    if (overarching) {
      throw badRequest(
        'overarching_dependency',
        `'${overarching.name}' is overarching: it spans every school year, so nothing can come before or after it.`,
        { themeId: overarching.id }
      );
    }
    const dependencies = await listDependencies(trx, input.cycleId);
    if (wouldCycle(dependencies, { themeId, afterThemeId })) {
      throw badRequest(
        'dependency_cycle',
        `'${after.name}' already comes after '${theme.name}' (directly or through other themes): '${theme.name}' cannot also come after '${after.name}'.`,
        { themeId, afterThemeId }
      );
    }
    if (!(await insertDependency(trx, { themeId, afterThemeId }))) {
      throw conflict('dependency_exists', `'${theme.name}' already comes after '${after.name}'.`, {
        themeId,
        afterThemeId
      });
    }
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'timeline.dependency_add',
      entity: 'theme',
      entityId: themeId,
      after: { themeId, afterThemeId }
    });
  });
  return timeline(db, input.cycleId);
}

export async function removeDependency(
  db: Db,
  input: { cycleId: number; themeId: number; afterThemeId: number; userId: number }
): Promise<TimelineDto> {
  await requireCycle(db, input.cycleId);
  const { themeId, afterThemeId } = input;
  await inTransaction(db, async (trx) => {
    const theme = await findTimelineTheme(trx, themeId);
    if (!theme || theme.cycleId !== input.cycleId || !(await deleteDependency(trx, { themeId, afterThemeId }))) {
      throw notFound('Dependency', `${themeId} after ${afterThemeId}`);
    }
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'timeline.dependency_remove',
      entity: 'theme',
      entityId: themeId,
      before: { themeId, afterThemeId }
    });
  });
  return timeline(db, input.cycleId);
}
