import { quantileSorted } from '../stats/delphi.js';
import type { RatingMatrix } from './rating-matrix.js';

export type RaterFlagKind = 'deviation' | 'negative_correlation' | 'straight_lining';

/** Why a rater looks unusual, as numbers the UI turns into a sentence. */
export interface RaterFlag {
  /** Index into `matrix.raters`. */
  rater: number;
  kind: RaterFlagKind;
  /** deviation: robust z; negative_correlation: r; straight_lining: the repeated value */
  value: number;
  /** deviation: 2.5; negative_correlation: 0; straight_lining: number of scores */
  threshold: number;
  /** deviation and negative_correlation: the cells compared with the others; straight_lining: number of scores. */
  cells: number;
}

/** One score far from the rest of its committee on that theme and criterion (Tukey's fences). */
export interface OutlierScore {
  rater: number;
  theme: number;
  criterion: number;
  value: number;
  /** Q1 − 1.5 · IQR */
  low: number;
  /** Q3 + 1.5 · IQR */
  high: number;
}

/** A rater's leave-one-out figures; null where the rule's minimum is not met. */
export interface RaterDeviation {
  rater: number;
  /** Cells the rater scored where at least one other rater of the committee scored too. */
  cells: number;
  /** Mean |own score − mean of the others| over those cells; null without cells. */
  meanAbsDeviation: number | null;
  /** Robust z of meanAbsDeviation within the committee; null when the deviation rule does not apply. */
  robustZ: number | null;
  /** Pearson r of own scores with the others' means; null under 5 cells or when either side is constant. */
  correlation: number | null;
}

export interface UnusualRaters {
  /** By rater index, then in the order deviation, negative_correlation, straight_lining. */
  flags: RaterFlag[];
  /** By committee, theme, criterion, rater. */
  outliers: OutlierScore[];
  /** One per rater, by rater index. */
  deviations: RaterDeviation[];
}

export interface UnusualRatersOptions {
  /** Robust z above which a rater's deviation is flagged; default 2.5. */
  zThreshold?: number;
  /** Leave-one-out cells a rater needs to take part in the deviation rule; default 3. */
  minCells?: number;
}

/** Cells needed for the correlation and straight-lining rules. */
const MIN_PATTERN_CELLS = 5;
/** Scores per committee × theme × criterion needed before one can be called an outlier. */
const MIN_OUTLIER_SCORES = 4;
/** Raters with a deviation a committee needs before anyone's deviation is judged against the others. */
const MIN_COMMITTEE_RATERS = 3;

/** Median of values sorted ascending (non-empty). */
const median = (sorted: readonly number[]): number => quantileSorted(sorted, 0.5);

/**
 * Raters whose scores look unusual within their committee, plus single outlying scores. Every rule compares a
 * rater only with the other raters of the same committee.
 *
 * Leave-one-out: for rater r, over every cell (theme × criterion) r scored where at least one other rater of the
 * committee scored, m = mean of the others' scores = (committee sum − x) / (n − 1).
 *
 * - `deviation`: d_r = mean |x − m|. Over the committee's raters with ≥ `minCells` (3) such cells — at least 3 of
 *   them — robust z = (d_r − median d) / (1.4826 · MAD of d); flagged when z > `zThreshold` (2.5). When the MAD is
 *   0 the scale falls back to 1.2533 · mean |d − median d|; when that is 0 too nobody is flagged (z null).
 *   Example: d = 0.2, 0.3, 0.3, 0.4, 2.0 → median 0.3, MAD 0.1, z of the last = 1.7 / 0.14826 ≈ 11.5: flagged.
 * - `negative_correlation`: the Pearson correlation between r's scores x and the leave-one-out means m is below 0,
 *   over ≥ 5 cells. Pearson (not Spearman) because scores are interval-like and few distinct values would leave
 *   Spearman mostly ties. Undefined (skipped) when x or m is constant.
 * - `straight_lining`: all of r's scores (every cell, not only the shared ones) are the same value, with ≥ 5
 *   scores spread over more than one theme.
 *
 * Outliers: per committee × theme × criterion with ≥ 4 scores, a score below Q1 − 1.5 · IQR or above
 * Q3 + 1.5 · IQR (type-7 quartiles). With IQR 0 every score that differs from the rest is an outlier: that is
 * Tukey's rule, kept as is.
 */
