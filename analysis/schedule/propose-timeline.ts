/**
 * The automatic timeline proposal: which school year each theme lands in, and why.
 *
 * "B comes after A" is read at school-year granularity: B may only start in a school year strictly later than A's.
 * A theme fills its school year (a year is the unit the centre plans its work in), so a theme that builds on
 * another one starts once that one is done — the next school year at the earliest. checkTimeline uses the same rule.
 *
 * Overarching themes span every school year: they take no capacity, and a dependency on or of an overarching theme
 * constrains nothing (it runs alongside everything).
 */

export interface ScheduleYear {
  /** ISO date of 1 September, the year's key. */
  startsOn: string;
  /** How many themes the year can take. */
  capacity: number;
}

export interface ScheduleTheme {
  id: number;
  name: string;
  /** Rank in the priority ranking, 1 = highest; null = unranked (after every ranked theme). */
  priority: number | null;
  overarching: boolean;
  /**
   * Where a person pinned the theme: a school year, or null for "niet ingepland" (kept out of the timeline on
   * purpose). Absent or undefined: not pinned, the proposal decides.
   */
  pin?: { year: string | null } | null;
  /** Active questions in the theme: the tie-breaker for unranked themes (larger first). */
  size: number;
}

/** `themeId` comes after `afterThemeId`. */
export interface ScheduleDependency {
  themeId: number;
  afterThemeId: number;
}

export type ReasonParams = Record<string, string | number | null | string[]>;

/**
 * Why a theme landed where it did, as data a page can put in its own language:
 * - overarching {}: spans every school year;
 * - pinned {year}: kept where a person put it (year null: kept out of the timeline);
 * - priority {rank, year}: the earliest year with room, in priority order;
 * - after_dependency {rank, year, afterThemeId, afterThemeName}: pushed later by the theme it comes after;
 * - capacity {rank, year, fullYears}: the earlier years it could go in were full;
 * - no_capacity {rank, fullYears}: every year it could go in is full;
 * - no_later_year {afterThemeId, afterThemeName}: the theme it comes after is in the last school year;
 * - dependency_unplaced {afterThemeId, afterThemeName}: the theme it comes after is not placed;
 * - dependency_cycle {themeNames}: its "after" dependencies go round in a circle.
 * A manual placement (code manual) is made by the service, not here.
 */
export interface PlacementReason {
  code: string;
  params: ReasonParams;
}

export interface ProposedPlacement {
  themeId: number;
  /** The school year (its startsOn); null: not placed (or overarching: every year). */
  year: string | null;
  reason: PlacementReason;
}

export interface TimelineProposal {
  /** One per theme, in the order the proposal considered them (pinned first, then by priority). */
  placements: ProposedPlacement[];
  /** Groups of theme ids whose dependencies form a cycle (each sorted by id); the proposal leaves them unplaced. */
  cycles: number[][];
}

export interface ProposalInput {
  years: readonly ScheduleYear[];
  themes: readonly ScheduleTheme[];
  dependencies: readonly ScheduleDependency[];
}

/** Priority order: ranked themes by rank, then unranked ones; ties and unranked themes by size (desc), name, id. */
export function compareByPriority(a: ScheduleTheme, b: ScheduleTheme): number {
  const rank = (t: ScheduleTheme) => t.priority ?? Number.POSITIVE_INFINITY;
  return (
    rank(a) - rank(b) || b.size - a.size || a.name.localeCompare(b.name, 'nl') || a.id - b.id || 0 // Infinity − Infinity
  );
}

/** Strongly connected components with more than one theme (Tarjan), i.e. the dependency cycles. */
function findCycles(ids: readonly number[], after: ReadonlyMap<number, readonly number[]>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const cycles: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of after.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort((x, y) => x - y));
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return cycles.sort((x, y) => x[0]! - y[0]!);
}

/**
 * Places themes on the school years:
 * 1. overarching themes span every year (no year, no capacity);
 * 2. pinned themes stay where they are and count against their year's capacity, even beyond it;
 * 3. the others, in priority order, go into the earliest year with room that is strictly later than the year of
 *    every theme they come after. A theme that others wait for inherits the highest priority among them, so a
 *    low-ranked prerequisite of the first-ranked theme is not crowded out.
 * Deterministic: the same input gives the same proposal.
 *
 * @example proposeTimeline({ years: [{ startsOn: '2024-09-01', capacity: 1 }, { startsOn: '2025-09-01', capacity: 1 }],
 *   themes: [a (rank 1), b (rank 2)], dependencies: [] }) → a in 2024, reason priority; b in 2025, reason capacity.
 */
