import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { quantileSorted } from '../stats/delphi.js';
import { rankStability, type StabilityOptions, type ThemeStability } from './rank-stability.js';
import { combineCommitteeRanks, committeeScores, rankScores, type RatingMatrix } from './rating-matrix.js';
import { matrixOf as baseMatrix } from './test-matrix.js';

/** Criteria weigh 1, 2, 3, …: the weighted paths run. */
function matrixOf(committees: (number | null)[][][][], recusals: [number, number][] = []): RatingMatrix {
  return baseMatrix(committees, { recusals, weight: (c) => c + 1 });
}

/** One criterion: rows of scores per theme become [[score], …]. */
const oneCriterion = (committees: number[][][]): (number | null)[][][][] =>
  committees.map((members) => members.map((scores) => scores.map((v) => [v])));

/**
 * The brief's recipe run literally with the library functions, drawing raters in the same order (committee by
 * committee, ⌊random · size⌋): the oracle for the fast inner loop.
 */
function reference(
  matrix: RatingMatrix,
  options: StabilityOptions & { topN: number; samples: number }
): ThemeStability[] {
  const random = mulberry32(options.seed);
  const seats = matrix.committees.map((_, k) => matrix.raters.flatMap((r, i) => (r.committee === k ? [i] : [])));
  const ranks = matrix.themes.map((): number[] => []);
  const inTop = matrix.themes.map(() => 0);
  for (let s = 0; s < options.samples; s++) {
    const multiplicity = matrix.raters.map(() => 0);
    for (const members of seats) {
      for (let j = 0; j < members.length; j++) multiplicity[members[Math.floor(random() * members.length)]!]! += 1;
    }
    const combined = combineCommitteeRanks(matrix, committeeScores(matrix, multiplicity), {
      committeeWeights: options.committeeWeights
    });
    rankScores(combined, false).forEach((rank, t) => {
      ranks[t]!.push(rank);
      if (rank <= options.topN && !Number.isNaN(combined[t]!)) inTop[t]! += 1;
    });
  }
  return ranks.map((r, t) => {
    const sorted = [...r].sort((a, b) => a - b);
    return {
      topNShare: inTop[t]! / options.samples,
      rankLow: quantileSorted(sorted, 0.025),
      rankHigh: quantileSorted(sorted, 0.975)
    };
  });
}

// Everyone: theme 1 best, themes 2 and 3 tied, theme 5 worst; theme 4 in between. Two committees of 3.
const clear = matrixOf(
  oneCriterion([
    [
      [9, 7, 7, 5, 1],
      [8, 6, 6, 4, 2],
      [9, 7, 7, 3, 1]
    ],
    [
      [9, 6, 6, 5, 1],
      [9, 8, 8, 4, 2],
      [7, 6, 6, 5, 3]
    ]
  ])
);

// Random-ish scores with "weet ik niet" and recusals, so both the whole-theme and per-criterion paths are used.
function noisyMatrix(): RatingMatrix {
  const random = mulberry32(7);
  const committees = [6, 4].map((size) =>
    Array.from({ length: size }, () =>
      Array.from({ length: 12 }, () =>
        Array.from({ length: 3 }, () => (random() < 0.08 ? null : 1 + Math.floor(random() * 9)))
      )
    )
  );
  return matrixOf(committees, [
    [0, 2],
    [3, 5],
    [7, 0]
  ]);
}

