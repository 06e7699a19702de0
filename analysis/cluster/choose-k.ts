import { mulberry32 } from '../random.js';
import type { SparseVector } from '../text/tfidf.js';
import { samplePositions, sphericalKMeans } from './kmeans.js';
import { toRows } from './rows.js';
import { silhouetteCosine } from './silhouette.js';

export interface KCandidate {
  k: number;
  silhouette: number | null;
}

export interface ChooseKOptions {
  seed: number;
  dimension: number;
  /** Largest k tried; default {@link maxK}. */
  maxK?: number;
  /** Questions the search looks at, drawn at random (seeded) when there are more. */
  sampleSize?: number;
  /** Members of smaller groups count as fitting no theme (silhouette 0), as a singleton does for Rousseeuw. */
  minSize?: number;
}

/**
 * Upper end of the k search: √n themes at most (a list staff can still read through), never fewer than 2 nor more
 * than 40.
 */
export const maxK = (n: number): number => Math.max(2, Math.min(40, Math.floor(Math.sqrt(n))));

/**
 * The number of themes, chosen as the k with the highest mean cosine silhouette (Rousseeuw 1987) of a spherical
 * k-means partition — the k at which questions sit closest to their own theme relative to the nearest other. Members
 * of groups too small to be a theme score 0, so that splitting off pairs of near-identical questions does not pay.
 * k runs over {@link kGrid} up to {@link maxK}; the search runs on a seeded random sample of at most `sampleSize`
 * questions (the silhouette of a sample estimates that of the whole) and the chosen k is then fitted on all
 * questions. Ties go to the smaller k.
 */
export function chooseK(
  vectors: readonly SparseVector[],
  options: ChooseKOptions
): { k: number; candidates: KCandidate[] } {
  const { seed, sampleSize = 1000, minSize = 1 } = options;
  // The sample over only the terms it uses, renumbered in order: the same partitions and silhouettes, with centroids
  // a fraction of the vocabulary long.
  const rows = toRows(vectors, options.dimension, samplePositions(vectors.length, sampleSize, mulberry32(seed)));
  const dimension = rows.dimension;
  const sample = Array.from({ length: rows.count }, (_, r): SparseVector => {
    const start = rows.offsets[r]!;
    const end = rows.offsets[r + 1]!;
    return { indices: rows.indices.subarray(start, end), values: rows.values.subarray(start, end) };
  });
  const upper = Math.min(options.maxK ?? maxK(vectors.length), sample.length);
  const candidates: KCandidate[] = [];
  for (const k of kGrid(upper)) {
    const { assignments } = sphericalKMeans(sample, k, { seed, dimension, restarts: 1 });
    candidates.push({ k, silhouette: silhouetteOfThemes(sample, assignments, k, dimension, minSize) });
  }
  let best: KCandidate = { k: Math.min(2, vectors.length), silhouette: null };
  for (const candidate of candidates) {
    if (candidate.silhouette !== null && (best.silhouette === null || candidate.silhouette > best.silhouette)) {
      best = candidate;
    }
  }
  return { k: best.k, candidates };
}

/** Every k from 2 to 12, then steps of about 10% up to `upper`: finer where a theme more or less matters most. */
export function kGrid(upper: number): number[] {
  const grid: number[] = [];
  for (let k = 2; k <= upper; k = k < 12 ? k + 1 : Math.max(k + 1, Math.round(k * 1.1))) grid.push(k);
  return grid;
}

/** The mean silhouette over all vectors, members of groups under `minSize` scoring 0. */
function silhouetteOfThemes(
  vectors: readonly SparseVector[],
  assignments: readonly number[],
  k: number,
  dimension: number,
  minSize: number
): number | null {
  const sizes = new Array<number>(k).fill(0);
  for (const c of assignments) sizes[c]!++;
  const kept = assignments.map((c) => (sizes[c]! >= minSize ? c : -1));
  const counted = kept.filter((c) => c >= 0).length;
  const mean = silhouetteCosine(vectors, kept, k, dimension);
  return mean === null ? null : (mean * counted) / vectors.length;
}