export function unusualRaters(matrix: RatingMatrix, options: UnusualRatersOptions = {}): UnusualRaters {
  const zThreshold = options.zThreshold ?? 2.5;
  const minCells = options.minCells ?? 3;
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const K = matrix.committees.length;
  const cellsPerRater = T * C;
  const { values } = matrix;

  // Committee sums and counts per cell, once: each leave-one-out mean is then (sum − x) / (n − 1).
  const sums = new Float64Array(K * cellsPerRater);
  const counts = new Float64Array(K * cellsPerRater);
  matrix.raters.forEach((rater, r) => {
    const base = rater.committee * cellsPerRater;
    const offset = r * cellsPerRater;
    for (let i = 0; i < cellsPerRater; i++) {
      const v = values[offset + i]!;
      if (v === v) {
        sums[base + i]! += v;
        counts[base + i]! += 1;
      }
    }
  });

  const deviations: RaterDeviation[] = [];
  const straightLined = new Map<number, { value: number; scores: number }>();
  matrix.raters.forEach((rater, r) => {
    const base = rater.committee * cellsPerRater;
    const offset = r * cellsPerRater;
    let cells = 0;
    let absSum = 0;
    // Sums for Pearson's r between own score x and the others' mean m.
    let sx = 0;
    let sm = 0;
    let sxx = 0;
    let smm = 0;
    let sxm = 0;
    let scores = 0;
    let first = NaN;
    let allSame = true;
    let themes = 0;
    let lastTheme = -1;
    for (let i = 0; i < cellsPerRater; i++) {
      const x = values[offset + i]!;
      if (x !== x) continue;
      if (scores === 0) first = x;
      else if (x !== first) allSame = false;
      scores++;
      const t = Math.floor(i / C);
      if (t !== lastTheme) {
        themes++;
        lastTheme = t;
      }
      const n = counts[base + i]!;
      if (n < 2) continue;
      const m = (sums[base + i]! - x) / (n - 1);
      cells++;
      absSum += Math.abs(x - m);
      sx += x;
      sm += m;
      sxx += x * x;
      smm += m * m;
      sxm += x * m;
    }
    let correlation: number | null = null;
    if (cells >= MIN_PATTERN_CELLS) {
      const vx = sxx - (sx * sx) / cells;
      const vm = smm - (sm * sm) / cells;
      const cov = sxm - (sx * sm) / cells;
      // Relative tolerance: a constant side leaves only rounding error in its variance.
      if (vx > 1e-12 * sxx && vm > 1e-12 * smm) correlation = cov / Math.sqrt(vx * vm);
    }
    deviations.push({
      rater: r,
      cells,
      meanAbsDeviation: cells > 0 ? absSum / cells : null,
      robustZ: null,
      correlation
    });
    if (allSame && scores >= MIN_PATTERN_CELLS && themes > 1) straightLined.set(r, { value: first, scores });
  });

  for (let k = 0; k < K; k++) {
    const members = deviations.filter((d) => matrix.raters[d.rater]!.committee === k && d.cells >= minCells);
    if (members.length < MIN_COMMITTEE_RATERS) continue;
    const d = members.map((m) => m.meanAbsDeviation!).sort((a, b) => a - b);
    const centre = median(d);
    const spread = d.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
    const mad = median(spread);
    const meanSpread = spread.reduce((s, v) => s + v, 0) / spread.length;
    const scale = mad > 0 ? 1.4826 * mad : 1.2533 * meanSpread;
    if (!(scale > 0)) continue;
    for (const m of members) m.robustZ = (m.meanAbsDeviation! - centre) / scale;
  }

  const flags: RaterFlag[] = [];
  for (const d of deviations) {
    if (d.robustZ !== null && d.robustZ > zThreshold) {
      flags.push({ rater: d.rater, kind: 'deviation', value: d.robustZ, threshold: zThreshold, cells: d.cells });
    }
    if (d.correlation !== null && d.correlation < 0) {
      flags.push({ rater: d.rater, kind: 'negative_correlation', value: d.correlation, threshold: 0, cells: d.cells });
    }
    const lined = straightLined.get(d.rater);
    if (lined) {
      flags.push({
        rater: d.rater,
        kind: 'straight_lining',
        value: lined.value,
        threshold: lined.scores,
        cells: lined.scores
      });
    }
  }

  return { flags, outliers: outlierScores(matrix), deviations };
}

/** Tukey outliers per committee × theme × criterion, by committee, theme, criterion, rater. */
function outlierScores(matrix: RatingMatrix): OutlierScore[] {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const { values } = matrix;
  const outliers: OutlierScore[] = [];
  const scratch = new Float64Array(matrix.raters.length);
  for (let k = 0; k < matrix.committees.length; k++) {
    const members = matrix.raters.flatMap((rater, r) => (rater.committee === k ? [r] : []));
    if (members.length < MIN_OUTLIER_SCORES) continue;
    for (let i = 0; i < T * C; i++) {
      let n = 0;
      for (const r of members) {
        const v = values[r * T * C + i]!;
        if (v === v) scratch[n++] = v;
      }
      if (n < MIN_OUTLIER_SCORES) continue;
      // A native typed-array sort: comparator sorts of 2 400 small arrays took most of the time.
      const sorted = Array.from(scratch.subarray(0, n).sort());
      const q1 = quantileSorted(sorted, 0.25);
      const q3 = quantileSorted(sorted, 0.75);
      const low = q1 - 1.5 * (q3 - q1);
      const high = q3 + 1.5 * (q3 - q1);
      if (sorted[0]! >= low && sorted[n - 1]! <= high) continue;
      for (const r of members) {
        const value = values[r * T * C + i]!;
        if (value < low || value > high) {
          outliers.push({ rater: r, theme: Math.floor(i / C), criterion: i % C, value, low, high });
        }
      }
    }
  }
  return outliers;
}
