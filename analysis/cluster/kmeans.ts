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
  /** Above this many vectors the restarts run on a sample of this size. */
  sampleSize?: number;
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

/** Lloyd's iterations stop once fewer than this share of the vectors change cluster. */
const LLOYD_TOLERANCE = 0.001;

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
 * The centroids as one term-major matrix (term t's weights for clusters 0..k-1 side by side), so that the
 * similarity of a sparse vector to all k centroids is one pass over its terms.
 */
function termMajor(centroids: readonly Float64Array[], dimension: number): Float64Array {
  const k = centroids.length;
  const matrix = new Float64Array(dimension * k);
  centroids.forEach((centroid, c) => {
    for (let t = 0; t < dimension; t++) matrix[t * k + c] = centroid[t]!;
  });
  return matrix;
}

/** Similarities of `v` to all k centroids of a term-major matrix, into `out`. */
function similarities(v: SparseVector, matrix: Float64Array, k: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < v.indices.length; i++) {
    const base = v.indices[i]! * k;
    const w = v.values[i]!;
    for (let c = 0; c < k; c++) out[c]! += w * matrix[base + c]!;
  }
}

/**
 * Assigns every vector to its most similar centroid, recording that
 * similarity; returns how many assignments changed. Ties keep the current
 * cluster (else take the lowest index), so a vector that was moved into an
 * emptied cluster does not bounce back to an identical centroid forever.
 */
