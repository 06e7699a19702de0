import { describe, expect, it } from 'vitest';
import { bordaPoints, competitionRanks, weightedMean } from './ranking.js';

describe('weightedMean', () => {
  it.each([
    {
      description: 'one criterion: the plain mean (3 + 5) / 2',
      criteria: [{ weight: 1, n: 2, sum: 8 }],
      expected: 4
    },
    {
      description: 'criteria combined by weight: (2 · 4.5 + 1 · 3) / 3',
      criteria: [
        { weight: 2, n: 2, sum: 9 },
        { weight: 1, n: 3, sum: 9 }
      ],
      expected: 4
    },
    {
      description: 'a criterion with more raters does not weigh more: (1 · 5 + 1 · 1) / 2',
      criteria: [
        { weight: 1, n: 1, sum: 5 },
        { weight: 1, n: 4, sum: 4 }
      ],
      expected: 3
    },
    {
      description: 'a criterion nobody scored drops out',
      criteria: [
        { weight: 3, n: 0, sum: 0 },
        { weight: 1, n: 2, sum: 7 }
      ],
      expected: 3.5
    },
    { description: 'nobody scored', criteria: [{ weight: 1, n: 0, sum: 0 }], expected: null },
    { description: 'no criteria', criteria: [], expected: null }
  ])('$description', ({ criteria, expected }) => {
    if (expected === null) expect(weightedMean(criteria)).toBeNull();
    else expect(weightedMean(criteria)).toBeCloseTo(expected, 12);
  });
});

describe('bordaPoints', () => {
  it.each([
    { description: 'ranked 1st and 3rd in a top 3: 3 + 1', totals: { n: 2, sum: 4 }, topN: 3, expected: 4 },
    { description: 'ranked 1st by three members of a top 5: 3 · 5', totals: { n: 3, sum: 3 }, topN: 5, expected: 15 },
    { description: 'ranked last of a top 5: 1', totals: { n: 1, sum: 5 }, topN: 5, expected: 1 },
    { description: 'ranked by nobody', totals: { n: 0, sum: 0 }, topN: 5, expected: 0 }
  ])('$description', ({ totals, topN, expected }) => {
    expect(bordaPoints(totals, topN)).toBe(expected);
  });
});

describe('competitionRanks', () => {
  it.each([
    { values: [5, 4, 4, 3, null, null], expected: [1, 2, 2, 4, 5, 5] },
    { values: [4.25, 4.25, 4.25], expected: [1, 1, 1] },
    { values: [0.1 + 0.2, 0.3], expected: [1, 1] },
    { values: [9, 8, 7], expected: [1, 2, 3] },
    { values: [null], expected: [1] },
    { values: [], expected: [] }
  ])('$values → $expected', ({ values, expected }) => {
    expect(competitionRanks(values)).toEqual(expected);
  });
});
