import type { SparseVector } from '../text/tfidf.js';

/**
 * Sparse vectors in compressed sparse row (CSR) layout: row i holds the terms indices[offsets[i] .. offsets[i + 1])
 * with their weights in `values`. One contiguous block instead of an object and two arrays per vector, so that the
 * passes of k-means stream through memory.
 */
export interface Rows {
  count: number;
  /** Terms in use; row indices run from 0 to dimension − 1. */
  dimension: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** For each term of the rows, its index in the original vectors (ascending). */
  terms: Int32Array;
}

/**
 * The vectors (or those at `positions`) as rows over only the terms they use, renumbered in ascending order. Sums over
 * a row's terms then run in the same order as over the original indices, and terms no row uses would only have added
 * zeros, so every result is bit-identical to one computed over the full `dimension` — while dense centroids shrink to
 * the terms in play (1,000 sampled questions use a fraction of the vocabulary of 100,000).
 */
export function toRows(vectors: readonly SparseVector[], dimension: number, positions?: readonly number[]): Rows {
  const count = positions?.length ?? vectors.length;
  const at = (r: number) => vectors[positions === undefined ? r : positions[r]!]!;
  const local = new Int32Array(dimension);
  let nonZeros = 0;
  for (let r = 0; r < count; r++) {
    const { indices } = at(r);
    nonZeros += indices.length;
    for (let j = 0; j < indices.length; j++) local[indices[j]!] = 1;
  }
  let used = 0;
  for (let t = 0; t < dimension; t++) if (local[t] === 1) local[t] = ++used;
  const terms = new Int32Array(used);
  for (let t = 0; t < dimension; t++) if (local[t]! > 0) terms[local[t]! - 1] = t;

  const offsets = new Int32Array(count + 1);
  for (let r = 0; r < count; r++) offsets[r + 1] = offsets[r]! + at(r).indices.length;
  const shared = positions === undefined ? sharedStorage(vectors) : null;
  // Vectors that are consecutive views of one pair of arrays (as buildVectorSpace makes) are read in place.
  const values = shared?.values ?? new Float64Array(nonZeros);
  const indices = shared !== null && used === dimension ? shared.indices : new Int32Array(nonZeros);
  const copyValues = shared === null;
  if (copyValues || indices !== shared.indices) {
    for (let r = 0, p = 0; r < count; r++) {
      const v = at(r);
      for (let j = 0; j < v.indices.length; j++, p++) {
        indices[p] = local[v.indices[j]!]! - 1;
        if (copyValues) values[p] = v.values[j]!;
      }
    }
  }
  return { count, dimension: used, offsets, indices, values, terms };
}

/** The arrays of which the vectors are consecutive stretches, if they are. */
function sharedStorage(vectors: readonly SparseVector[]): { indices: Int32Array; values: Float64Array } | null {
  const first = vectors[0];
  if (!(first?.indices instanceof Int32Array) || !(first.values instanceof Float64Array)) return null;
  const { indices, values } = first;
  let at = 0;
  for (const v of vectors) {
    const ok =
      v.indices instanceof Int32Array &&
      v.values instanceof Float64Array &&
      v.indices.buffer === indices.buffer &&
      v.values.buffer === values.buffer &&
      v.indices.byteOffset === indices.byteOffset + 4 * at &&
      v.values.byteOffset === values.byteOffset + 8 * at;
    if (!ok) return null;
    at += v.indices.length;
  }
  return {
    indices: new Int32Array(indices.buffer, indices.byteOffset, at),
    values: new Float64Array(values.buffer, values.byteOffset, at)
  };
}
