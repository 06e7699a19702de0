import { describe, expect, it } from 'vitest';
import {
  Answer,
  buildRatingMatrix,
  combineCommitteeRanks,
  committeeScores,
  rankScores,
  type RatingInput,
  withoutRaters
} from './rating-matrix.js';

/** Two committees, three themes, two criteria (weights 2 and 1); rater 3 sits in both committees. */
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
    { id: 9, name: 'Not in the round', committeeId: 999 }
  ],
  answers: [
    { raterId: 1, themeId: 10, criterionId: 1, value: 5 },
    { raterId: 1, themeId: 10, criterionId: 2, value: 2 },
    { raterId: 2, themeId: 10, criterionId: 1, value: 4 },
    { raterId: 2, themeId: 10, criterionId: 2, value: null },
    { raterId: 1, themeId: 11, criterionId: 1, value: 3 },
    { raterId: 3, themeId: 11, criterionId: 1, value: 5 },
    { raterId: 3, themeId: 12, criterionId: 1, value: 4 },
    { raterId: 4, themeId: 12, criterionId: 1, value: 2 },
    { raterId: 4, themeId: 11, criterionId: 1, value: 1 },
    { raterId: 9, themeId: 10, criterionId: 1, value: 1 },
    { raterId: 1, themeId: 99, criterionId: 1, value: 1 }
  ],
  recusals: [{ raterId: 4, themeId: 11 }]
};

describe('buildRatingMatrix', () => {
  const matrix = buildRatingMatrix(input);
  const cell = (r: number, t: number, c: number) => (r * 3 + t) * 2 + c;

  it('gives a seat per committee and drops people without a seat in the round', () => {
    expect(matrix.raters.map((r) => [r.id, r.committee])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [3, 1],
      [4, 1]
    ]);
  });

  it.each([
    { description: 'a score', rater: 0, theme: 0, criterion: 0, answer: Answer.score, value: 5 },
    { description: '"weet ik niet"', rater: 1, theme: 0, criterion: 1, answer: Answer.dontKnow, value: NaN },
    { description: 'no answer', rater: 1, theme: 2, criterion: 0, answer: Answer.none, value: NaN },
    { description: 'a member in two committees, first seat', rater: 2, theme: 1, criterion: 0, answer: 1, value: 5 },
    { description: 'a member in two committees, second seat', rater: 3, theme: 1, criterion: 0, answer: 1, value: 5 },
    { description: 'a recusal overrides the score', rater: 4, theme: 1, criterion: 0, answer: 3, value: NaN },
    { description: 'recusal covers every criterion', rater: 4, theme: 1, criterion: 1, answer: 3, value: NaN }
  ])('$description', ({ rater, theme, criterion, answer, value }) => {
    expect(matrix.answers[cell(rater, theme, criterion)]).toBe(answer);
    expect(matrix.values[cell(rater, theme, criterion)]).toEqual(value);
  });

  it('refuses a score off the scale', () => {
    expect(() =>
      buildRatingMatrix({ ...input, answers: [{ raterId: 1, themeId: 10, criterionId: 1, value: 6 }] })
    ).toThrow(/outside the scale 1–5/);
  });
});

describe('committeeScores', () => {
  const matrix = buildRatingMatrix(input);

  it('takes per criterion the mean, then the weighted mean over criteria scored', () => {
    const scores = committeeScores(matrix);
    // Lezen, scientific: relevance (5 + 4) / 2 = 4.5 (weight 2), urgency 2 (weight 1) → (9 + 2) / 3.
    expect(scores[0]).toBeCloseTo(11 / 3, 12);
    expect(scores[1]).toBeCloseTo(4, 12); // Rekenen: (3 + 5) / 2, urgency unscored drops out
    expect(scores[2]).toBeCloseTo(4, 12); // Welzijn: Cas 4
    expect(scores[3]).toBeNaN(); // Lezen, users: nobody scored
    expect(scores[4]).toBeCloseTo(5, 12); // Rekenen, users: Cas 5 (Dirk recused)
    expect(scores[5]).toBeCloseTo(3, 12); // Welzijn, users: (4 + 2) / 2
  });

  it('counts raters by multiplicity (bootstrap resamples)', () => {
    const scores = committeeScores(matrix, [2, 0, 1, 1, 1]);
    expect(scores[1]).toBeCloseTo((2 * 3 + 5) / 3, 12);
    expect(scores[0]).toBeCloseTo(4, 12); // An twice: relevance 5, urgency 2 → (10 + 2) / 3
  });

  it('leaves raters out for the what-if view', () => {
    const scores = committeeScores(withoutRaters(matrix, new Set([0])));
    expect(scores[0]).toBeCloseTo(4, 12); // Bo alone: relevance 4, urgency "weet ik niet"
    expect(scores[1]).toBeCloseTo(5, 12);
  });
});

describe('rankScores', () => {
  it.each([
    { description: 'highest first, ties share', scores: [3, 5, 3, 1], higher: true, expected: [2, 1, 2, 4] },
    { description: 'lowest first', scores: [3, 5, 3, 1], higher: false, expected: [2, 4, 2, 1] },
    { description: 'no score ranks last', scores: [NaN, 2, NaN, 4], higher: true, expected: [3, 2, 3, 1] }
  ])('$description', ({ scores, higher, expected }) => {
    expect(rankScores(scores, higher)).toEqual(expected);
  });
});

describe('combineCommitteeRanks', () => {
  const matrix = buildRatingMatrix(input);
  const scores = committeeScores(matrix);

  it('averages the committee ranks with equal weight by default (JLA)', () => {
    // scientific ranks: Lezen 3, Rekenen 1, Welzijn 1; users: Rekenen 1, Welzijn 2, Lezen unscored.
    expect([...combineCommitteeRanks(matrix, scores)]).toEqual([3, 1, 1.5]);
  });

  it('weights committees', () => {
    expect([...combineCommitteeRanks(matrix, scores, { committeeWeights: [1, 3] })]).toEqual([3, 1, 1.75]);
    expect([...combineCommitteeRanks(matrix, scores, { committeeWeights: [0, 1] })]).toEqual([NaN, 1, 2]);
  });
});