function assign(
  vectors: readonly SparseVector[],
  centroids: readonly Float64Array[],
  dimension: number,
  assignments: number[],
  similarity: Float64Array
): number {
  const k = centroids.length;
  const matrix = termMajor(centroids, dimension);
  const scores = new Float64Array(k);
  let changed = 0;
  for (let i = 0; i < vectors.length; i++) {
    similarities(vectors[i]!, matrix, k, scores);
    const current = assignments[i]!;
    let best = Math.max(0, current);
    let bestSimilarity = current < 0 ? -Infinity : scores[current]!;
    for (let c = 0; c < k; c++) {
      if (scores[c]! > bestSimilarity) {
        best = c;
        bestSimilarity = scores[c]!;
      }
    }
    similarity[i] = bestSimilarity;
    if (assignments[i] !== best) {
      assignments[i] = best;
      changed++;
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
 * Never empties a cluster. Lengths are updated by ‖S ± v‖² = ‖S‖² ± 2 v·S + ‖v‖²
 * after each move and recomputed exactly after each sweep, so rounding cannot drift.
 */
function refine(
  vectors: readonly SparseVector[],
  assignments: number[],
  k: number,
  dimension: number,
  maxSweeps: number
): void {
  // Cluster sums term-major, as the centroids in `assign`: one pass over a vector's terms gives its dot with all sums.
  const sums = new Float64Array(dimension * k);
  const sizes = new Array<number>(k).fill(0);
  const move = (v: SparseVector, cluster: number, factor: number) => {
    for (let t = 0; t < v.indices.length; t++) sums[v.indices[t]! * k + cluster]! += factor * v.values[t]!;
  };
  for (let i = 0; i < vectors.length; i++) {
    move(vectors[i]!, assignments[i]!, 1);
    sizes[assignments[i]!]!++;
  }
  const lengths = new Float64Array(k);
  const measure = () => {
    lengths.fill(0);
    for (let j = 0; j < sums.length; j++) lengths[j % k]! += sums[j]! * sums[j]!;
    for (let c = 0; c < k; c++) lengths[c] = Math.sqrt(lengths[c]!);
  };
  measure();
  const selfDots = vectors.map((v) => norm(v) ** 2);
  const dots = new Float64Array(k);

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = false;
    for (let i = 0; i < vectors.length; i++) {
      const from = assignments[i]!;
      if (sizes[from] === 1) continue;
      const v = vectors[i]!;
      const self = selfDots[i]!;
      similarities(v, sums, k, dots);
      const fromLength = lengths[from]!;
      const fromAfter = Math.sqrt(Math.max(0, fromLength ** 2 - 2 * dots[from]! + self));
      const loss = fromLength - fromAfter;
      let to = from;
      let bestGain = loss + MIN_IMPROVEMENT;
      for (let c = 0; c < k; c++) {
        if (c === from) continue;
        const toLength = lengths[c]!;
        const gain = Math.sqrt(toLength ** 2 + 2 * dots[c]! + self) - toLength;
        if (gain > bestGain) {
          to = c;
          bestGain = gain;
        }
      }
      if (to === from) continue;
      move(v, from, -1);
      move(v, to, 1);
      lengths[from] = fromAfter;
      lengths[to] = lengths[to]! + bestGain;
      sizes[from]!--;
      sizes[to]!++;
      assignments[i] = to;
      moved = true;
    }
    measure();
    if (!moved) break;
  }
}

/** Lloyd iterations from the given centroids until fewer than `tolerance` of the vectors change cluster. */
function lloyd(
  vectors: readonly SparseVector[],
  centroids: Float64Array[],
  dimension: number,
  maxIterations: number,
  tolerance: number
): number[] {
  const k = centroids.length;
  const assignments = new Array<number>(vectors.length).fill(-1);
  const similarity = new Float64Array(vectors.length);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const changed = assign(vectors, centroids, dimension, assignments, similarity);
    fillEmptyClusters(assignments, similarity, k);
    updateCentroids(vectors, assignments, centroids);
    if (changed <= tolerance * vectors.length) break;
  }
  return assignments;
}

function finish(vectors: readonly SparseVector[], assignments: number[], k: number, dimension: number): KMeansResult {
  // Rebuilt from scratch so that equal partitions give bit-identical centroids,
  // whatever path of moves led to them.
  const centroids = Array.from({ length: k }, () => new Float64Array(dimension));
  updateCentroids(vectors, assignments, centroids);
  const matrix = termMajor(centroids, dimension);
  const scores = new Float64Array(k);
  let inertia = 0;
  for (let i = 0; i < vectors.length; i++) {
    similarities(vectors[i]!, matrix, k, scores);
    inertia += 1 - scores[assignments[i]!]!;
  }
  return { assignments, centroids, inertia };
}

function runOnce(
  vectors: readonly SparseVector[],
  k: number,
  dimension: number,
  maxIterations: number,
  next: () => number
): KMeansResult {
  const centroids = seedCentroids(vectors, k, dimension, next);
  // Lloyd's steps do the coarse work; once fewer than 0.1% move, refinement moves are cheaper and finish the job.
  const assignments = lloyd(vectors, centroids, dimension, maxIterations, LLOYD_TOLERANCE);
  refine(vectors, assignments, k, dimension, maxIterations);
  return finish(vectors, assignments, k, dimension);
}

/** Up to `size` of the vectors' positions, drawn without replacement (partial Fisher–Yates), in ascending order. */
export function samplePositions(count: number, size: number, next: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (count <= size) return order;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(next() * (count - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, size).sort((a, b) => a - b);
}

/**
 * Spherical k-means (Dhillon & Modha 2001): Lloyd's iterations with cosine
 * similarity on L2-normalised vectors, each centroid being the normalised
 * sum of its members, followed by single-vector refinement moves (Dhillon,
 * Guan & Kogan 2002). Seeded by k-means++ from a mulberry32 stream; of
 * `restarts` runs (default 5) the lowest inertia wins, the earliest on ties.
 * Lloyd's iterations stop when fewer than 0.1% of the vectors move, the refinement when none does, each after
 * `maxIterations` (default 100) at most.
 * With more than `sampleSize` vectors (default 2,000) the restarts run on a
 * seeded random sample — where the start matters — and the winner's centroids
 * are then carried to all vectors by Lloyd's iterations (until fewer than
 * 0.1% move) and three refinement sweeps, as in the sampling initialisation
 * of Bradley & Fayyad (1998).
 * Requires 1 ≤ k ≤ vectors.length; deterministic for a given input order.
 */
export function sphericalKMeans(
  vectors: readonly SparseVector[],
  k: number,
  options: KMeansOptions = {}
): KMeansResult {
  const { seed = 1, restarts = 5, maxIterations = 100, sampleSize = 2000 } = options;
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
  const sample =
    vectors.length > sampleSize && sampleSize >= k
      ? samplePositions(vectors.length, sampleSize, next).map((i) => vectors[i]!)
      : vectors;
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const result = runOnce(sample, k, dimension, maxIterations, next);
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  if (sample === vectors) return best!;
  const assignments = lloyd(vectors, best!.centroids, dimension, maxIterations, LLOYD_TOLERANCE);
  refine(vectors, assignments, k, dimension, 3);
  return finish(vectors, assignments, k, dimension);
}
