import { describe, expect, it } from 'vitest';
import { matrixOf, type RaterScores } from './test-matrix.js';
import { unusualRaters, type RaterFlag } from './unusual-raters.js';

// Six raters close to one pattern and one who scores everything 3 points higher.
const close: RaterScores[] = [
  [
    [2, 4],
    [6, 5],
    [3, 5],
    [4, 6]
  ],
  [
    [3, 4],
    [6, 4],
    [3, 6],
    [4, 6]
  ],
  [
    [2, 5],
    [5, 5],
    [4, 5],
    [4, 5]
  ],
  [
    [2, 4],
    [7, 5],
    [3, 4],
    [5, 6]
  ],
  [
    [1, 4],
    [6, 5],
    [3, 5],
    [3, 7]
  ],
  [
    [2, 3],
    [6, 6],
    [2, 5],
    [4, 6]
  ]
];
const higher: RaterScores = [
  [5, 7],
  [9, 8],
  [6, 8],
  [7, 9]
];
const pattern: RaterScores = [
  [2, 4],
  [6, 8],
  [3, 5]
];
const patternShifted: RaterScores = [
  [3, 5],
  [7, 9],
  [4, 6]
];
const committeeA: RaterScores[] = [
  [
    [2, 4],
    [6, 8],
    [3, 5],
    [7, 9]
  ],
  [
    [3, 4],
    [6, 7],
    [3, 6],
    [7, 8]
  ],
  [
    [2, 5],
    [5, 8],
    [4, 5],
    [6, 9]
  ]
];
// Committee B scores the mirror image (10 − x, give or take): against A every rater would look reversed.
const committeeB: RaterScores[] = [
  [
    [8, 6],
    [4, 2],
    [7, 5],
    [3, 1]
  ],
  [
    [7, 6],
    [4, 3],
    [7, 4],
    [3, 2]
  ],
  [
    [8, 5],
    [5, 2],
    [6, 5],
    [4, 1]
  ]
];

