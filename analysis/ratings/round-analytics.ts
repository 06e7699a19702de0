import { compareCommittees, type CommitteeComparison } from './committee-comparison.js';
import { cellStatistics, type CellStatistics, themeScores, type ThemeScore } from './descriptives.js';
import { kendallW } from './kendall-w.js';
import { type AlphaInterval, type AlphaLevel, krippendorffAlphaInterval } from './krippendorff-alpha.js';
import { rankStability, type ThemeStability } from './rank-stability.js';
import {
  Answer,
  combineCommitteeRanks,
  committeeScores,
  rankScores,
  type RatingMatrix,
  withoutRaters
} from './rating-matrix.js';
import { unusualRaters, type UnusualRaters } from './unusual-raters.js';

/**
 * Bootstrap resamples for alpha's 95 % interval: a percentile interval rests on its 2.5 % tails, which 1000
 * resamples estimate steadily (Efron & Tibshirani's advice for percentile intervals).
 */
export const ALPHA_SAMPLES = 1000;
/**
 * Resamples for rank stability: a share in the top N is shown in whole percent, and 500 resamples keep its
 * Monte Carlo standard error at or below 2.3 points (√(0.25 / 500)); twice as many would double the page's time.
 */
export const STABILITY_SAMPLES = 500;

export interface AnalyticsOptions {
  /** Top N for rank stability. */
  topN: number;
  /** Level of measurement for Krippendorff's alpha. */
  level: AlphaLevel;
  /** Weight per committee (by index) in the combined ranking; equal when omitted. */
  committeeWeights?: readonly number[];
  /** Bootstrap resamples for alpha's interval (see ALPHA_SAMPLES). */
  alphaSamples: number;
  /** Bootstrap resamples for rank stability (see STABILITY_SAMPLES). */
  stabilitySamples: number;
  seed: number;
  /** A top-N ranking round: values are Borda points, and Kendall's W is computed. */
  ranking: boolean;
}

/** Agreement of one committee on one criterion. */
export interface Agreement {
  committee: number;
  criterion: number;
  /** Null when fewer than two raters scored any theme in common (alpha undefined). */
  alpha: AlphaInterval | null;
  /** Ranking rounds only. */
  kendallW: number | null;
  raters: number;
  units: number;
}

export interface ThemeMove {
  theme: number;
  before: number | null;
  after: number | null;
}

export interface RatingAnalytics {
  /** Weighted score per committee × theme (index k · T + t), NaN where unscored. */
  committeeScores: Float64Array;
  /** Rank of each theme within each committee, null where the committee did not score it. */
  committeeRanks: (number | null)[][];
  /** Weighted mean of committee ranks per theme (lower is better), NaN where nobody scored. */
  combined: Float64Array;
  combinedRanks: (number | null)[];
  themes: { perCommittee: ThemeScore[]; pooled: ThemeScore[] };
  cells: CellStatistics[];
  agreement: Agreement[];
  unusual: UnusualRaters;
  /** Per flagged rater (index) the themes whose combined rank changes without them. */
  whatIf: Map<number, ThemeMove[]>;
  stability: ThemeStability[];
  /** The first two committees side by side; null with fewer than two committees. */
  comparison: CommitteeComparison | null;
}

function combinedRanking(
  matrix: RatingMatrix,
  weights: readonly number[] | undefined
): { combined: Float64Array; ranks: (number | null)[] } {
  const combined = combineCommitteeRanks(matrix, committeeScores(matrix), { committeeWeights: weights });
  const ranks = rankScores(combined, false);
  return { combined, ranks: ranks.map((rank, t) => (combined[t] === combined[t] ? rank : null)) };
}

/**
 * Agreement per committee and criterion: Krippendorff's alpha over the themes (units) by the committee's raters,
 * with a bootstrap interval; in ranking rounds also Kendall's W of the raters who ranked, a theme left out of a
 * rater's top N (or recused) counting as 0 Borda points, tied last.
 */
function agreement(matrix: RatingMatrix, options: AnalyticsOptions): Agreement[] {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const result: Agreement[] = [];
  matrix.committees.forEach((_, k) => {
    for (let c = 0; c < C; c++) {
      const rows: (number | null)[][] = [];
      matrix.raters.forEach((rater, r) => {
        if (rater.committee !== k) return;
        const row = new Array<number | null>(T);
        let scored = false;
        for (let t = 0; t < T; t++) {
          const i = (r * T + t) * C + c;
          const v = matrix.values[i]!;
          row[t] = matrix.answers[i] === Answer.score ? v : null;
          scored ||= row[t] !== null;
        }
        if (scored) rows.push(row);
      });
      const units = Array.from({ length: T }, (_, t) => rows.filter((row) => row[t] !== null).length).filter(
        (m) => m >= 2
      ).length;
      let alpha: AlphaInterval | null = null;
      if (rows.length >= 2 && units > 0) {
        alpha = krippendorffAlphaInterval(rows, options.level, {
          samples: options.alphaSamples,
          seed: options.seed + k * C + c
        });
      }
      const w =
        options.ranking && rows.length >= 2 && T >= 2 ? kendallW(rows.map((row) => row.map((v) => v ?? 0))) : null;
      result.push({
        committee: k,
        criterion: c,
        alpha,
        kendallW: w === null || Number.isNaN(w) ? null : w,
        raters: rows.length,
        units
      });
    }
  });
  return result;
}

/**
 * Every figure of the analytics page for one round, from its rating matrix: descriptive statistics per cell,
 * weighted and CHNRI scores, ranks per committee and combined (JLA), agreement, unusual raters with a "what if"
 * ranking without each flagged rater, the first two committees side by side, and rank stability by bootstrap.
 */
export function analyseRatings(matrix: RatingMatrix, options: AnalyticsOptions): RatingAnalytics {
  const T = matrix.themes.length;
  const scores = committeeScores(matrix);
  const committeeRanks = matrix.committees.map((_, k) => {
    const own = scores.subarray(k * T, (k + 1) * T);
    return rankScores(own, true).map((rank, t) => (own[t] === own[t] ? rank : null));
  });
  const { combined, ranks } = combinedRanking(matrix, options.committeeWeights);
  const unusual = unusualRaters(matrix);
  const whatIf = new Map<number, ThemeMove[]>();
  for (const rater of new Set(unusual.flags.map((f) => f.rater))) {
    const after = combinedRanking(withoutRaters(matrix, new Set([rater])), options.committeeWeights).ranks;
    whatIf.set(
      rater,
      ranks.flatMap((before, theme) => (before === after[theme] ? [] : [{ theme, before, after: after[theme]! }]))
    );
  }
  return {
    committeeScores: scores,
    committeeRanks,
    combined,
    combinedRanks: ranks,
    themes: themeScores(matrix),
    cells: cellStatistics(matrix),
    agreement: agreement(matrix, options),
    unusual,
    whatIf,
    stability: rankStability(matrix, {
      topN: options.topN,
      samples: options.stabilitySamples,
      seed: options.seed,
      committeeWeights: options.committeeWeights
    }),
    comparison: matrix.committees.length >= 2 ? compareCommittees(matrix, scores, 0, 1) : null
  };
}
