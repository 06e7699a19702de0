import type { SparseVector } from '../text/tfidf.js';
import { toRows } from './rows.js';

/**
 * Mean silhouette (Rousseeuw 1987) with cosine distance d(x, y) = 1 − x·y for
 * L2-normalised vectors: s = (b − a) / max(a, b), a being the mean distance
 * to the rest of the own cluster and b the lowest mean distance to another
 * cluster; members of singleton clusters score 0, as Rousseeuw defines.
 * Because the mean distance from x to cluster C equals 1 − x·ΣC / |C|, this
 * needs one pass per cluster sum, O(n·k·terms), instead of all pairs.
 * Vectors with a negative assignment are ignored. Null with fewer than two
 * non-empty clusters, where the silhouette is undefined.
 */
export function silhouetteCosine(
  vectors: readonly SparseVector[],
  assignments: readonly number[],
  k: number,
  dimension: number
): number | null {
  // Cluster sums over only the terms in use (see toRows), term-major: one pass over a vector's terms gives its dot
  // product with every sum.
  const rows = toRows(vectors, dimension);
  const { offsets, indices, values } = rows;
  const sums = new Float64Array(rows.dimension * k);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < vectors.length; i++) {
    const c = assignments[i]!;
    if (c < 0) continue;
    sizes[c]!++;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) sums[indices[p]! * k + c]! += values[p]!;
  }
  if (sizes.filter((size) => size > 0).length < 2) return null;

  const dots = new Float64Array(k);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < vectors.length; i++) {
    const own = assignments[i]!;
    if (own < 0) continue;
    counted++;
    if (sizes[own] === 1) continue;
    dots.fill(0);
    let self = 0;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
      const base = indices[p]! * k;
      for (let c = 0; c < k; c++) dots[c] = dots[c]! + values[p]! * sums[base + c]!;
      self += values[p]! * values[p]!;
    }
    const a = 1 - (dots[own]! - Math.sqrt(self) ** 2) / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c]! > 0) b = Math.min(b, 1 - dots[c]! / sizes[c]!);
    }
    const scale = Math.max(a, b);
    if (scale > 0) total += (b - a) / scale;
  }
  return total / counted;
}
