import { mulberry32 } from '../random.js';
import type { RatingMatrix } from './rating-matrix.js';

export interface StabilityOptions {
  /** A theme counts as "top" when its combined competition rank is at most this; default 15. */
  topN?: number;
  /** Bootstrap resamples; default 1000. */
  samples?: number;
  seed: number;
  /** As in combineCommitteeRanks. */
  committeeWeights?: readonly number[];
}

/**
 * Per theme the share of resamples (0–1) in which it lands in the top N of the combined ranking. Raters are
 * resampled with replacement within their own committee (each committee keeps its size); each resample is
 * ranked exactly like the real data: committeeScores(matrix, multiplicity) → combineCommitteeRanks →
 * rankScores(lower is better); a theme is in the top N when its competition rank ≤ N (ties at the boundary all
 * count); a theme with no score in a resample is not in the top N. Also the 2.5/97.5 % percentile of its combined
 * rank.
 */
export interface ThemeStability {
  topNShare: number;
  /** 2.5 % percentile (type 7) of the theme's combined rank over the resamples. */
  rankLow: number;
  /** 97.5 % percentile (type 7) of the theme's combined rank over the resamples. */
  rankHigh: number;
}

/**
 * How robust the combined ranking is to who happened to sit in the committees: a bootstrap over raters, as
 * described at {@link ThemeStability}. A theme without a score in a resample takes the rank rankScores gives it
 * (after the last scored theme) for the percentiles. Same seed, same result (mulberry32).
 *
 * Example: a theme every rater puts first is in the top N of every resample (share 1, ranks 1–1).
 * @throws RangeError when topN or samples is not a positive integer.
 */
export function rankStability(matrix: RatingMatrix, options: StabilityOptions): ThemeStability[] {
  const topN = options.topN ?? 15;
  const samples = options.samples ?? 1000;
  if (!Number.isInteger(topN) || topN < 1) throw new RangeError(`topN must be a positive integer, got ${topN}`);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`samples must be a positive integer, got ${samples}`);
  }
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const K = matrix.committees.length;
  const weights = options.committeeWeights ?? matrix.committees.map(() => 1);
  const random = mulberry32(options.seed);
  const seats = matrix.committees.map((_, k) =>
    matrix.raters.flatMap((rater, r) => (rater.committee === k ? [r] : []))
  );
  const R = matrix.raters.length;
  const TC = T * C;
  // Each rater's scores with 0 where there is none, and the cells without one: a resample adds whole rows (a
  // sequential loop V8 runs fast) and then takes the empty cells off the counts. The counts come out exactly as
  // committeeScores's (whole numbers), the sums equal up to rounding, far below the ranks' 1e-9 tie rule.
  const filled = new Float64Array(R * TC);
  const empty = matrix.raters.map((_, r) => {
    const cells: number[] = [];
    for (let i = 0; i < TC; i++) {
      const v = matrix.values[r * TC + i]!;
      if (v === v) filled[r * TC + i] = v;
      else cells.push(i);
    }
    return Int32Array.from(cells);
  });
  const criterionWeights = Float64Array.from(matrix.criteria, (c) => c.weight);
  const multiplicity = new Float64Array(R);
  const drawnPerCommittee = new Float64Array(K);
  const sums = new Float64Array(K * TC);
  const counts = new Float64Array(K * TC);
  const scores = new Float64Array(K * T);
  const ranks = new Float64Array(T);
  const combined = new Float64Array(T);
  const weightSums = new Float64Array(T);
  // One ranker per committee and one for the combined ranking, each remembering its last order.
  const committeeRankers = matrix.committees.map(() => new Ranker(T));
  const combinedRanker = new Ranker(T);
  const inTop = new Float64Array(T);
  // rankCounts[t · (T + 1) + rank]: in how many resamples theme t had that combined rank (ranks are 1…T).
  const rankCounts = new Int32Array(T * (T + 1));

  for (let s = 0; s < samples; s++) {
    multiplicity.fill(0);
    for (const members of seats) {
      for (let j = 0; j < members.length; j++) multiplicity[members[Math.floor(random() * members.length)]!]! += 1;
    }
    drawnPerCommittee.fill(0);
    for (let k = 0; k < K; k++) {
      // Two drawn raters per pass over the committee's sums: half the loads and stores of the hot loop.
      const members = seats[k]!;
      const base = k * TC;
      sums.fill(0, base, base + TC);
      let pending = -1;
      for (const r of members) {
        const times = multiplicity[r]!;
        if (times === 0) continue;
        drawnPerCommittee[k]! += times;
        if (pending < 0) {
          pending = r;
          continue;
        }
        addTwoScaled(sums, base, filled, pending * TC, multiplicity[pending]!, r * TC, times, TC);
        pending = -1;
      }
      if (pending >= 0) addTwoScaled(sums, base, filled, pending * TC, multiplicity[pending]!, 0, 0, TC);
    }
    for (let k = 0; k < K; k++) counts.fill(drawnPerCommittee[k]!, k * TC, (k + 1) * TC);
    for (let r = 0; r < R; r++) {
      const times = multiplicity[r]!;
      if (times === 0) continue;
      const base = matrix.raters[r]!.committee * TC;
      for (const cell of empty[r]!) counts[base + cell]! -= times;
    }
    // committeeScores: per criterion the mean, combined by weight over the criteria scored.
    for (let i = 0; i < K * T; i++) {
      let weighted = 0;
      let weightSum = 0;
      for (let c = 0; c < C; c++) {
        const n = counts[i * C + c]!;
        if (n === 0) continue;
        weighted += (criterionWeights[c]! * sums[i * C + c]!) / n;
        weightSum += criterionWeights[c]!;
      }
      scores[i] = weightSum > 0 ? weighted / weightSum : NaN;
    }
    combined.fill(0);
    weightSums.fill(0);
    // combineCommitteeRanks, then rankScores (lower is better).
    for (let k = 0; k < K; k++) {
      const w = weights[k] ?? 0;
      if (w === 0) continue;
      committeeRankers[k]!.rank(scores, k * T, true, ranks);
      for (let t = 0; t < T; t++) {
        if (scores[k * T + t] !== scores[k * T + t]) continue;
        combined[t]! += w * ranks[t]!;
        weightSums[t]! += w;
      }
    }
    for (let t = 0; t < T; t++) combined[t] = weightSums[t]! > 0 ? combined[t]! / weightSums[t]! : NaN;
    combinedRanker.rank(combined, 0, false, ranks);
    for (let t = 0; t < T; t++) {
      rankCounts[t * (T + 1) + ranks[t]!]! += 1;
      if (ranks[t]! <= topN && combined[t] === combined[t]) inTop[t]! += 1;
    }
  }
  return matrix.themes.map((_, t) => {
    const counts = rankCounts.subarray(t * (T + 1), (t + 1) * (T + 1));
    return {
      topNShare: inTop[t]! / samples,
      rankLow: quantileOfCounts(counts, samples, 0.025),
      rankHigh: quantileOfCounts(counts, samples, 0.975)
    };
  });
}

