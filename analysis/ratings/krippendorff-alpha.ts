import { mulberry32 } from '../random.js';
import { quantileSorted } from '../stats/delphi.js';

/** The metric a difference function assumes between two values. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Observed and expected disagreement; alpha = 1 − Do / De. */
export interface AlphaDisagreement {
  alpha: number;
  /** Observed disagreement, (1/n) Σ o_ck δ²_ck over the coincidence matrix. */
  Do: number;
  /** Expected disagreement, 1/(n(n−1)) Σ n_c n_k δ²_ck. */
  De: number;
  /** Pairable values n: values in units that hold at least two. */
  pairableValues: number;
  /** Units holding at least two values. */
  pairableUnits: number;
}

export interface AlphaIntervalOptions {
  /** Bootstrap resamples; 1000 unless told. */
  samples?: number;
  /** Seed for mulberry32, so the interval is reproducible. */
  seed: number;
  /** Coverage of the percentile interval; 0.95 unless told. */
  confidence?: number;
}

export interface AlphaInterval {
  alpha: number;
  lower: number;
  upper: number;
  /** Resamples that gave a defined alpha (a resample whose values are all equal has De = 0 and is left out). */
  samples: number;
}

/**
 * Pairable units as sparse value counts: the distinct values sorted ascending, and per unit the indices of the
 * values it holds with how often. Units with fewer than two values carry no pairing information and drop out.
 */
interface PairableUnits {
  values: number[];
  units: { index: Int32Array; count: Float64Array; m: number }[];
}

function pairableUnits(data: readonly (readonly (number | null)[])[], level: AlphaLevel): PairableUnits {
  const width = data[0]?.length ?? 0;
  data.forEach((row, r) => {
    if (row.length !== width) {
      throw new RangeError(`ragged reliability data: rater 0 rated ${width} units, rater ${r} rated ${row.length}`);
    }
  });
  const distinct = new Set<number>();
  for (const row of data) {
    for (const value of row) {
      if (value === null) continue;
      if (!Number.isFinite(value)) throw new RangeError(`rating must be a finite number or null, got ${value}`);
      if (level === 'ratio' && value < 0) throw new RangeError(`ratio ratings must not be negative, got ${value}`);
      distinct.add(value);
    }
  }
  const values = [...distinct].sort((a, b) => a - b);
  const indexOf = new Map(values.map((v, i) => [v, i]));
  const units: PairableUnits['units'] = [];
  for (let u = 0; u < width; u++) {
    const counts = new Map<number, number>();
    let m = 0;
    for (const row of data) {
      const value = row[u];
      if (value === null || value === undefined) continue;
      const i = indexOf.get(value)!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    units.push({ index: Int32Array.from(counts.keys()), count: Float64Array.from(counts.values()), m });
  }
  if (units.length === 0) throw new RangeError('no pairable values: no unit holds two or more ratings');
  return { values, units };
}

interface UnitRows {
  width: number;
  rows: Float64Array;
}

/** Column of the pair c < k among the V(V − 1)/2 pairs in row-major order. */
function pairColumn(c: number, k: number, v: number): number {
  return c * v - (c * (c + 1)) / 2 + (k - c - 1);
}

/**
 * What alpha needs from each unit, as one row of numbers per unit, so that a resample of units is a weighted sum
 * of rows. Columns 0…V−1: the unit's values per category, n_uc (the row sums of its coincidences). Ordinal: then
 * its coincidences o_uck for c < k (the ordinal metric depends on the resample's marginals, so Do is formed after
 * summing). Other levels (`delta` given, fixed): then one number, Σ_{c≠k} o_uck δ²_ck.
 * Coincidences of a unit with m values: o_uck = n_c n_k / (m − 1) for c ≠ k.
 */
function unitRows(data: PairableUnits, delta: Float64Array | null): UnitRows {
  const v = data.values.length;
  const width = v + (delta ? 1 : (v * (v - 1)) / 2);
  const rows = new Float64Array(data.units.length * width);
  data.units.forEach(({ index, count, m }, u) => {
    const row = u * width;
    for (let a = 0; a < index.length; a++) rows[row + index[a]!] = count[a]!;
    for (let a = 0; a < index.length; a++) {
      for (let b = 0; b < index.length; b++) {
        const c = index[a]!;
        const k = index[b]!;
        if (c === k) continue;
        const o = (count[a]! * count[b]!) / (m - 1);
        if (delta) rows[row + v]! += o * delta[c * v + k]!;
        else if (c < k) rows[row + v + pairColumn(c, k, v)] = o;
      }
    }
  });
  return { width, rows };
}

/** Do and De from a (weighted) sum of unit rows; `delta` is the fixed δ² of the non-ordinal levels. */
function disagreementOfSum(
  sum: Float64Array,
  values: readonly number[],
  level: AlphaLevel,
  delta: Float64Array | null
): { Do: number; De: number } {
  const v = values.length;
  const marginals = sum.subarray(0, v);
  let n = 0;
  for (let c = 0; c < v; c++) n += marginals[c]!;
  const d = delta ?? squaredDifferences(values, marginals, level);
  let observedTimesN = delta ? sum[v]! : 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = c + 1; k < v; k++) {
      const dck = d[c * v + k]!;
      if (!delta) observedTimesN += 2 * sum[v + pairColumn(c, k, v)]! * dck;
      expected += 2 * marginals[c]! * marginals[k]! * dck;
    }
  }
  return { Do: observedTimesN / n, De: expected / (n * (n - 1)) };
}

