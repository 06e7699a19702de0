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
  const totalWeight = matrix.criteria.reduce((sum, c) => sum + c.weight, 0);

  // committeeScores, combineCommitteeRanks and rankScores re-done on reused typed arrays: calling them per
  // resample was several times too slow. A rater who scored all criteria of a theme adds their weighted score
  // W = Σ w_c · x_c / Σ w_c; one who scored none adds nothing to any criterion; so when every drawn rater of a
  // committee is one of those two on a theme, its score is Σ times · W / Σ times over the full raters — the same
  // value as committeeScores up to rounding (far below the 1e-9 tie tolerance of the ranks) for C times less work.
  // Committee × themes where a drawn rater scored some but not all criteria go per criterion, as committeeScores.
  const themeScore = new Float64Array(matrix.raters.length * T);
  const full = new Float64Array(matrix.raters.length * T);
  const partialThemes = matrix.raters.map((_, r) => {
    const partial: number[] = [];
    for (let t = 0; t < T; t++) {
      let scored = 0;
      let weighted = 0;
      for (let c = 0; c < C; c++) {
        const v = matrix.values[(r * T + t) * C + c]!;
        if (v !== v) continue;
        scored++;
        weighted += matrix.criteria[c]!.weight * v;
      }
      if (scored > 0 && scored === C) {
        full[r * T + t] = 1;
        themeScore[r * T + t] = weighted / totalWeight;
      } else if (scored > 0) partial.push(t);
    }
    return partial;
  });
  const multiplicity = new Float64Array(matrix.raters.length);
  // Per committee its distinct drawn raters, by index (the order committeeScores adds them in).
  const drawn = seats.map((members) => new Int32Array(members.length));
  const drawnCount = new Int32Array(K);
  const sums = new Float64Array(K * T);
  const counts = new Float64Array(K * T);
  const partial = new Uint8Array(K * T);
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

  const criterionScratch = {
    weights: matrix.criteria.map((c) => c.weight),
    sums: new Float64Array(C),
    counts: new Float64Array(C)
  };

  for (let s = 0; s < samples; s++) {
    multiplicity.fill(0);
    for (const members of seats) {
      for (let j = 0; j < members.length; j++) multiplicity[members[Math.floor(random() * members.length)]!]! += 1;
    }
    sums.fill(0);
    counts.fill(0);
    partial.fill(0);
    drawnCount.fill(0);
    for (let r = 0; r < matrix.raters.length; r++) {
      const times = multiplicity[r]!;
      if (times === 0) continue;
      const k = matrix.raters[r]!.committee;
      drawn[k]![drawnCount[k]!++] = r;
      const base = k * T;
      addScaled(sums, base, themeScore, r * T, T, times);
      addScaled(counts, base, full, r * T, T, times);
      for (const t of partialThemes[r]!) partial[base + t] = 1;
    }
    for (let i = 0; i < K * T; i++) {
      if (partial[i] === 1) {
        const k = Math.floor(i / T);
        scores[i] = scorePerCriterion(
          matrix.values,
          T,
          i - k * T,
          drawn[k]!,
          drawnCount[k]!,
          multiplicity,
          criterionScratch
        );
      } else scores[i] = counts[i]! > 0 && totalWeight > 0 ? sums[i]! / counts[i]! : NaN;
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

/**
 * A committee's score on theme t from its drawn raters' scores per criterion, exactly as committeeScores computes
 * it (the same sums in the same rater order). `scratch` holds the criterion weights and two buffers of length C.
 */
function scorePerCriterion(
  values: Float64Array,
  T: number,
  t: number,
  raters: Int32Array,
  raterCount: number,
  multiplicity: Float64Array,
  scratch: { weights: readonly number[]; sums: Float64Array; counts: Float64Array }
): number {
  const { weights, sums, counts } = scratch;
  const C = weights.length;
  sums.fill(0);
  counts.fill(0);
  for (let j = 0; j < raterCount; j++) {
    const r = raters[j]!;
    const times = multiplicity[r]!;
    const offset = (r * T + t) * C;
    for (let c = 0; c < C; c++) {
      const v = values[offset + c]!;
      if (v !== v) continue;
      sums[c]! += times * v;
      counts[c]! += times;
    }
  }
  let weighted = 0;
  let weightSum = 0;
  for (let c = 0; c < C; c++) {
    if (counts[c] === 0) continue;
    weighted += (weights[c]! * sums[c]!) / counts[c]!;
    weightSum += weights[c]!;
  }
  return weightSum > 0 ? weighted / weightSum : NaN;
}

/** target[base + i] += times · source[offset + i] for i < length: the hot loop, small so V8 optimises it well. */
function addScaled(
  target: Float64Array,
  base: number,
  source: Float64Array,
  offset: number,
  length: number,
  times: number
): void {
  for (let i = 0; i < length; i++) target[base + i]! += times * source[offset + i]!;
}

/**
 * rankScores into a reused buffer: competition ranks with the same 1e-9 tie rule as competitionRanks (a value
 * within 1e-9 of the one sorted before it shares its rank), NaN after the last score. Each ranker keeps the order
 * of its previous call and insertion-sorts from there: resamples mostly keep the themes' order, so that is close
 * to linear, and equal values share a rank whatever their order.
 */
class Ranker {
  private readonly order: Int32Array;
  private readonly keys: Float64Array;

  constructor(size: number) {
    this.order = Int32Array.from({ length: size }, (_, i) => i);
    this.keys = new Float64Array(size);
  }

  /** Ranks values[from … from + size) into out[0 … size). */
  rank(values: Float64Array, from: number, higherIsBetter: boolean, out: Float64Array): void {
    const { order, keys } = this;
    const size = order.length;
    let n = 0;
    for (let i = 0; i < size; i++) {
      const v = values[from + i]!;
      // Ascending keys, NaN (no score) last.
      if (v === v) {
        keys[i] = higherIsBetter ? -v : v;
        n++;
      } else keys[i] = Infinity;
    }
    for (let p = 1; p < size; p++) {
      const item = order[p]!;
      const key = keys[item]!;
      let q = p - 1;
      while (q >= 0 && keys[order[q]!]! > key) {
        order[q + 1] = order[q]!;
        q--;
      }
      order[q + 1] = item;
    }
    for (let p = 0; p < size; p++) {
      const item = order[p]!;
      if (p >= n) out[item] = n + 1;
      else if (p > 0 && Math.abs(keys[order[p - 1]!]! - keys[item]!) < 1e-9) out[item] = out[order[p - 1]!]!;
      else out[item] = p + 1;
    }
  }
}
