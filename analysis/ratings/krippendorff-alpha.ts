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

/** The coincidence matrix o (V × V, row-major) of the given units, each counted `weights[u]` times (once by default). */
function coincidences(data: PairableUnits, weights?: Float64Array): Float64Array {
  const v = data.values.length;
  const o = new Float64Array(v * v);
  data.units.forEach(({ index, count, m }, u) => {
    const w = weights ? weights[u]! : 1;
    if (w === 0) return;
    const scale = w / (m - 1);
    for (let a = 0; a < index.length; a++) {
      const c = index[a]!;
      const nc = count[a]!;
      for (let b = 0; b < index.length; b++) {
        const k = index[b]!;
        // Pairs of different ratings within the unit: n_c n_k, or n_c (n_c − 1) for a value with itself.
        o[c * v + k]! += (a === b ? nc * (nc - 1) : nc * count[b]!) * scale;
      }
    }
  });
  return o;
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

function disagreementOf(o: Float64Array, values: readonly number[], level: AlphaLevel): { Do: number; De: number } {
  const v = values.length;
  const marginals = new Float64Array(v);
  let n = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) marginals[c]! += o[c * v + k]!;
    n += marginals[c]!;
  }
  const delta = squaredDifferences(values, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = delta[c * v + k]!;
      if (d === 0) continue;
      observed += o[c * v + k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  return { Do: observed / n, De: expected / (n * (n - 1)) };
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
  const units = pairableUnits(data, level);
  const { Do, De } = disagreementOf(coincidences(units), units.values, level);
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
  const units = pairableUnits(data, level);
  const point = disagreementOf(coincidences(units), units.values, level);
  const random = mulberry32(seed);
  const u = units.units.length;
  const weights = new Float64Array(u);
  const alphas: number[] = [];
  for (let s = 0; s < samples; s++) {
    weights.fill(0);
    for (let i = 0; i < u; i++) weights[Math.floor(random() * u)]! += 1;
    const { Do, De } = disagreementOf(coincidences(units, weights), units.values, level);
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