describe('unusualRaters flags', () => {
  // Expected flags confirmed with a numpy implementation of the rules (np.median, scipy.stats.pearsonr).
  it.each<{
    description: string;
    committees: RaterScores[][];
    options?: { zThreshold?: number; minCells?: number };
    expected: RaterFlag[];
  }>([
    {
      description: 'a rater far from the others is flagged for deviation (z 11.80)',
      committees: [[...close, higher]],
      expected: [{ rater: 6, kind: 'deviation', value: 11.803588290840427, threshold: 2.5, cells: 8 }]
    },
    {
      description: 'a higher zThreshold lets the same rater pass',
      committees: [[...close, higher]],
      options: { zThreshold: 12 },
      expected: []
    },
    {
      description: 'a rater reversing the scale is anti-correlated (r −0.99) and deviant (z 4.12)',
      committees: [
        [
          [
            [1, 3],
            [5, 7],
            [9, 8]
          ],
          [
            [2, 3],
            [5, 6],
            [8, 9]
          ],
          [
            [1, 2],
            [6, 7],
            [9, 9]
          ],
          [
            [9, 7],
            [5, 3],
            [1, 2]
          ]
        ]
      ],
      expected: [
        { rater: 3, kind: 'deviation', value: 4.121887974579191, threshold: 2.5, cells: 6 },
        { rater: 3, kind: 'negative_correlation', value: -0.9896196753965865, threshold: 0, cells: 6 }
      ]
    },
    {
      description: 'a rater giving 5 everywhere is straight-lining (and has no correlation)',
      committees: [
        [
          [
            [4, 6],
            [5, 3],
            [6, 4]
          ],
          [
            [5, 5],
            [4, 4],
            [6, 6]
          ],
          [
            [3, 6],
            [6, 4],
            [5, 5]
          ],
          [
            [5, 5],
            [5, 5],
            [5, 5]
          ]
        ]
      ],
      expected: [{ rater: 3, kind: 'straight_lining', value: 5, threshold: 6, cells: 6 }]
    },
    {
      // d = 1/3, 1/3, 1/3, 1: MAD 0, so the scale is 1.2533 · mean |d − 1/3| = 1.2533 · 1/6 → z = 3.19.
      description: 'MAD 0 falls back to the mean absolute deviation around the median',
      committees: [[pattern, pattern, pattern, patternShifted]],
      expected: [{ rater: 3, kind: 'deviation', value: 3.1915742439958508, threshold: 2.5, cells: 6 }]
    },
    {
      description: 'identical raters: every d is 0, nobody is flagged',
      committees: [[pattern, pattern, pattern]],
      expected: []
    },
    {
      description: 'raters are compared within their own committee only',
      committees: [committeeA, committeeB],
      expected: []
    },
    {
      description: 'two raters reversed over 4 cells: too few raters for deviation, too few cells for correlation',
      committees: [
        [
          [
            [1, 3],
            [7, 9]
          ],
          [
            [9, 7],
            [3, 1]
          ]
        ]
      ],
      expected: []
    },
    {
      description: 'straight-lining needs 5 scores',
      committees: [
        [
          [
            [5, 5],
            [5, 5]
          ],
          [
            [2, 8],
            [9, 1]
          ]
        ]
      ],
      expected: []
    },
    {
      description: 'straight-lining needs more than one theme',
      committees: [[[[5, 5, 5, 5, 5, 5]], [[2, 8, 9, 1, 4, 6]]]],
      expected: []
    },
    {
      description: 'a deviant rater over only 2 cells is not judged (fewer than minCells)',
      committees: [[...close.map((scores) => scores.slice(0, 1)), higher.slice(0, 1)]],
      expected: []
    },
    {
      description: 'with minCells 2 the raters are judged (and 2 cells make a jumpy z)',
      committees: [[...close.map((scores) => scores.slice(0, 1)), higher.slice(0, 1)]],
      options: { minCells: 2 },
      expected: [
        { rater: 4, kind: 'deviation', value: 4.046944556859562, threshold: 2.5, cells: 2 },
        { rater: 5, kind: 'deviation', value: 4.046944556859564, threshold: 2.5, cells: 2 },
        { rater: 6, kind: 'deviation', value: 19.560232024821225, threshold: 2.5, cells: 2 }
      ]
    }
  ])('$description', ({ committees, options, expected }) => {
    const { flags } = unusualRaters(matrixOf(committees), options);
    expect(flags).toHaveLength(expected.length);
    flags.forEach((flag, i) => {
      const { value, ...rest } = expected[i]!;
      expect(flag).toMatchObject(rest);
      expect(flag.value).toBeCloseTo(value, 10);
    });
  });
});

