import { describe, expect, it } from 'vitest';
import { compareCommittees, spearman, type ThemeGap } from './committee-comparison.js';
import { buildRatingMatrix, committeeScores } from './rating-matrix.js';

describe('spearman', () => {
  it.each([
    // Expected values confirmed with scipy.stats.spearmanr(x, y).statistic.
    { description: 'one swapped pair', x: [1, 2, 3, 4], y: [1, 3, 2, 4], expected: 0.8 },
    { description: 'ties get average ranks', x: [1, 2, 2, 3, 5], y: [2, 1, 3, 3, 4], expected: 0.7631578947368421 },
    { description: 'reversed order', x: [1, 2, 3, 4, 5], y: [5, 4, 3, 2, 1], expected: -1 },
    {
      description: 'ties on both sides',
      x: [3, 1, 4, 1, 5, 9, 2, 6],
      y: [2, 7, 1, 8, 2, 8, 1, 8],
      expected: 0.19885368120992467
    },
    {
      description: 'pairs with a NaN are dropped (scipy on [1, 3, 4, 5] and [2, 1, 4, 3])',
      x: [1, NaN, 3, 4, 5, 6],
      y: [2, 9, 1, 4, 3, NaN],
      expected: 0.6
    },
    { description: 'two pairs are too few', x: [1, 2, NaN], y: [2, 1, 3], expected: null },
    { description: 'a constant side has no ranking', x: [1, 2, 3, 4], y: [2, 2, 2, 2], expected: null }
  ])('$description', ({ x, y, expected }) => {
    const actual = spearman(x, y);
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 12);
  });

  it('takes typed arrays', () => {
    expect(spearman(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 3, 2, 4]))).toBeCloseTo(0.8, 12);
  });

  it('refuses unpaired values', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('compareCommittees', () => {
  /**
   * One rater per committee on a 1–9 scale, one criterion, so the committee scores are the raters' scores.
   * A leaves theme 4 unscored, B theme 5.
   */
  const scoresA = [9, 7, 7, 3, null, 1, 1];
  const scoresB = [5, 8, 2, 6, 5, null, 1];
  const matrix = buildRatingMatrix({
    scale: { min: 1, max: 9 },
    themes: scoresA.map((_, t) => ({ id: t, name: `Thema ${t}` })),
    criteria: [{ id: 1, name: 'Prioriteit', weight: 1 }],
    committees: [
      { id: 1, name: 'A' },
      { id: 2, name: 'B' }
    ],
    raters: [
      { id: 1, name: 'An', committeeId: 1 },
      { id: 2, name: 'Bo', committeeId: 2 }
    ],
    answers: [
      ...scoresA.flatMap((value, t) => (value === null ? [] : [{ raterId: 1, themeId: t, criterionId: 1, value }])),
      ...scoresB.flatMap((value, t) => (value === null ? [] : [{ raterId: 2, themeId: t, criterionId: 1, value }]))
    ],
    recusals: []
  });
  const scores = committeeScores(matrix);
  const gap = (theme: number, scoreA: number, scoreB: number, rankA: number, rankB: number): ThemeGap => ({
    ...{ theme, scoreA, scoreB, rankA, rankB },
    ...{ rankGap: rankA - rankB, scoreGap: ((scoreA - scoreB) / 8) * 100 }
  });

  it.each([
    {
      // Ranks among each committee's scored themes: A 9→1, 7→2, 7→2, 3→4, 1→5, 1→5; B 8→1, 6→2, 5→3, 5→3, 2→5,
      // 1→6 (B's theme 4 counts in its ranks though A did not score it). Spearman over themes 0, 1, 2, 3, 6
      // confirmed with scipy.stats.spearmanr([9, 7, 7, 3, 1], [5, 8, 2, 6, 1]): 0.35909242322980395.
      description: 'A against B: largest rank gap first, then largest score gap',
      a: 0,
      b: 1,
      rankCorrelation: 0.35909242322980395,
      gaps: [gap(2, 7, 2, 2, 5), gap(0, 9, 5, 1, 3), gap(3, 3, 6, 4, 2), gap(1, 7, 8, 2, 1), gap(6, 1, 1, 5, 6)]
    },
    {
      description: 'B against A: the gaps change sign',
      a: 1,
      b: 0,
      rankCorrelation: 0.35909242322980395,
      gaps: [gap(2, 2, 7, 5, 2), gap(0, 5, 9, 3, 1), gap(3, 6, 3, 2, 4), gap(1, 8, 7, 1, 2), gap(6, 1, 1, 6, 5)]
    },
    {
      description: 'a committee against itself: no gaps, ordered by theme',
      a: 0,
      b: 0,
      rankCorrelation: 1,
      gaps: [
        ...[gap(0, 9, 9, 1, 1), gap(1, 7, 7, 2, 2), gap(2, 7, 7, 2, 2)],
        ...[gap(3, 3, 3, 4, 4), gap(5, 1, 1, 5, 5), gap(6, 1, 1, 5, 5)]
      ]
    }
  ])('$description', ({ a, b, rankCorrelation, gaps }) => {
    const comparison = compareCommittees(matrix, scores, a, b);
    expect([comparison.a, comparison.b]).toEqual([a, b]);
    expect(comparison.rankCorrelation).toBeCloseTo(rankCorrelation, 12);
    expect(comparison.gaps.map((g) => g.theme)).toEqual(gaps.map((g) => g.theme));
    comparison.gaps.forEach((actual, i) => {
      const { scoreGap, ...exact } = gaps[i]!;
      expect(actual).toMatchObject(exact);
      expect(actual.scoreGap).toBeCloseTo(scoreGap, 12);
    });
  });

  it('has no correlation with fewer than 3 shared themes', () => {
    const two = committeeScores(matrix).map((v, i) => (i >= 7 && i !== 8 && i !== 9 ? NaN : v));
    const comparison = compareCommittees(matrix, two, 0, 1);
    expect(comparison.rankCorrelation).toBeNull();
    expect(comparison.gaps.map((g) => g.theme)).toEqual([1, 2]);
  });

  it.each([
    { description: 'a negative index', a: -1, b: 0 },
    { description: 'an index past the last committee', a: 0, b: 2 }
  ])('refuses $description', ({ a, b }) => {
    expect(() => compareCommittees(matrix, scores, a, b)).toThrow(RangeError);
  });
});
