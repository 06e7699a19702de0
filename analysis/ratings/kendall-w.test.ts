import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { averageRanks, chiSquareSurvival, kendallW, kendallWTest, regularizedGammaQ } from './kendall-w.js';

interface ReferenceCase {
  id: string;
  data: number[][];
  expected: { W: number; chisq: number; df: number; p: number };
  tolerance: number;
  tolerances: { chisq: number; p: number };
}

const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../shared/reference-stats.json'), 'utf8')
) as { cases: ReferenceCase[] };
const cases = reference.cases.filter((c) => c.id.startsWith('kendall_'));

/** The reference data are subjects × raters; kendallW takes scores[rater][item]. */
const transpose = (rows: number[][]): number[][] => rows[0]!.map((_, j) => rows.map((row) => row[j]!));

describe('kendallW against reference-stats.json', () => {
  it('has cases to check', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('$id', ({ data, expected, tolerance, tolerances }) => {
    const scores = transpose(data);
    expect(Math.abs(kendallW(scores) - expected.W)).toBeLessThanOrEqual(tolerance);
    const test = kendallWTest(scores);
    expect(Math.abs(test.w - expected.W)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(test.chiSquare - expected.chisq)).toBeLessThanOrEqual(tolerances.chisq);
    expect(test.df).toBe(expected.df);
    expect(Math.abs(test.p - expected.p)).toBeLessThanOrEqual(tolerances.p);
  });
});

describe('kendallW', () => {
  it.each([
    {
      name: 'perfect agreement',
      scores: [
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3]
      ],
      expected: 1
    },
    {
      name: 'two raters reversed',
      scores: [
        [1, 2, 3],
        [3, 2, 1]
      ],
      expected: 0
    },
    // Ranks 1,2,3 / 2,3,1 / 3,1,2: rank sums all 6.
    {
      name: 'latin square',
      scores: [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2]
      ],
      expected: 0
    }
  ])('$name → $expected', ({ scores, expected }) => {
    expect(kendallW(scores)).toBeCloseTo(expected, 12);
  });

  it('is NaN when nobody distinguishes the items', () => {
    expect(
      kendallW([
        [2, 2, 2],
        [5, 5, 5]
      ])
    ).toBeNaN();
  });

  it('refuses fewer than two raters or items and ragged input', () => {
    expect(() => kendallW([[1, 2, 3]])).toThrow(RangeError);
    expect(() => kendallW([[1], [1]])).toThrow(RangeError);
    expect(() =>
      kendallW([
        [1, 2, 3],
        [1, 2]
      ])
    ).toThrow(RangeError);
  });
});

describe('averageRanks', () => {
  it.each([
    { values: [10, 30, 20], expected: [1, 3, 2] },
    { values: [3, 3, 2], expected: [2.5, 2.5, 1] },
    { values: [5, 5, 5, 1], expected: [3, 3, 3, 1] }
  ])('$values → $expected', ({ values, expected }) => {
    expect(averageRanks(values)).toEqual(expected);
  });
});

describe('chiSquareSurvival and regularizedGammaQ', () => {
  // Expected values from R: pchisq(x, df, lower.tail = FALSE) and pgamma(x, a, lower.tail = FALSE).
  it.each([
    { x: 3.841458820694124, df: 1, expected: 0.05 },
    { x: 5.991464547107979, df: 2, expected: 0.05 },
    { x: 30.14352720564616, df: 19, expected: 0.05 },
    { x: 2, df: 2, expected: Math.exp(-1) },
    { x: 0, df: 4, expected: 1 },
    { x: 100, df: 3, expected: 1.554159e-21 }
  ])('χ²($df) ≥ $x → $expected', ({ x, df, expected }) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(expected, 9);
  });

  it('matches exp(−x) for a = 1', () => {
    for (const x of [0.1, 1, 5, 20]) expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 13);
  });
});
