import { describe, expect, it } from 'vitest';
import { type ProposalInput, proposeTimeline, type ScheduleTheme } from './propose-timeline.js';

const Y1 = '2024-09-01';
const Y2 = '2025-09-01';
const Y3 = '2026-09-01';
const years = (c1: number, c2: number, c3: number) => [
  { startsOn: Y1, capacity: c1 },
  { startsOn: Y2, capacity: c2 },
  { startsOn: Y3, capacity: c3 }
];
const theme = (id: number, priority: number | null, extra: Partial<ScheduleTheme> = {}): ScheduleTheme => ({
  id,
  name: `T${id}`,
  priority,
  overarching: false,
  size: 1,
  ...extra
});

/** themeId → [year, reason code], the shape most cases check. */
function summary(input: ProposalInput) {
  const { placements } = proposeTimeline(input);
  return Object.fromEntries(placements.map((p) => [p.themeId, [p.year, p.reason.code]]));
}

describe('proposeTimeline', () => {
  it.each([
    {
      description: 'by priority into the earliest year with room, then the next when it is full',
      input: { years: years(2, 1, 1), themes: [theme(3, 3), theme(1, 1), theme(2, 2), theme(4, 4)], dependencies: [] },
      expected: { 1: [Y1, 'priority'], 2: [Y1, 'priority'], 3: [Y2, 'capacity'], 4: [Y3, 'capacity'] }
    },
    {
      description: 'no room left anywhere: not placed',
      input: { years: years(1, 0, 0), themes: [theme(1, 1), theme(2, 2)], dependencies: [] },
      expected: { 1: [Y1, 'priority'], 2: [null, 'no_capacity'] }
    },
    {
      description: 'unranked themes after ranked ones, larger first, then by name',
      input: {
        years: years(1, 1, 1),
        themes: [theme(1, null, { size: 2, name: 'B' }), theme(2, null, { size: 2, name: 'A' }), theme(3, 5)],
        dependencies: []
      },
      expected: { 3: [Y1, 'priority'], 2: [Y2, 'capacity'], 1: [Y3, 'capacity'] }
    },
    {
      description: 'overarching themes span all years and take no capacity',
      input: { years: years(1, 0, 0), themes: [theme(1, 1, { overarching: true }), theme(2, 2)], dependencies: [] },
      expected: { 1: [null, 'overarching'], 2: [Y1, 'priority'] }
    },
    {
      description: 'pinned themes stay, count against capacity, even beyond it',
      input: {
        years: years(1, 1, 1),
        themes: [theme(1, 1), theme(2, 9, { pin: { year: Y1 } }), theme(3, 9, { pin: { year: Y1 } })],
        dependencies: []
      },
      expected: { 2: [Y1, 'pinned'], 3: [Y1, 'pinned'], 1: [Y2, 'capacity'] }
    },
    {
      description: 'a theme pinned out of the timeline stays out',
      input: { years: years(5, 5, 5), themes: [theme(1, 1, { pin: { year: null } })], dependencies: [] },
      expected: { 1: [null, 'pinned'] }
    },
    {
      description: '"after" means a strictly later year',
      input: {
        years: years(5, 5, 5),
        themes: [theme(1, 1), theme(2, 2)],
        dependencies: [{ themeId: 1, afterThemeId: 2 }]
      },
      expected: { 2: [Y1, 'priority'], 1: [Y2, 'after_dependency'] }
    },
    {
      description: 'after a pinned theme',
      input: {
        years: years(5, 5, 5),
        themes: [theme(1, 1), theme(2, 2, { pin: { year: Y2 } })],
        dependencies: [{ themeId: 1, afterThemeId: 2 }]
      },
      expected: { 2: [Y2, 'pinned'], 1: [Y3, 'after_dependency'] }
    },
    {
      description: 'after a theme in the last year: no later year',
      input: {
        years: years(5, 5, 5),
        themes: [theme(1, 1), theme(2, 2, { pin: { year: Y3 } })],
        dependencies: [{ themeId: 1, afterThemeId: 2 }]
      },
      expected: { 2: [Y3, 'pinned'], 1: [null, 'no_later_year'] }
    },
    {
      description: 'after a theme that found no room: not placed either',
      input: {
        years: years(1, 0, 0),
        themes: [theme(1, 1), theme(2, 2), theme(3, 3)],
        dependencies: [{ themeId: 3, afterThemeId: 2 }]
      },
      expected: { 1: [Y1, 'priority'], 2: [null, 'no_capacity'], 3: [null, 'dependency_unplaced'] }
    },
    {
      description: 'a low-ranked prerequisite of the first theme goes before the second theme',
      input: {
        years: years(1, 1, 1),
        themes: [theme(1, 1), theme(2, 2), theme(3, 3)],
        dependencies: [{ themeId: 1, afterThemeId: 3 }]
      },
      expected: { 3: [Y1, 'priority'], 1: [Y2, 'after_dependency'], 2: [Y3, 'capacity'] }
    },
    {
      description: 'dependencies with an overarching theme constrain nothing',
      input: {
        years: years(5, 5, 5),
        themes: [theme(1, 1), theme(2, 2, { overarching: true })],
        dependencies: [{ themeId: 1, afterThemeId: 2 }]
      },
      expected: { 2: [null, 'overarching'], 1: [Y1, 'priority'] }
    },
    {
      description: 'a cycle leaves its themes, and those after them, unplaced',
      input: {
        years: years(5, 5, 5),
        themes: [theme(1, 1), theme(2, 2), theme(3, 3), theme(4, 4)],
        dependencies: [
          { themeId: 1, afterThemeId: 2 },
          { themeId: 2, afterThemeId: 1 },
          { themeId: 3, afterThemeId: 2 }
        ]
      },
      expected: {
        4: [Y1, 'priority'],
        1: [null, 'dependency_cycle'],
        2: [null, 'dependency_cycle'],
        3: [null, 'dependency_unplaced']
      }
    }
  ])('$description', ({ input, expected }) => {
    expect(summary(input)).toEqual(expected);
  });

  it('says why, with the parameters a sentence needs', () => {
    const { placements, cycles } = proposeTimeline({
      years: years(1, 1, 1),
      themes: [theme(1, 1), theme(2, 2), theme(3, 3), theme(4, 4), theme(5, 5), theme(6, 6)],
      dependencies: [
        { themeId: 2, afterThemeId: 1 },
        { themeId: 5, afterThemeId: 6 },
        { themeId: 6, afterThemeId: 5 }
      ]
    });
    const reason = (id: number) => placements.find((p) => p.themeId === id)!.reason;
    expect(reason(1)).toEqual({ code: 'priority', params: { rank: 1, year: Y1 } });
    expect(reason(2)).toEqual({
      code: 'after_dependency',
      params: { rank: 2, year: Y2, afterThemeId: 1, afterThemeName: 'T1' }
    });
    expect(reason(3)).toEqual({ code: 'capacity', params: { rank: 3, year: Y3, fullYears: [Y1, Y2] } });
    expect(reason(4)).toEqual({ code: 'no_capacity', params: { rank: 4, fullYears: [Y1, Y2, Y3] } });
    expect(reason(5)).toEqual({ code: 'dependency_cycle', params: { themeNames: ['T5', 'T6'] } });
    expect(cycles).toEqual([[5, 6]]);
  });

  it('is deterministic: the order of the input does not matter', () => {
    const themes = [theme(1, null, { size: 3 }), theme(2, 1), theme(3, null, { size: 3 }), theme(4, 2), theme(5, 2)];
    const dependencies = [{ themeId: 4, afterThemeId: 3 }];
    const a = proposeTimeline({ years: years(2, 2, 1), themes, dependencies });
    const b = proposeTimeline({ years: years(2, 2, 1), themes: [...themes].reverse(), dependencies });
    expect(b).toEqual(a);
  });

  it('refuses a pin to a year it was not given', () => {
    expect(() =>
      proposeTimeline({
        years: years(1, 1, 1),
        themes: [theme(1, 1, { pin: { year: '2030-09-01' } })],
        dependencies: []
      })
    ).toThrow(RangeError);
  });
});
