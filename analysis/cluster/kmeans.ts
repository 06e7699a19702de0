import { mulberry32 } from '../random.js';
import { norm, type SparseVector } from '../text/tfidf.js';

export interface KMeansOptions {
  /** Seed for the k-means++ choices; the same seed and input give the same result. */
  seed?: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
  /** Length of the dense centroids; defaults to the highest index used plus one. */
  dimension?: number;
}

export interface KMeansResult {
  /** Cluster 0..k-1 of every input vector, in input order. */
  assignments: number[];
  /** Unit-length centroids. */
  centroids: Float64Array[];
  /** Sum over all vectors of the cosine distance 1 − cos(x, centroid). */
  inertia: number;
}

/** Dot product of a sparse and a dense vector. */
export function dotSparseDense(v: SparseVector, dense: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.indices.length; i++) sum += v.values[i]! * dense[v.indices[i]!]!;
  return sum;
}

/** Smallest rise of Σ‖S_c‖ worth a move, so rounding noise cannot cause endless swaps. */
const MIN_IMPROVEMENT = 1e-12;

function addInto(dense: Float64Array, v: SparseVector, factor = 1): void {
  for (let i = 0; i < v.indices.length; i++) dense[v.indices[i]!]! += factor * v.values[i]!;
}

function length(dense: Float64Array): number {
  let sum = 0;
  for (const x of dense) sum += x * x;
  return Math.sqrt(sum);
}

function normalise(dense: Float64Array): Float64Array {
  const size = length(dense);
  if (size > 0) for (let i = 0; i < dense.length; i++) dense[i]! /= size;
  return dense;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre is
 * uniform, each next one is drawn with probability proportional to the
 * squared Euclidean distance to the nearest chosen centre, which for unit
 * vectors is 2 − 2·cos, so proportional to the cosine distance.
 */
function seedCentroids(
  vectors: readonly SparseVector[],
  k: number,
  dimension: number,
  next: () => number
): Float64Array[] {
  const n = vectors.length;
  const distance = new Float64Array(n).fill(Infinity);
  const chosen = new Set<number>();
  const centroids: Float64Array[] = [];
  let pick = Math.floor(next() * n);
  for (;;) {
    chosen.add(pick);
    const centroid = new Float64Array(dimension);
    addInto(centroid, vectors[pick]!);
    centroids.push(normalise(centroid));
    if (centroids.length === k) return centroids;

    let total = 0;
    for (let i = 0; i < n; i++) {
      distance[i] = Math.min(distance[i]!, Math.max(0, 1 - dotSparseDense(vectors[i]!, centroid)));
      total += distance[i]!;
    }
    pick = -1;
    if (total > 0) {
      let target = next() * total;
      for (let i = 0; i < n && pick === -1; i++) {
        target -= distance[i]!;
        if (target < 0) pick = i;
      }
    }
    // Rounding can overshoot the last positive weight, and duplicates can
    // leave no positive weight at all; fall back to a fixed rule.
    if (pick === -1) pick = fallbackPick(distance, chosen);
  }
}

function fallbackPick(distance: Float64Array, chosen: ReadonlySet<number>): number {
  let best = -1;
  for (let i = 0; i < distance.length; i++) {
    if (!chosen.has(i) && (best === -1 || distance[i]! > distance[best]!)) best = i;
  }
  return best;
}

/**
 * Assigns every vector to its most similar centroid, recording that
 * similarity; returns whether any assignment changed. Ties keep the current
 * cluster (else take the lowest index), so a vector that was moved into an
 * emptied cluster does not bounce back to an identical centroid forever.
 */
function assign(
  vectors: readonly SparseVector[],
  centroids: readonly Float64Array[],
  assignments: number[],
  similarity: Float64Array
): boolean {
  let changed = false;
  for (let i = 0; i < vectors.length; i++) {
    const current = assignments[i]!;
    let best = Math.max(0, current);
    let bestSimilarity = current < 0 ? -Infinity : dotSparseDense(vectors[i]!, centroids[current]!);
    for (let c = 0; c < centroids.length; c++) {
      const s = dotSparseDense(vectors[i]!, centroids[c]!);
      if (s > bestSimilarity) {
        best = c;
        bestSimilarity = s;
      }
    }
    similarity[i] = bestSimilarity;
    if (assignments[i] !== best) {
      assignments[i] = best;
      changed = true;
    }
  }
  return changed;
}

/**
 * Gives each empty cluster the vector least similar to its own centroid,
 * taken only from clusters that keep at least one member.
 */
function fillEmptyClusters(assignments: number[], similarity: Float64Array, k: number): void {
  const sizes = new Array<number>(k).fill(0);
  for (const c of assignments) sizes[c]!++;
  for (let empty = 0; empty < k; empty++) {
    if (sizes[empty] !== 0) continue;
    let farthest = -1;
    for (let i = 0; i < assignments.length; i++) {
      if (sizes[assignments[i]!]! > 1 && (farthest === -1 || similarity[i]! < similarity[farthest]!)) farthest = i;
    }
    sizes[assignments[farthest]!]!--;
    sizes[empty] = 1;
    assignments[farthest] = empty;
  }
}

function updateCentroids(
  vectors: readonly SparseVector[],
  assignments: readonly number[],
  centroids: Float64Array[]
): void {
  for (const centroid of centroids) centroid.fill(0);
  for (let i = 0; i < vectors.length; i++) addInto(centroids[assignments[i]!]!, vectors[i]!);
  for (const centroid of centroids) normalise(centroid);
}

function highestIndex(vectors: readonly SparseVector[]): number {
  let highest = -1;
  for (const v of vectors) for (const index of v.indices) highest = Math.max(highest, index);
  return highest;
}

/**
 * Hartigan-style refinement, the "first variation" of Dhillon, Guan & Kogan
 * (2002): moves single vectors whenever that raises Σ‖S_c‖ (S_c being the sum
 * of cluster c), which equals n minus the inertia for unit vectors. Unlike
 * Lloyd's step it accounts for a vector's own pull on its centroid, which
 * matters for short texts where one question is a large part of its cluster.
 * Never empties a cluster.
 */
function refine(
  vectors: readonly SparseVector[],
  assignments: number[],
  k: number,
  dimension: number,
  maxIterations: number
): void {
  const sums = Array.from({ length: k }, () => new Float64Array(dimension));
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < vectors.length; i++) {
    addInto(sums[assignments[i]!]!, vectors[i]!);
    sizes[assignments[i]!]!++;
  }
  const lengths = sums.map(length);
  const selfDots = vectors.map((v) => norm(v) ** 2);

  for (let sweep = 0; sweep < maxIterations; sweep++) {
    let moved = false;
    for (let i = 0; i < vectors.length; i++) {
      const from = assignments[i]!;
      if (sizes[from] === 1) continue;
      const v = vectors[i]!;
      const self = selfDots[i]!;
      const fromLength = lengths[from]!;
      const loss = fromLength - Math.sqrt(Math.max(0, fromLength ** 2 - 2 * dotSparseDense(v, sums[from]!) + self));
      let to = from;
      let bestGain = loss + MIN_IMPROVEMENT;
      for (let c = 0; c < k; c++) {
        if (c === from) continue;
        const toLength = lengths[c]!;
        const gain = Math.sqrt(toLength ** 2 + 2 * dotSparseDense(v, sums[c]!) + self) - toLength;
        if (gain > bestGain) {
          to = c;
          bestGain = gain;
        }
      }
      if (to === from) continue;
      addInto(sums[from]!, v, -1);
      addInto(sums[to]!, v);
      // Recomputed rather than updated incrementally so rounding cannot drift.
      lengths[from] = length(sums[from]!);
      lengths[to] = length(sums[to]!);
      sizes[from]!--;
      sizes[to]!++;
      assignments[i] = to;
      moved = true;
    }
    if (!moved) break;
  }
}

