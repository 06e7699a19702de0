import { describe, expect, it } from 'vitest';
import { checkTimeline } from './check-timeline.js';

const Y1 = '2024-09-01';
const Y2 = '2025-09-01';
const years = [
  { startsOn: Y1, capacity: 1 },
  { startsOn: Y2, capacity: 2 }
];

describe('checkTimeline', () => {
  it.each([
    {
      description: 'a timeline within capacity and order: nothing to flag',
      placements: [
        { themeId: 1, year: Y1 },
        { themeId: 2, year: Y2 }
      ],
      dependencies: [{ themeId: 2, afterThemeId: 1 }],
      expected: { overCapacity: [], brokenDependencies: [] }
    },
    {
      description: 'more themes than capacity; overarching and unplaced themes do not count',
      placements: [
        { themeId: 1, year: Y1 },
        { themeId: 2, year: Y1 },
        { themeId: 3, year: null },
        { themeId: 4, year: null, overarching: true }
      ],
      dependencies: [],
      expected: { overCapacity: [{ year: Y1, count: 2, capacity: 1 }], brokenDependencies: [] }
    },
    {
      description: 'before, in the same year, or after an unplaced (or missing) theme',
      placements: [
        { themeId: 1, year: Y2 },
        { themeId: 2, year: Y1 },
        { themeId: 3, year: Y2 },
        { themeId: 4, year: Y2 },
        { themeId: 5, year: null }
      ],
      dependencies: [
        { themeId: 2, afterThemeId: 1 },
        { themeId: 3, afterThemeId: 1 },
        { themeId: 4, afterThemeId: 5 },
        { themeId: 4, afterThemeId: 9 }
      ],
      expected: {
        overCapacity: [{ year: Y2, count: 3, capacity: 2 }],
        brokenDependencies: [
          { themeId: 2, afterThemeId: 1, reason: 'before' },
          { themeId: 3, afterThemeId: 1, reason: 'same_year' },
          { themeId: 4, afterThemeId: 5, reason: 'unplaced_prerequisite' },
          { themeId: 4, afterThemeId: 9, reason: 'unplaced_prerequisite' }
        ]
      }
    },
    {
      description: 'an unplaced theme, or one with an overarching theme, breaks nothing',
      placements: [
        { themeId: 1, year: null },
        { themeId: 2, year: Y1 },
        { themeId: 3, year: null, overarching: true }
      ],
      dependencies: [
        { themeId: 1, afterThemeId: 2 },
        { themeId: 2, afterThemeId: 3 }
      ],
      expected: { overCapacity: [], brokenDependencies: [] }
    }
  ])('$description', ({ placements, dependencies, expected }) => {
    expect(checkTimeline(placements, years, dependencies)).toEqual(expected);
  });
});
