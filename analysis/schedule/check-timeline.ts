import type { ScheduleDependency, ScheduleYear } from './propose-timeline.js';

export interface PlacedTheme {
  themeId: number;
  /** The school year (its startsOn), or null: not placed. */
  year: string | null;
  /** Overarching themes span every year: no capacity, no dependency constraint. */
  overarching?: boolean;
}

export interface OverCapacity {
  year: string;
  count: number;
  capacity: number;
}

/**
 * A dependency the timeline breaks: the theme is placed in an earlier year than the one it comes after (before), in
 * the same year (same_year: "after" means a strictly later school year, see propose-timeline.ts), or while the theme
 * it comes after is not placed at all (unplaced_prerequisite). A theme that is itself not placed breaks nothing.
 */
export interface BrokenDependency {
  themeId: number;
  afterThemeId: number;
  reason: 'before' | 'same_year' | 'unplaced_prerequisite';
}

export interface TimelineFlags {
  overCapacity: OverCapacity[];
  brokenDependencies: BrokenDependency[];
}

/**
 * What is wrong with a timeline, however it came about: years holding more themes than their capacity, and
 * "after" dependencies it breaks. Themes missing from `placements` count as not placed; a dependency with an
 * overarching theme on either side constrains nothing.
 *
 * @example checkTimeline([{ themeId: 1, year: '2024-09-01' }, { themeId: 2, year: '2024-09-01' }],
 *   [{ startsOn: '2024-09-01', capacity: 1 }], [{ themeId: 2, afterThemeId: 1 }])
 *   → overCapacity [{ year: '2024-09-01', count: 2, capacity: 1 }], brokenDependencies [{ 2, 1, same_year }]
 */
export function checkTimeline(
  placements: readonly PlacedTheme[],
  years: readonly ScheduleYear[],
  dependencies: readonly ScheduleDependency[]
): TimelineFlags {
  const byTheme = new Map(placements.map((p) => [p.themeId, p]));
  const yearIndex = new Map(years.map((y, i) => [y.startsOn, i]));
  const overCapacity = years
    .map((y) => ({
      year: y.startsOn,
      count: placements.filter((p) => !p.overarching && p.year === y.startsOn).length,
      capacity: y.capacity
    }))
    .filter((y) => y.count > y.capacity);

  const brokenDependencies: BrokenDependency[] = [];
  for (const d of dependencies) {
    const theme = byTheme.get(d.themeId);
    const after = byTheme.get(d.afterThemeId);
    if (!theme || theme.overarching || after?.overarching || theme.year === null) continue;
    const themeYear = yearIndex.get(theme.year);
    const afterYear = after?.year == null ? undefined : yearIndex.get(after.year);
    if (themeYear === undefined) continue;
    const reason =
      afterYear === undefined
        ? 'unplaced_prerequisite'
        : themeYear < afterYear
          ? 'before'
          : themeYear === afterYear
            ? 'same_year'
            : null;
    if (reason) brokenDependencies.push({ themeId: d.themeId, afterThemeId: d.afterThemeId, reason });
  }
  brokenDependencies.sort((a, b) => a.themeId - b.themeId || a.afterThemeId - b.afterThemeId);
  return { overCapacity, brokenDependencies };
}