/**
 * The type-7 quantile (as quantileSorted) of `total` integers given as counts per value: the values at sorted
 * positions ⌊(total − 1) · q⌋ and ⌈(total − 1) · q⌉, interpolated.
 */
function quantileOfCounts(counts: Int32Array, total: number, q: number): number {
  const position = (total - 1) * q;
  const valueAt = (index: number): number => {
    let seen = 0;
    for (let value = 0; value < counts.length; value++) {
      seen += counts[value]!;
      if (seen > index) return value;
    }
    return counts.length - 1;
  };
  const below = valueAt(Math.floor(position));
  return below + (valueAt(Math.ceil(position)) - below) * (position - Math.floor(position));
}

/** target[base + i] += a · source[offsetA + i] + b · source[offsetB + i] for i < length: the hot loop. */
function addTwoScaled(
  target: Float64Array,
  base: number,
  source: Float64Array,
  offsetA: number,
  a: number,
  offsetB: number,
  b: number,
  length: number
): void {
  for (let i = 0; i < length; i++) target[base + i]! += a * source[offsetA + i]! + b * source[offsetB + i]!;
}

/**
 * rankScores into a reused buffer: competition ranks with the same 1e-9 tie rule as competitionRanks (a value
 * within 1e-9 of the one sorted before it shares its rank), NaN after the last score. The keys are sorted by the
 * engine's native typed-array sort; each value then finds its first place among them by binary search, so equal
 * values share a rank whatever their order.
 */
class Ranker {
  private readonly keys: Float64Array;
  private readonly sorted: Float64Array;
  private readonly sortedRanks: Float64Array;

  constructor(size: number) {
    this.keys = new Float64Array(size);
    this.sorted = new Float64Array(size);
    this.sortedRanks = new Float64Array(size);
  }

  /** Ranks values[from … from + size) into out[0 … size). */
  rank(values: Float64Array, from: number, higherIsBetter: boolean, out: Float64Array): void {
    const { keys, sorted, sortedRanks } = this;
    const size = keys.length;
    let n = 0;
    for (let i = 0; i < size; i++) {
      const v = values[from + i]!;
      // Ascending keys, NaN (no score) last.
      if (v === v) {
        keys[i] = higherIsBetter ? -v : v;
        n++;
      } else keys[i] = Infinity;
    }
    sorted.set(keys);
    sorted.sort();
    for (let p = 0; p < n; p++) {
      sortedRanks[p] = p > 0 && Math.abs(sorted[p - 1]! - sorted[p]!) < 1e-9 ? sortedRanks[p - 1]! : p + 1;
    }
    for (let i = 0; i < size; i++) {
      const key = keys[i]!;
      if (key === Infinity) {
        out[i] = n + 1;
        continue;
      }
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      out[i] = sortedRanks[lo]!;
    }
  }
}
