import { chnriScore } from './descriptives.js';
import { averageRanks } from './kendall-w.js';
import { rankScores, type RatingMatrix } from './rating-matrix.js';

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (ties share the mean of their ranks,
 * as scipy.stats.spearmanr), over the pairs where neither value is NaN. Example: (1, 2, 3, 4) against
 * (1, 3, 2, 4) → 0.8. Null with fewer than 3 pairs or when either side is constant (no ranking to correlate).
 * @throws RangeError when x and y differ in length.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new RangeError(`spearman needs paired values, got ${x.length} and ${y.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a === a && b === b) {
      xs.push(a);
      ys.push(b);
    }
  }
  const n = xs.length;
  if (n < 3) return null;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  // Average ranks of n values always have mean (n + 1) / 2.
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Where two committees disagree on one theme. */
export interface ThemeGap {
  theme: number;
  scoreA: number;
  scoreB: number;
  rankA: number;
  rankB: number;
  /** rankA − rankB */
  rankGap: number;
  /** CHNRI-scaled score difference, A − B, in points of 0–100 */
  scoreGap: number;
}

export interface CommitteeComparison {
  /** Committee indices. */
  a: number;
  b: number;
  /** Spearman between the committees' weighted scores over the themes both scored. */
  rankCorrelation: number | null;
  /** Themes both committees scored, ordered by |rankGap| descending, then |scoreGap| descending, then theme index. */
  gaps: ThemeGap[];
}

/**
 * How far committees a and b agree on the order of the themes: Spearman's correlation of their weighted scores
 * over the themes both scored, and per such theme the gap in rank and in CHNRI score (A − B), largest rank gap
 * first. `scores` is committeeScores(matrix); a rank is the theme's competition rank within its committee over
 * the themes that committee scored (rankScores), so a theme only one committee scored still shifts the other
 * themes' ranks in that committee.
 * @throws RangeError when a or b is not a committee of the matrix.
 */
export function compareCommittees(
  matrix: RatingMatrix,
  scores: Float64Array,
  a: number,
  b: number
): CommitteeComparison {
  const T = matrix.themes.length;
  const K = matrix.committees.length;
  for (const k of [a, b]) {
    if (!(Number.isInteger(k) && k >= 0 && k < K)) throw new RangeError(`no committee ${k} among ${K}`);
  }
  const scoresA = scores.subarray(a * T, (a + 1) * T);
  const scoresB = scores.subarray(b * T, (b + 1) * T);
  // NaN ranks last, so the ranks of scored themes are those among the themes the committee scored.
  const ranksA = rankScores(scoresA, true);
  const ranksB = rankScores(scoresB, true);
  const gaps: ThemeGap[] = [];
  for (let t = 0; t < T; t++) {
    const scoreA = scoresA[t]!;
    const scoreB = scoresB[t]!;
    if (scoreA !== scoreA || scoreB !== scoreB) continue;
    gaps.push({
      theme: t,
      scoreA,
      scoreB,
      rankA: ranksA[t]!,
      rankB: ranksB[t]!,
      rankGap: ranksA[t]! - ranksB[t]!,
      scoreGap: chnriScore(scoreA, matrix.scale) - chnriScore(scoreB, matrix.scale)
    });
  }
  gaps.sort(
    (x, y) =>
      Math.abs(y.rankGap) - Math.abs(x.rankGap) || Math.abs(y.scoreGap) - Math.abs(x.scoreGap) || x.theme - y.theme
  );
  return { a, b, rankCorrelation: spearman(scoresA, scoresB), gaps };
}