export function proposeTimeline(input: ProposalInput): TimelineProposal {
  const yearIndex = new Map(input.years.map((y, i) => [y.startsOn, i]));
  const themes = new Map(input.themes.map((t) => [t.id, t]));
  const nameOf = (id: number) => themes.get(id)?.name ?? String(id);
  const constrained = (id: number) => themes.has(id) && !themes.get(id)!.overarching;

  // prerequisites: theme → the themes it comes after; dependents: the reverse. Only between non-overarching themes.
  const prerequisites = new Map<number, number[]>();
  const dependents = new Map<number, number[]>();
  for (const d of input.dependencies) {
    if (d.themeId === d.afterThemeId || !constrained(d.themeId) || !constrained(d.afterThemeId)) continue;
    const list = prerequisites.get(d.themeId) ?? [];
    if (list.includes(d.afterThemeId)) continue;
    list.push(d.afterThemeId);
    prerequisites.set(d.themeId, list);
    dependents.set(d.afterThemeId, [...(dependents.get(d.afterThemeId) ?? []), d.themeId]);
  }

  const ordered = [...input.themes].sort(compareByPriority);
  const order = new Map(ordered.map((t, i) => [t.id, i]));
  const placements: ProposedPlacement[] = [];
  const yearOf = new Map<number, number | null>();
  const used = input.years.map(() => 0);

  for (const theme of ordered) {
    if (theme.overarching)
      placements.push({ themeId: theme.id, year: null, reason: { code: 'overarching', params: {} } });
  }
  const pinned = ordered.filter((t) => !t.overarching && t.pin);
  for (const theme of pinned) {
    const year = theme.pin!.year;
    const index = year === null ? null : yearIndex.get(year);
    if (index === undefined) throw new RangeError(`Theme ${theme.id} is pinned to ${year}, not a school year given.`);
    if (index !== null) used[index]!++;
    yearOf.set(theme.id, index);
    placements.push({ themeId: theme.id, year, reason: { code: 'pinned', params: { year } } });
  }

  // Effective priority: the best position among the theme and everything that (transitively) comes after it.
  const free = ordered.filter((t) => !t.overarching && !t.pin);
  const effective = new Map<number, number>();
  for (const t of free) {
    let best = order.get(t.id)!;
    const seen = new Set([t.id]);
    const queue = [t.id];
    while (queue.length > 0) {
      for (const next of dependents.get(queue.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        best = Math.min(best, order.get(next)!);
        queue.push(next);
      }
    }
    effective.set(t.id, best);
  }

  // Kahn's algorithm over the free themes; pinned themes are already placed, so they are always "done".
  const waiting = new Map(
    free.map((t) => [t.id, (prerequisites.get(t.id) ?? []).filter((p) => !yearOf.has(p)).length])
  );
  const key = (id: number) => [effective.get(id)!, order.get(id)!] as const;
  const ready = free.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  const pickNext = (): number | undefined => {
    if (ready.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < ready.length; i++) {
      const [e, o] = key(ready[i]!);
      const [be, bo] = key(ready[best]!);
      if (e < be || (e === be && o < bo)) best = i;
    }
    return ready.splice(best, 1)[0];
  };

  for (let id = pickNext(); id !== undefined; id = pickNext()) {
    const theme = themes.get(id)!;
    const placement = placeOne(theme);
    placements.push(placement);
    for (const next of dependents.get(id) ?? []) {
      if (!waiting.has(next)) continue;
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }

  function placeOne(theme: ScheduleTheme): ProposedPlacement {
    const rank = theme.priority;
    let earliest = 0;
    let limiting: number | null = null;
    for (const p of prerequisites.get(theme.id) ?? []) {
      const year = yearOf.get(p);
      if (year === null || year === undefined) {
        yearOf.set(theme.id, null);
        return {
          themeId: theme.id,
          year: null,
          reason: { code: 'dependency_unplaced', params: { afterThemeId: p, afterThemeName: nameOf(p) } }
        };
      }
      if (year + 1 > earliest || (year + 1 === earliest && limiting !== null && order.get(p)! < order.get(limiting)!)) {
        earliest = year + 1;
        limiting = p;
      }
    }
    if (earliest >= input.years.length) {
      yearOf.set(theme.id, null);
      return {
        themeId: theme.id,
        year: null,
        reason: { code: 'no_later_year', params: { afterThemeId: limiting!, afterThemeName: nameOf(limiting!) } }
      };
    }
    const fullYears: string[] = [];
    for (let i = earliest; i < input.years.length; i++) {
      if (used[i]! < input.years[i]!.capacity) {
        used[i]!++;
        yearOf.set(theme.id, i);
        const year = input.years[i]!.startsOn;
        if (fullYears.length > 0)
          return { themeId: theme.id, year, reason: { code: 'capacity', params: { rank, year, fullYears } } };
        if (limiting !== null) {
          return {
            themeId: theme.id,
            year,
            reason: {
              code: 'after_dependency',
              params: { rank, year, afterThemeId: limiting, afterThemeName: nameOf(limiting) }
            }
          };
        }
        return { themeId: theme.id, year, reason: { code: 'priority', params: { rank, year } } };
      }
      fullYears.push(input.years[i]!.startsOn);
    }
    yearOf.set(theme.id, null);
    return { themeId: theme.id, year: null, reason: { code: 'no_capacity', params: { rank, fullYears } } };
  }

  // Whatever Kahn's algorithm never reached waits on a cycle, directly or through another theme.
  const stuck = free.filter((t) => !yearOf.has(t.id)).map((t) => t.id);
  const stuckSet = new Set(stuck);
  const stuckAfter = new Map(stuck.map((id) => [id, (prerequisites.get(id) ?? []).filter((p) => stuckSet.has(p))]));
  const cycles = findCycles(stuck, stuckAfter);
  const cycleOf = new Map(cycles.flatMap((c) => c.map((id) => [id, c] as const)));
  for (const id of stuck) {
    const cycle = cycleOf.get(id);
    if (cycle) {
      placements.push({
        themeId: id,
        year: null,
        reason: { code: 'dependency_cycle', params: { themeNames: cycle.map(nameOf) } }
      });
    } else {
      const blocking = (prerequisites.get(id) ?? [])
        .filter((p) => stuckSet.has(p))
        .sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      placements.push({
        themeId: id,
        year: null,
        reason: { code: 'dependency_unplaced', params: { afterThemeId: blocking, afterThemeName: nameOf(blocking) } }
      });
    }
  }
  return { placements, cycles };
}