/** The unit rows of the data for a level, the fixed δ² where the level has one, and the point estimate's parts. */
function prepare(data: readonly (readonly (number | null)[])[], level: AlphaLevel) {
  const units = pairableUnits(data, level);
  const delta =
    level === 'ordinal' ? null : squaredDifferences(units.values, new Float64Array(units.values.length), level);
  const rows = unitRows(units, delta);
  const total = new Float64Array(rows.width);
  for (let u = 0; u < units.units.length; u++) {
    for (let j = 0; j < rows.width; j++) total[j]! += rows.rows[u * rows.width + j]!;
  }
  return { units, delta, rows, point: disagreementOfSum(total, units.values, level, delta) };
}

/** Squared differences δ²_ck (V × V) for the level; the ordinal metric depends on the marginals n_g. */
function squaredDifferences(values: readonly number[], marginals: Float64Array, level: AlphaLevel): Float64Array {
  const v = values.length;
  const delta = new Float64Array(v * v);
  const cumulative = new Float64Array(v + 1);
  for (let g = 0; g < v; g++) cumulative[g + 1] = cumulative[g]! + marginals[g]!;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      if (c === k) continue;
      const x = values[c]!;
      const y = values[k]!;
      let d: number;
      switch (level) {
        case 'nominal':
          d = 1;
          break;
        case 'ordinal': {
          const lo = Math.min(c, k);
          const hi = Math.max(c, k);
          d = (cumulative[hi + 1]! - cumulative[lo]! - (marginals[c]! + marginals[k]!) / 2) ** 2;
          break;
        }
        case 'interval':
          d = (x - y) ** 2;
          break;
        case 'ratio':
          d = x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
          break;
      }
      delta[c * v + k] = d;
    }
  }
  return delta;
}

/**
 * Krippendorff's alpha with its observed (Do) and expected (De) disagreement, by the coincidence-matrix method
 * of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability". `data[rater][unit]`, null = missing.
 * Alpha is NaN when every pairable value is the same (De = 0: no variation, alpha undefined).
 * @throws RangeError for ragged rows, non-finite or (ratio) negative ratings, or no unit with two ratings.
 */
export function krippendorffDisagreement(
  data: readonly (readonly (number | null)[])[],
  level: AlphaLevel
): AlphaDisagreement {
  const { units, point } = prepare(data, level);
  const { Do, De } = point;
  const pairableValues = units.units.reduce((sum, unit) => sum + unit.m, 0);
  return { alpha: De === 0 ? NaN : 1 - Do / De, Do, De, pairableValues, pairableUnits: units.units.length };
}

/** Krippendorff's alpha of `data[rater][unit]` (null = missing); see {@link krippendorffDisagreement}. */
export function krippendorffAlpha(data: readonly (readonly (number | null)[])[], level: AlphaLevel): number {
  return krippendorffDisagreement(data, level).alpha;
}

/**
 * Percentile bootstrap interval for alpha (95% unless told): resamples the pairable units with replacement,
 * seeded with mulberry32 so the same seed gives the same interval. Resamples with De = 0 are skipped.
 */
export function krippendorffAlphaInterval(
  data: readonly (readonly (number | null)[])[],
  level: AlphaLevel,
  { samples = 1000, seed, confidence = 0.95 }: AlphaIntervalOptions
): AlphaInterval {
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
  const { units, delta, rows, point } = prepare(data, level);
  const random = mulberry32(seed);
  const u = units.units.length;
  const { width, rows: table } = rows;
  const weights = new Float64Array(u);
  const sum = new Float64Array(width);
  const alphas: number[] = [];
  for (let s = 0; s < samples; s++) {
    weights.fill(0);
    for (let i = 0; i < u; i++) weights[Math.floor(random() * u)]! += 1;
    sum.fill(0);
    for (let i = 0; i < u; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      for (let j = 0, row = i * width; j < width; j++) sum[j]! += w * table[row + j]!;
    }
    const { Do, De } = disagreementOfSum(sum, units.values, level, delta);
    if (De > 0) alphas.push(1 - Do / De);
  }
  const alpha = point.De === 0 ? NaN : 1 - point.Do / point.De;
  if (alphas.length === 0) return { alpha, lower: NaN, upper: NaN, samples: 0 };
  alphas.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    alpha,
    lower: quantileSorted(alphas, tail),
    upper: quantileSorted(alphas, 1 - tail),
    samples: alphas.length
  };
}