describe('rankStability', () => {
  it.each([
    {
      description: 'top theme always first, tied themes 2 and 3 both in a top 2 (ties at the boundary count)',
      options: { topN: 2, samples: 200, seed: 1 },
      expected: [1, 1, 1, 0, 0]
    },
    {
      description: 'with a top 1 only the theme everyone puts first',
      options: { topN: 1, samples: 200, seed: 2 },
      expected: [1, 0, 0, 0, 0]
    },
    {
      description: 'with a top 5 of 5 themes everything is in',
      options: { topN: 5, samples: 50, seed: 3 },
      expected: [1, 1, 1, 1, 1]
    }
  ])('$description', ({ options, expected }) => {
    expect(rankStability(clear, options).map((s) => s.topNShare)).toEqual(expected);
  });

  it('gives the rank interval of themes whose place never changes', () => {
    const result = rankStability(clear, { topN: 2, samples: 200, seed: 4 });
    // Competition ranks 1, 2, 2, 4, 5 in every resample ("1224").
    expect(result.map((s) => [s.rankLow, s.rankHigh])).toEqual([
      [1, 1],
      [2, 2],
      [2, 2],
      [4, 4],
      [5, 5]
    ]);
  });

  it('never counts a theme nobody scored, even when its rank would be within the top N', () => {
    const matrix = matrixOf(
      oneCriterion([
        [
          [9, 5, 1],
          [8, 5, 2]
        ]
      ]),
      [
        [0, 2],
        [1, 2]
      ]
    );
    const result = rankStability(matrix, { topN: 3, samples: 20, seed: 5 });
    expect(result.map((s) => s.topNShare)).toEqual([1, 1, 0]);
    // Unscored, it takes the rank after the last scored theme (as rankScores does).
    expect(result[2]).toMatchObject({ rankLow: 3, rankHigh: 3 });
  });

  it.each([
    { description: 'committee 1 alone', committeeWeights: [1, 0], expected: [1, 0] },
    { description: 'committee 2 alone', committeeWeights: [0, 1], expected: [0, 1] }
  ])('follows committee weights: $description', ({ committeeWeights, expected }) => {
    const matrix = matrixOf(
      oneCriterion([
        [
          [9, 1],
          [8, 2]
        ],
        [
          [1, 9],
          [2, 8]
        ]
      ])
    );
    const result = rankStability(matrix, { topN: 1, samples: 30, seed: 6, committeeWeights });
    expect(result.map((s) => s.topNShare)).toEqual(expected);
  });

  it('is the same for the same seed and differs for another', () => {
    const matrix = noisyMatrix();
    const a = rankStability(matrix, { topN: 4, samples: 300, seed: 11 });
    expect(rankStability(matrix, { topN: 4, samples: 300, seed: 11 })).toEqual(a);
    expect(rankStability(matrix, { topN: 4, samples: 300, seed: 12 })).not.toEqual(a);
  });

  it.each([
    { description: 'default committee weights', options: { topN: 4, samples: 300, seed: 21 } },
    { description: 'weighted committees', options: { topN: 3, samples: 300, seed: 22, committeeWeights: [2, 1] } },
    { description: 'top 1', options: { topN: 1, samples: 200, seed: 23 } }
  ])(
    'ranks each resample exactly as committeeScores → combineCommitteeRanks → rankScores ($description)',
    ({ options }) => {
      const matrix = noisyMatrix();
      const result = rankStability(matrix, options);
      // The noisy data must actually be uncertain, or this compares nothing interesting.
      expect(result.some((s) => s.topNShare > 0 && s.topNShare < 1)).toBe(true);
      expect(result).toEqual(reference(matrix, options));
    }
  );

  it('defaults to a top 15 over 1000 resamples', () => {
    const matrix = noisyMatrix();
    const result = rankStability(matrix, { seed: 31 });
    expect(result).toEqual(reference(matrix, { topN: 15, samples: 1000, seed: 31 }));
    expect(result.every((s) => Number.isInteger(s.topNShare * 1000))).toBe(true);
  });

  it.each([
    { description: 'topN 0', options: { topN: 0, seed: 1 } },
    { description: 'fractional topN', options: { topN: 2.5, seed: 1 } },
    { description: 'samples 0', options: { samples: 0, seed: 1 } }
  ])('refuses $description', ({ options }) => {
    expect(() => rankStability(clear, options)).toThrow(RangeError);
  });
});