function runOnce(
  vectors: readonly SparseVector[],
  k: number,
  dimension: number,
  maxIterations: number,
  next: () => number
): KMeansResult {
  const centroids = seedCentroids(vectors, k, dimension, next);
  const assignments = new Array<number>(vectors.length).fill(-1);
  const similarity = new Float64Array(vectors.length);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (!assign(vectors, centroids, assignments, similarity)) break;
    fillEmptyClusters(assignments, similarity, k);
    updateCentroids(vectors, assignments, centroids);
  }
  refine(vectors, assignments, k, dimension, maxIterations);
  // Rebuilt from scratch so that equal partitions give bit-identical centroids,
  // whatever path of moves led to them.
  updateCentroids(vectors, assignments, centroids);
  let inertia = 0;
  for (let i = 0; i < vectors.length; i++) {
    inertia += 1 - dotSparseDense(vectors[i]!, centroids[assignments[i]!]!);
  }
  return { assignments, centroids, inertia };
}

/**
 * Spherical k-means (Dhillon & Modha 2001): Lloyd's iterations with cosine
 * similarity on L2-normalised vectors, each centroid being the normalised
 * sum of its members, followed by single-vector refinement moves (Dhillon,
 * Guan & Kogan 2002). Seeded by k-means++ from a mulberry32 stream; of
 * `restarts` runs (default 5) the lowest inertia wins, the earliest on ties.
 * Each phase stops when nothing changes or after `maxIterations` (default 100).
 * Requires 1 ≤ k ≤ vectors.length; deterministic for a given input order.
 */
export function sphericalKMeans(
  vectors: readonly SparseVector[],
  k: number,
  options: KMeansOptions = {}
): KMeansResult {
  const { seed = 1, restarts = 5, maxIterations = 100 } = options;
  if (!Number.isInteger(k) || k < 1 || k > vectors.length) {
    throw new RangeError(`k must be an integer from 1 to ${vectors.length}, got ${k}`);
  }
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${maxIterations}`);
  }
  const dimension = options.dimension ?? highestIndex(vectors) + 1;

  const next = mulberry32(seed);
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const result = runOnce(vectors, k, dimension, maxIterations, next);
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  return best!;
}
