import { describe, expect, it } from 'vitest';
import { inTopThird, meetsConsensus, quantileSorted, summariseScores } from './delphi.js';

describe('quantileSorted (type 7, as R and QUARTILE.INC)', () => {
  // Expected values from R: quantile(x, q, type = 7).
  it.each([
    { values: [1, 2, 3, 4], q: 0.25, expected: 1.75 },
    { values: [1, 2, 3, 4], q: 0.5, expected: 2.5 },
    { values: [1, 2, 3, 4], q: 0.75, expected: 3.25 },
    { values: [3, 4, 4, 5, 5], q: 0.25, expected: 4 },
    { values: [3, 4, 4, 5, 5], q: 0.75, expected: 5 },
    { values: [7], q: 0.25, expected: 7 },
    { values: [1, 9], q: 0, expected: 1 },
    { values: [1, 9], q: 1, expected: 9 }
  ])('$values at $q → $expected', ({ values, q, expected }) => {
    expect(quantileSorted(values, q)).toBeCloseTo(expected, 12);
  });

  it('refuses no values and a q outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('inTopThird', () => {
  it.each([
    { value: 7, scale: { min: 1, max: 9 }, expected: true },
    { value: 6, scale: { min: 1, max: 9 }, expected: false },
    { value: 4, scale: { min: 1, max: 5 }, expected: true },
    { value: 3, scale: { min: 1, max: 5 }, expected: false }
  ])('$value on $scale.min–$scale.max → $expected', ({ value, scale, expected }) => {
    expect(inTopThird(value, scale)).toBe(expected);
  });
});

describe('summariseScores and meetsConsensus', () => {
  const rule = { topShare: 0.7, maxIqr: 1 };
  it.each([
    {
      name: 'agreement high on the scale',
      values: [5, 4, 5, 5, 4],
      summary: { n: 5, median: 5, q1: 4, q3: 5, iqr: 1, topShare: 1 },
      consensus: true
    },
    {
      name: 'agreement low on the scale is no priority',
      values: [1, 2, 1, 1],
      summary: { n: 4, median: 1, q1: 1, q3: 1.25, iqr: 0.25, topShare: 0 },
      consensus: false
    },
    {
      name: 'high but spread',
      values: [1, 5, 5, 5, 2, 5],
      summary: { n: 6, median: 5, q1: 2.75, q3: 5, iqr: 2.25, topShare: 4 / 6 },
      consensus: false
    },
    {
      name: 'nobody scored',
      values: [],
      summary: { n: 0, median: null, q1: null, q3: null, iqr: null, topShare: null },
      consensus: false
    }
  ])('$name', ({ values, summary, consensus }) => {
    const result = summariseScores(values, { min: 1, max: 5 });
    expect(result.n).toBe(summary.n);
    for (const key of ['median', 'q1', 'q3', 'iqr', 'topShare'] as const) {
      if (summary[key] === null) expect(result[key]).toBeNull();
      else expect(result[key]).toBeCloseTo(summary[key], 12);
    }
    expect(meetsConsensus(result, rule)).toBe(consensus);
  });

  it('does not depend on the order of the scores', () => {
    expect(summariseScores([2, 5, 3, 4], { min: 1, max: 5 })).toEqual(
      summariseScores([5, 4, 3, 2], { min: 1, max: 5 })
    );
  });
});
