import { describe, expect, it } from 'vitest';
import { cellStatistics, chnriScore, themeScores, type CellStatistics, type ThemeScore } from './descriptives.js';
import { buildRatingMatrix, type RatingInput } from './rating-matrix.js';

/**
 * Two committees, three themes, two criteria (weights 2 and 1) on a 1–5 scale. Cas (3) sits in both committees;
 * Cas is recused from theme 11 and Eva (5) from theme 12; nobody scored theme 12.
 */
const input: RatingInput = {
  scale: { min: 1, max: 5 },
  themes: [
    { id: 10, name: 'Lezen' },
    { id: 11, name: 'Rekenen' },
    { id: 12, name: 'Welzijn' }
  ],
  criteria: [
    { id: 1, name: 'Relevantie', weight: 2 },
    { id: 2, name: 'Urgentie', weight: 1 }
  ],
  committees: [
    { id: 100, name: 'Wetenschappelijk' },
    { id: 200, name: 'Gebruikers' }
  ],
  raters: [
    { id: 1, name: 'An', committeeId: 100 },
    { id: 2, name: 'Bo', committeeId: 100 },
    { id: 3, name: 'Cas', committeeId: 100 },
    { id: 3, name: 'Cas', committeeId: 200 },
    { id: 4, name: 'Dirk', committeeId: 200 },
    { id: 5, name: 'Eva', committeeId: 200 }
  ],
  answers: [
    { raterId: 1, themeId: 10, criterionId: 1, value: 5 },
    { raterId: 2, themeId: 10, criterionId: 1, value: 4 },
    { raterId: 3, themeId: 10, criterionId: 1, value: 2 },
    { raterId: 4, themeId: 10, criterionId: 1, value: 4 },
    { raterId: 5, themeId: 10, criterionId: 1, value: 1 },
    { raterId: 1, themeId: 10, criterionId: 2, value: 3 },
    { raterId: 2, themeId: 10, criterionId: 2, value: null },
    { raterId: 3, themeId: 10, criterionId: 2, value: 4 },
    { raterId: 4, themeId: 10, criterionId: 2, value: null },
    { raterId: 1, themeId: 11, criterionId: 1, value: 1 },
    { raterId: 2, themeId: 11, criterionId: 1, value: 2 },
    { raterId: 3, themeId: 11, criterionId: 1, value: 3 },
    { raterId: 4, themeId: 11, criterionId: 1, value: 5 },
    { raterId: 5, themeId: 11, criterionId: 1, value: 5 },
    { raterId: 1, themeId: 11, criterionId: 2, value: 2 },
    { raterId: 4, themeId: 11, criterionId: 2, value: 4 },
    { raterId: 5, themeId: 11, criterionId: 2, value: 3 },
    { raterId: 1, themeId: 12, criterionId: 1, value: null }
  ],
  recusals: [
    { raterId: 3, themeId: 11 },
    { raterId: 5, themeId: 12 }
  ]
};
const matrix = buildRatingMatrix(input);
/** Result index of committee k, theme t, criterion c (T = 3, C = 2). */
const cell = (k: number, t: number, c: number) => (k * 3 + t) * 2 + c;

const empty = { n: 0, mean: null, sd: null, median: null, q1: null, q3: null, iqr: null, withinOne: null };