describe('unusualRaters deviations', () => {
  // Confirmed with numpy (leave-one-out means, np.median) and scipy.stats.pearsonr.
  it.each([
    {
      description: 'straight-lining panel',
      committees: [
        [
          [
            [4, 6],
            [5, 3],
            [6, 4]
          ],
          [
            [5, 5],
            [4, 4],
            [6, 6]
          ],
          [
            [3, 6],
            [6, 4],
            [5, 5]
          ],
          [
            [5, 5],
            [5, 5],
            [5, 5]
          ]
        ]
      ],
      expected: [
        { rater: 0, cells: 6, meanAbsDeviation: 0.7222222222222222, robustZ: 0, correlation: 0.7479575920067656 },
        {
          rater: 1,
          cells: 6,
          meanAbsDeviation: 0.8333333333333334,
          robustZ: 1.348981518953189,
          correlation: 0.2062842492517588
        },
        { rater: 2, cells: 6, meanAbsDeviation: 0.7222222222222223, robustZ: 0, correlation: 0.4559027263180851 },
        { rater: 3, cells: 6, meanAbsDeviation: 0.6111111111111113, robustZ: -1.348981518953189, correlation: null }
      ]
    },
    {
      description: 'identical raters have no robust z (no spread to scale by)',
      committees: [[pattern, pattern, pattern]],
      expected: [0, 1, 2].map((rater) => ({ rater, cells: 6, meanAbsDeviation: 0, robustZ: null, correlation: 1 }))
    },
    {
      description: 'a lone rater shares no cells',
      committees: [[pattern]],
      expected: [{ rater: 0, cells: 0, meanAbsDeviation: null, robustZ: null, correlation: null }]
    },
    {
      description: 'cells only one rater scored do not count',
      committees: [
        [
          [
            [1, 2],
            [3, null]
          ],
          [
            [2, 2],
            [null, null]
          ]
        ]
      ],
      expected: [
        { rater: 0, cells: 2, meanAbsDeviation: 0.5, robustZ: null, correlation: null },
        { rater: 1, cells: 2, meanAbsDeviation: 0.5, robustZ: null, correlation: null }
      ]
    }
  ])('$description', ({ committees, expected }) => {
    const { deviations } = unusualRaters(matrixOf(committees));
    expect(deviations).toHaveLength(expected.length);
    deviations.forEach((d, i) => {
      const e = expected[i]!;
      expect(d.rater).toBe(e.rater);
      expect(d.cells).toBe(e.cells);
      for (const key of ['meanAbsDeviation', 'robustZ', 'correlation'] as const) {
        if (e[key] === null) expect(d[key]).toBeNull();
        else expect(d[key]).toBeCloseTo(e[key], 10);
      }
    });
  });
});

describe('unusualRaters outliers', () => {
  // Fences confirmed with np.percentile (linear, = type 7).
  it.each([
    {
      description: '9 among 5, 5, 6, 5 lies above Q3 + 1.5 · IQR = 7.5',
      scores: [5, 5, 6, 5, 9],
      expected: [{ rater: 4, theme: 0, criterion: 0, value: 9, low: 3.5, high: 7.5 }]
    },
    {
      description: 'IQR 0: every differing score is an outlier (Tukey)',
      scores: [5, 5, 5, 5, 6],
      expected: [{ rater: 4, theme: 0, criterion: 0, value: 6, low: 5, high: 5 }]
    },
    {
      description: '"weet ik niet" is not a score: 5, 5, 5, 9 still has 4 scores',
      scores: [5, 5, 5, null, 9],
      expected: [{ rater: 4, theme: 0, criterion: 0, value: 9, low: 3.5, high: 7.5 }]
    },
    { description: 'fewer than 4 scores: no outliers', scores: [1, 5, 9], expected: [] },
    { description: 'fewer than 4 scores after "weet ik niet": no outliers', scores: [5, 5, null, 9], expected: [] },
    { description: 'an even spread has none', scores: [1, 3, 5, 7, 9], expected: [] }
  ])('$description', ({ scores, expected }) => {
    // Two themes so nobody is straight-lining by accident; theme 2 is the same for all.
    const matrix = matrixOf([scores.map((value) => [[value], [5]])]);
    expect(unusualRaters(matrix).outliers).toEqual(expected);
  });

  it('reports every outlying score of a deviant rater, by theme and criterion', () => {
    const { outliers } = unusualRaters(matrixOf([[...close, higher]]));
    // The 16 outliers numpy finds, by theme, criterion, rater.
    expect(outliers.map(({ rater, theme, criterion }) => [theme, criterion, rater])).toEqual([
      [0, 0, 4],
      [0, 0, 6],
      [0, 1, 5],
      [0, 1, 6],
      [1, 0, 2],
      [1, 0, 6],
      [1, 1, 1],
      [1, 1, 6],
      [2, 0, 5],
      [2, 0, 6],
      [2, 1, 3],
      [2, 1, 6],
      [3, 0, 4],
      [3, 0, 6],
      [3, 1, 2],
      [3, 1, 6]
    ]);
  });
});