describe('cellStatistics', () => {
  const statistics = cellStatistics(matrix);

  it('gives a cell per committee × theme × criterion', () => {
    expect(statistics).toHaveLength(2 * 3 * 2);
  });

  // Means, SDs and quartiles confirmed with numpy (mean, std(ddof=1), percentile(…, [25, 50, 75])).
  it.each<{ description: string; k: number; t: number; c: number; expected: CellStatistics }>([
    {
      description: 'three scores: 5, 4, 2',
      k: 0,
      t: 0,
      c: 0,
      expected: {
        ...{ n: 3, mean: 11 / 3, sd: 1.5275252316519465, median: 4, q1: 3, q3: 4.5, iqr: 1.5 },
        ...{ distribution: [0, 1, 0, 1, 1], dontKnow: 0, recused: 0, unanswered: 0, withinOne: 2 / 3 }
      }
    },
    {
      description: '"weet ik niet" is counted, not scored',
      k: 0,
      t: 0,
      c: 1,
      expected: {
        ...{ n: 2, mean: 3.5, sd: 0.7071067811865476, median: 3.5, q1: 3.25, q3: 3.75, iqr: 0.5 },
        ...{ distribution: [0, 0, 1, 1, 0], dontKnow: 1, recused: 0, unanswered: 0, withinOne: 1 }
      }
    },
    {
      description: 'a recused seat is counted, not scored',
      k: 0,
      t: 1,
      c: 0,
      expected: {
        ...{ n: 2, mean: 1.5, sd: 0.7071067811865476, median: 1.5, q1: 1.25, q3: 1.75, iqr: 0.5 },
        ...{ distribution: [1, 1, 0, 0, 0], dontKnow: 0, recused: 1, unanswered: 0, withinOne: 1 }
      }
    },
    {
      description: 'one score has no SD; the empty seat is unanswered',
      k: 0,
      t: 1,
      c: 1,
      expected: {
        ...{ n: 1, mean: 2, sd: null, median: 2, q1: 2, q3: 2, iqr: 0 },
        ...{ distribution: [0, 1, 0, 0, 0], dontKnow: 0, recused: 1, unanswered: 1, withinOne: 1 }
      }
    },
    {
      description: 'no scores: every figure null',
      k: 0,
      t: 2,
      c: 0,
      expected: { ...empty, distribution: [0, 0, 0, 0, 0], dontKnow: 1, recused: 0, unanswered: 2 }
    },
    {
      description: 'the second committee counts only its own seats (Cas, Dirk, Eva): 2, 4, 1',
      k: 1,
      t: 0,
      c: 0,
      expected: {
        ...{ n: 3, mean: 7 / 3, sd: 1.5275252316519465, median: 2, q1: 1.5, q3: 3, iqr: 1.5 },
        ...{ distribution: [1, 1, 0, 1, 0], dontKnow: 0, recused: 0, unanswered: 0, withinOne: 2 / 3 }
      }
    },
    {
      description: 'a member in two committees answers in both',
      k: 1,
      t: 0,
      c: 1,
      expected: {
        ...{ n: 1, mean: 4, sd: null, median: 4, q1: 4, q3: 4, iqr: 0 },
        ...{ distribution: [0, 0, 0, 1, 0], dontKnow: 1, recused: 0, unanswered: 1, withinOne: 1 }
      }
    },
    {
      description: 'equal scores have SD 0',
      k: 1,
      t: 1,
      c: 0,
      expected: {
        ...{ n: 2, mean: 5, sd: 0, median: 5, q1: 5, q3: 5, iqr: 0 },
        ...{ distribution: [0, 0, 0, 0, 2], dontKnow: 0, recused: 1, unanswered: 0, withinOne: 1 }
      }
    },
    {
      description: 'recused and unanswered seats without scores',
      k: 1,
      t: 2,
      c: 1,
      expected: { ...empty, distribution: [0, 0, 0, 0, 0], dontKnow: 0, recused: 1, unanswered: 2 }
    }
  ])('$description', ({ k, t, c, expected }) => {
    const actual = statistics[cell(k, t, c)]!;
    const { mean, sd, withinOne, ...exact } = expected;
    expect(actual).toMatchObject(exact);
    for (const key of ['mean', 'sd', 'withinOne'] as const) {
      const want = { mean, sd, withinOne }[key];
      if (want === null) expect(actual[key]).toBeNull();
      else expect(actual[key]).toBeCloseTo(want, 12);
    }
  });

  it.each([
    {
      description: 'the distribution starts at the scale minimum (0–3 scale: 0, 3, 3)',
      scale: { min: 0, max: 3 },
      scores: [0, 3, 3],
      // numpy: percentile([0, 3, 3], [25, 50, 75]) = 1.5, 3, 3; std(ddof=1) = 1.7320508075688772.
      expected: { distribution: [1, 0, 0, 2], median: 3, q1: 1.5, q3: 3, sd: 1.7320508075688772, withinOne: 2 / 3 }
    },
    {
      description: 'withinOne counts scores one point from a half-point median (1, 2, 4, 5 on 1–5)',
      scale: { min: 1, max: 5 },
      scores: [1, 2, 4, 5],
      // |v − 3| ≤ 1 for 2 and 4 only; numpy: percentile([1, 2, 4, 5], [25, 75]) = 1.75, 4.25.
      expected: { distribution: [1, 1, 0, 1, 1], median: 3, q1: 1.75, q3: 4.25, sd: 1.8257418583505538, withinOne: 0.5 }
    }
  ])('$description', ({ scale, scores, expected }) => {
    const single = buildRatingMatrix({
      scale,
      themes: [{ id: 1, name: 'Thema' }],
      criteria: [{ id: 1, name: 'Relevantie', weight: 1 }],
      committees: [{ id: 1, name: 'Commissie' }],
      raters: scores.map((_, i) => ({ id: i, name: `R${i}`, committeeId: 1 })),
      answers: scores.map((value, i) => ({ raterId: i, themeId: 1, criterionId: 1, value })),
      recusals: []
    });
    const [actual] = cellStatistics(single);
    expect(actual!.distribution).toEqual(expected.distribution);
    expect([actual!.median, actual!.q1, actual!.q3]).toEqual([expected.median, expected.q1, expected.q3]);
    expect(actual!.sd).toBeCloseTo(expected.sd, 12);
    expect(actual!.withinOne).toBeCloseTo(expected.withinOne, 12);
  });
});

describe('a committee without seats', () => {
  const seatless = buildRatingMatrix({ ...input, committees: [...input.committees, { id: 300, name: 'Leeg' }] });

  it('has empty cells', () => {
    expect(cellStatistics(seatless)[cell(2, 0, 0)]).toEqual({
      ...empty,
      ...{ distribution: [0, 0, 0, 0, 0], dontKnow: 0, recused: 0, unanswered: 0 }
    });
  });

  it('has no theme scores and leaves the pooled figures alone', () => {
    const { perCommittee, pooled } = themeScores(seatless);
    expect(perCommittee[2 * 3]).toEqual({ weighted: null, chnri: null, raters: 0, recused: 0, dontKnow: 0 });
    expect(pooled).toEqual(themeScores(matrix).pooled);
  });
});

describe('chnriScore', () => {
  it.each([
    { description: 'the scale minimum is 0', weighted: 1, scale: { min: 1, max: 5 }, expected: 0 },
    { description: 'the scale maximum is 100', weighted: 5, scale: { min: 1, max: 5 }, expected: 100 },
    { description: '4 on 1–5 is 75', weighted: 4, scale: { min: 1, max: 5 }, expected: 75 },
    { description: '7 on 1–9 is 75', weighted: 7, scale: { min: 1, max: 9 }, expected: 75 },
    { description: 'Borda points on 0–10: 2.5 is 25', weighted: 2.5, scale: { min: 0, max: 10 }, expected: 25 }
  ])('$description', ({ weighted, scale, expected }) => {
    expect(chnriScore(weighted, scale)).toBeCloseTo(expected, 12);
  });

  it('refuses a scale without range', () => {
    expect(() => chnriScore(3, { min: 3, max: 3 })).toThrow(RangeError);
  });
});

describe('themeScores', () => {
  const { perCommittee, pooled } = themeScores(matrix);
  const chnri = (weighted: number) => ((weighted - 1) / 4) * 100;

  it('gives a score per committee × theme and per theme pooled', () => {
    expect([perCommittee.length, pooled.length]).toEqual([2 * 3, 3]);
  });

  // Weighted scores by hand: (2 · mean of criterion 1 + mean of criterion 2) / 3, confirmed with numpy.
  it.each<{ description: string; actual: () => ThemeScore; expected: ThemeScore }>([
    {
      description: 'committee 1, theme 10: (2 · 11/3 + 3.5) / 3',
      actual: () => perCommittee[0]!,
      expected: { weighted: 3.6111111111111107, chnri: chnri(3.6111111111111107), raters: 3, recused: 0, dontKnow: 1 }
    },
    {
      description: 'committee 1, theme 11: Cas recused',
      actual: () => perCommittee[1]!,
      expected: { weighted: 5 / 3, chnri: chnri(5 / 3), raters: 2, recused: 1, dontKnow: 0 }
    },
    {
      description: 'committee 1, theme 12: only "weet ik niet"',
      actual: () => perCommittee[2]!,
      expected: { weighted: null, chnri: null, raters: 0, recused: 0, dontKnow: 1 }
    },
    {
      description: 'committee 2, theme 10: (2 · 7/3 + 4) / 3',
      actual: () => perCommittee[3]!,
      expected: { weighted: 26 / 9, chnri: chnri(26 / 9), raters: 3, recused: 0, dontKnow: 1 }
    },
    {
      description: 'committee 2, theme 11: (2 · 5 + 3.5) / 3',
      actual: () => perCommittee[4]!,
      expected: { weighted: 4.5, chnri: 87.5, raters: 2, recused: 1, dontKnow: 0 }
    },
    {
      description: 'committee 2, theme 12: Eva recused, nobody scored',
      actual: () => perCommittee[5]!,
      expected: { weighted: null, chnri: null, raters: 0, recused: 1, dontKnow: 0 }
    },
    {
      description: 'pooled theme 10: Cas counts once, (2 · 16/5 + 3.5) / 3',
      actual: () => pooled[0]!,
      expected: { weighted: 3.3, chnri: 57.5, raters: 5, recused: 0, dontKnow: 2 }
    },
    {
      description: "pooled theme 11: Cas's recusal counts once, (2 · 13/4 + 3) / 3",
      actual: () => pooled[1]!,
      expected: { weighted: 3.1666666666666665, chnri: chnri(3.1666666666666665), raters: 4, recused: 1, dontKnow: 0 }
    },
    {
      description: 'pooled theme 12: nobody scored',
      actual: () => pooled[2]!,
      expected: { weighted: null, chnri: null, raters: 0, recused: 1, dontKnow: 1 }
    }
  ])('$description', ({ actual, expected }) => {
    const { weighted, chnri: expectedChnri, ...counts } = expected;
    const score = actual();
    expect(score).toMatchObject(counts);
    for (const [value, want] of [
      [score.weighted, weighted],
      [score.chnri, expectedChnri]
    ] as const) {
      if (want === null) expect(value).toBeNull();
      else expect(value).toBeCloseTo(want, 12);
    }
  });
});
