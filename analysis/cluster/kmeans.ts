import { mulberry32 } from '../random.js';
import type { SparseVector } from '../text/tfidf.js';
import { toRows, type Rows } from './rows.js';

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
  /**
   * Keep bounds on each vector's similarity to each centroid, to skip comparisons that cannot change an assignment;
   * the result is the same either way. Default: from 25,000 vectors on, where the savings outweigh their upkeep.
   */
  bounds?: boolean;
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

/**
 * Gap by which a bound must clear the best similarity (or gain) before a comparison is skipped: far above the
 * rounding of sums of a few dozen products, far below any real difference.
 */
const BOUND_MARGIN = 1e-9;

/** Most bounds kept (n·k, as 32-bit floats: 16 MB); beyond, Lloyd's iterations compare with every centroid. */
const MAX_BOUNDS = 1 << 22;

/** Below this many vectors bounds cost more than they save: few iterations, and more code that must warm up. */
const BOUNDED_ROWS = 25_000;

/** A bound raised with room to spare, so that storing it in 32 bits never makes it too low. */
const roundUp = (bound: number): number => bound + 1e-6 * (1 + Math.abs(bound));

/*
 * Layouts. Centroids and cluster sums are kept centroid-major (k blocks of `dimension`), where one centroid's weights
 * lie together: sums are built and normalised there, and a row's similarity to one centroid reads one block. For a
 * row's similarity to all k at once they are copied term-major, matrix[t·k + c], so that it is one pass over the
 * row's terms.
 */

/** Dot product of row r with the dense vector stored in `dense` from `offset` on. */
function dotDense(rows: Rows, r: number, dense: Float64Array, offset: number): number {
  const { offsets, indices, values } = rows;
  let sum = 0;
  const end = offsets[r + 1]!;
  for (let p = offsets[r]!; p < end; p++) sum += values[p]! * dense[offset + indices[p]!]!;
  return sum;
}

/** Similarities of row r to all k columns of a term-major matrix, into `out`. */
function similarities(rows: Rows, r: number, matrix: Float64Array, k: number, out: Float64Array): void {
  const { offsets, indices, values } = rows;
  out.fill(0);
  const end = offsets[r + 1]!;
  for (let p = offsets[r]!; p < end; p++) {
    const base = indices[p]! * k;
    const w = values[p]!;
    for (let c = 0; c < k; c++) out[c] = out[c]! + w * matrix[base + c]!;
  }
}

/** Centroid-major `blocks` as a term-major matrix, into `out`. */
function termMajor(blocks: Float64Array, k: number, dimension: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) {
    for (let t = 0, j = c * dimension; t < dimension; t++, j++) out[t * k + c] = blocks[j]!;
  }
}

/** The sum of each cluster's rows, centroid-major into `blocks`, every weight summed in row order. */
function clusterSums(rows: Rows, assignments: Int32Array, blocks: Float64Array): void {
  const { offsets, indices, values, dimension } = rows;
  blocks.fill(0);
  for (let r = 0; r < rows.count; r++) {
    const base = assignments[r]! * dimension;
    for (let p = offsets[r]!; p < offsets[r + 1]!; p++) blocks[base + indices[p]!]! += values[p]!;
  }
}

/** Euclidean length of each block, summed over terms in ascending order, into `out`. */
function blockLengths(blocks: Float64Array, k: number, dimension: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let j = c * dimension; j < (c + 1) * dimension; j++) sum += blocks[j]! * blocks[j]!;
    out[c] = Math.sqrt(sum);
  }
}

/** The normalised sum of each cluster's rows (an empty or zero sum stays zero). */
function updateCentroids(rows: Rows, assignments: Int32Array, k: number, blocks: Float64Array): void {
  clusterSums(rows, assignments, blocks);
  const lengths = new Float64Array(k);
  blockLengths(blocks, k, rows.dimension, lengths);
  for (let c = 0; c < k; c++) {
    const size = lengths[c]!;
    if (size > 0) for (let j = c * rows.dimension; j < (c + 1) * rows.dimension; j++) blocks[j]! /= size;
  }
}

function rowNorms(rows: Rows): Float64Array {
  const { offsets, values } = rows;
  const norms = new Float64Array(rows.count);
  for (let r = 0; r < rows.count; r++) {
    let sum = 0;
    for (let p = offsets[r]!; p < offsets[r + 1]!; p++) sum += values[p]! * values[p]!;
    norms[r] = Math.sqrt(sum);
  }
  return norms;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre is
 * uniform, each next one is drawn with probability proportional to the
 * squared Euclidean distance to the nearest chosen centre, which for unit
 * vectors is 2 − 2·cos, so proportional to the cosine distance.
 */
function seedCentroids(rows: Rows, k: number, next: () => number): Float64Array {
  const n = rows.count;
  const { offsets, indices, values, dimension } = rows;
  const blocks = new Float64Array(dimension * k);
  const distance = new Float64Array(n).fill(Infinity);
  const chosen = new Set<number>();
  let pick = Math.floor(next() * n);
  for (let c = 0; ; c++) {
    chosen.add(pick);
    let sum = 0;
    for (let p = offsets[pick]!; p < offsets[pick + 1]!; p++) sum += values[p]! * values[p]!;
    const size = Math.sqrt(sum);
    for (let p = offsets[pick]!; p < offsets[pick + 1]!; p++) {
      blocks[c * dimension + indices[p]!] = size > 0 ? values[p]! / size : values[p]!;
    }
    if (c === k - 1) return blocks;

    let total = 0;
    for (let r = 0; r < n; r++) {
      distance[r] = Math.min(distance[r]!, Math.max(0, 1 - dotDense(rows, r, blocks, c * dimension)));
      total += distance[r]!;
    }
    pick = -1;
    if (total > 0) {
      let target = next() * total;
      for (let r = 0; r < n && pick === -1; r++) {
        target -= distance[r]!;
        if (target < 0) pick = r;
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
 * Gives each empty cluster the vector least similar to its own centroid,
 * taken only from clusters that keep at least one member; returns the vectors moved.
 */
function fillEmptyClusters(assignments: Int32Array, similarity: Float64Array, sizes: Int32Array): number[] {
  const moved: number[] = [];
  for (let empty = 0; empty < sizes.length; empty++) {
    if (sizes[empty] !== 0) continue;
    let farthest = -1;
    for (let i = 0; i < assignments.length; i++) {
      if (sizes[assignments[i]!]! > 1 && (farthest === -1 || similarity[i]! < similarity[farthest]!)) farthest = i;
    }
    sizes[assignments[farthest]!]!--;
    sizes[empty] = 1;
    assignments[farthest] = empty;
    moved.push(farthest);
  }
  return moved;
}

/**
 * Upper bounds on each row's similarity to each centroid, kept from Lloyd's iterations into the refinement:
 * upper[r·k + c] + norms[r]·moved[c] ≥ x_r · centroid c. A centroid that moves by δ changes a row's similarity to it
 * by at most δ·‖x_r‖ (Cauchy–Schwarz), so adding every move of centroid c to moved[c] keeps all bounds valid at once.
 */
interface Bounds {
  norms: Float64Array;
  upper: Float32Array;
  moved: Float64Array;
}

/** What Lloyd's iterations keep between steps. */
interface LloydState {
  rows: Rows;
  k: number;
  assignments: Int32Array;
  norms: Float64Array;
  /** Per row, a lower bound on its similarity to its own centroid. */
  lower: Float64Array;
  /** Per row, an upper bound on its similarity to any other centroid. */
  rival: Float64Array;
  /** Per-centroid upper bounds ({@link Bounds}), or null when not kept. */
  upper: Float32Array | null;
  moved: Float64Array;
  /** Centroid-major centroids, and the same term-major. */
  centroids: Float64Array;
  matrix: Float64Array;
  scores: Float64Array;
}

/**
 * Lloyd iterations from the given centroids until fewer than 0.1% of the vectors change cluster. Each step
 * assigns every vector to its most similar centroid; ties keep the current cluster (else take the lowest index), so
 * a vector moved into an emptied cluster does not bounce back to an identical centroid forever.
 *
 * Most vectors stay put once the centroids settle, so when `bounded` the step skips comparisons that bounds rule
 * out (Elkan 2003, with Hamerly's 2010 single bound as a first test): per vector a lower bound on the similarity to
 * its own centroid and upper bounds on that to any other and to each other, widened by how far the centroids move.
 * Only centroids whose bound reaches the own similarity are compared, so the assignments, and the result, are
 * exactly those of computing every similarity.
 */
function lloyd(
  rows: Rows,
  start: Float64Array,
  k: number,
  maxIterations: number,
  bounded: boolean
): { assignments: Int32Array; bounds: Bounds | null } {
  const n = rows.count;
  const dimension = rows.dimension;
  const state: LloydState = {
    rows,
    k,
    assignments: new Int32Array(n).fill(-1),
    norms: rowNorms(rows),
    lower: new Float64Array(n),
    rival: new Float64Array(n),
    upper: bounded && n * k <= MAX_BOUNDS ? new Float32Array(n * k) : null,
    moved: new Float64Array(k),
    centroids: start,
    matrix: new Float64Array(start.length),
    scores: new Float64Array(k)
  };
  const { assignments, lower, rival, upper, norms, moved } = state;
  const sizes = new Int32Array(k);
  const drift = new Float64Array(k);
  let previous: Float64Array = new Float64Array(start.length);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    termMajor(state.centroids, k, dimension, state.matrix);
    let changed = 0;
    for (let r = 0; r < n; r++) changed += assignRow(state, r);

    sizes.fill(0);
    for (let r = 0; r < n; r++) sizes[assignments[r]!]!++;
    if (sizes.includes(0)) {
      // The exact similarity of every vector decides which one an empty cluster takes.
      const similarity = new Float64Array(n);
      for (let r = 0; r < n; r++) similarity[r] = dotDense(rows, r, state.centroids, assignments[r]! * dimension);
      const from = Int32Array.from(assignments);
      for (const r of fillEmptyClusters(assignments, similarity, sizes)) {
        lower[r] = -Infinity;
        rival[r] = Infinity;
        if (upper !== null) upper[r * k + from[r]!] = Infinity;
      }
    }

    const centroids = previous;
    previous = state.centroids;
    state.centroids = centroids;
    updateCentroids(rows, assignments, k, centroids);
    if (upper === null) {
      if (changed <= LLOYD_TOLERANCE * n) break;
      continue;
    }
    let largest = 0;
    let second = 0;
    let largestAt = -1;
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = c * dimension; j < (c + 1) * dimension; j++) sum += (centroids[j]! - previous[j]!) ** 2;
      drift[c] = Math.sqrt(sum);
      moved[c]! += drift[c]!;
      if (drift[c]! > largest) {
        second = largest;
        largest = drift[c]!;
        largestAt = c;
      } else if (drift[c]! > second) second = drift[c]!;
    }
    for (let r = 0; r < n; r++) {
      const c = assignments[r]!;
      lower[r] = lower[r]! - drift[c]! * norms[r]!;
      rival[r] = rival[r]! + (c === largestAt ? second : largest) * norms[r]!;
    }
    if (changed <= LLOYD_TOLERANCE * n) break;
  }
  return { assignments, bounds: upper === null ? null : { norms, upper, moved } };
}

/** One row's step of Lloyd's iteration; returns 1 when it changed cluster. */
function assignRow(state: LloydState, r: number): number {
  const { rows, k, assignments, lower, rival, upper, moved, centroids } = state;
  const current = assignments[r]!;
  if (current < 0 || upper === null) return assignAll(state, r, current);
  if (rival[r]! < lower[r]! - BOUND_MARGIN) return 0;
  const norm = state.norms[r]!;
  const base = r * k;
  let highest = -Infinity;
  let open = 0;
  const floor = lower[r]! - BOUND_MARGIN;
  for (let c = 0; c < k; c++) {
    if (c === current) continue;
    const bound = upper[base + c]! + norm * moved[c]!;
    if (bound > highest) highest = bound;
    if (bound >= floor) open++;
  }
  rival[r] = highest;
  if (highest < floor) return 0;
  const own = dotDense(rows, r, centroids, current * rows.dimension);
  lower[r] = own;
  if (highest < own - BOUND_MARGIN) return 0;
  // A few rivals are cheaper one centroid at a time; many, in one pass over the row.
  return 4 * open < k ? assignAmong(state, r, current, own) : assignAll(state, r, current);
}

/** Compares row r with every centroid, in one pass over its terms. */
function assignAll(state: LloydState, r: number, current: number): number {
  const { k, scores, upper, moved } = state;
  similarities(state.rows, r, state.matrix, k, scores);
  let best = Math.max(0, current);
  let bestSimilarity = current < 0 ? -Infinity : scores[current]!;
  for (let c = 0; c < k; c++) {
    if (scores[c]! > bestSimilarity) {
      best = c;
      bestSimilarity = scores[c]!;
    }
  }
  let next = -Infinity;
  for (let c = 0; c < k; c++) if (c !== best && scores[c]! > next) next = scores[c]!;
  state.lower[r] = bestSimilarity;
  state.rival[r] = next;
  if (upper !== null) {
    const norm = state.norms[r]!;
    for (let c = 0, j = r * k; c < k; c++, j++) upper[j] = roundUp(scores[c]! - norm * moved[c]!);
  }
  if (current === best) return 0;
  state.assignments[r] = best;
  return 1;
}

/** Compares row r (similarity `own` to its centroid) with the centroids its bounds leave open, one at a time. */
function assignAmong(state: LloydState, r: number, current: number, own: number): number {
  const { rows, k, moved, centroids } = state;
  const upper = state.upper!;
  const norm = state.norms[r]!;
  const base = r * k;
  const floor = own - BOUND_MARGIN;
  let best = current;
  let bestSimilarity = own;
  let first = -Infinity;
  let firstAt = -1;
  let second = -Infinity;
  for (let c = 0; c < k; c++) {
    if (c === current) continue;
    let bound = upper[base + c]! + norm * moved[c]!;
    if (bound >= floor) {
      bound = dotDense(rows, r, centroids, c * rows.dimension);
      upper[base + c] = roundUp(bound - norm * moved[c]!);
      if (bound > bestSimilarity) {
        best = c;
        bestSimilarity = bound;
      }
    }
    if (bound > first) {
      second = first;
      first = bound;
      firstAt = c;
    } else if (bound > second) second = bound;
  }
  if (best === current) {
    state.rival[r] = first;
    return 0;
  }
  upper[base + current] = roundUp(own - norm * moved[current]!);
  state.rival[r] = Math.max(own, firstAt === best ? second : first);
  state.lower[r] = bestSimilarity;
  state.assignments[r] = best;
  return 1;
}

/**
 * Hartigan-style refinement, the "first variation" of Dhillon, Guan & Kogan
 * (2002): moves single vectors whenever that raises Σ‖S_c‖ (S_c being the sum
 * of cluster c), which equals n minus the inertia for unit vectors. Unlike
 * Lloyd's step it accounts for a vector's own pull on its centroid, which
 * matters for short texts where one question is a large part of its cluster.
 * Never empties a cluster. Lengths are updated by ‖S ± v‖² = ‖S‖² ± 2 v·S + ‖v‖²
 * after each move and recomputed exactly after each sweep, so rounding cannot drift.
 *
 * A move to c gains √(‖S_c‖² + 2 v·S_c + ‖v‖²) − ‖S_c‖ ≤ v·S_c/‖S_c‖ + ‖v‖²/(2‖S_c‖), and v·S_c/‖S_c‖ is the
 * similarity that Lloyd's bounds cover; a move shifts the two centroids it changes by an amount known from the same
 * dot products. So a vector whose bounds keep every gain below its loss is skipped: it would not move.
 */
function refine(rows: Rows, assignments: Int32Array, k: number, maxSweeps: number, bounds: Bounds | null): void {
  const { dimension } = rows;
  const blocks = new Float64Array(dimension * k);
  clusterSums(rows, assignments, blocks);
  const sums = new Float64Array(dimension * k);
  termMajor(blocks, k, dimension, sums);
  const sizes = new Int32Array(k);
  for (let r = 0; r < rows.count; r++) sizes[assignments[r]!]!++;
  const lengths = new Float64Array(k);
  blockLengths(blocks, k, dimension, lengths);
  const norms = bounds?.norms ?? rowNorms(rows);
  const state: RefineState = {
    rows,
    k,
    assignments,
    bounds,
    blocks,
    sums,
    sizes,
    lengths,
    norms,
    selfDots: norms.map((norm) => norm ** 2),
    dots: new Float64Array(k),
    shortest: 0
  };
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = false;
    state.shortest = Math.min(...lengths);
    for (let r = 0; r < rows.count; r++) if (refineRow(state, r)) moved = true;
    blockLengths(blocks, k, dimension, lengths);
    if (!moved) break;
  }
}

/** What the refinement keeps between moves. */
interface RefineState {
  rows: Rows;
  k: number;
  assignments: Int32Array;
  bounds: Bounds | null;
  /** Cluster sums centroid-major, and the same term-major. */
  blocks: Float64Array;
  sums: Float64Array;
  sizes: Int32Array;
  lengths: Float64Array;
  norms: Float64Array;
  selfDots: Float64Array;
  dots: Float64Array;
  /** A lower bound on every cluster sum's length. */
  shortest: number;
}

/** Moves row r to the cluster that raises Σ‖S_c‖ most, if any does; returns whether it moved. */
function refineRow(state: RefineState, r: number): boolean {
  const { rows, k, assignments, bounds, lengths, dots } = state;
  const from = assignments[r]!;
  if (state.sizes[from] === 1) return false;
  const self = state.selfDots[r]!;
  const norm = state.norms[r]!;
  const base = r * k;
  const fromLength = lengths[from]!;
  if (bounds !== null) {
    const own = dotDense(rows, r, state.blocks, from * rows.dimension);
    const fromAfter = Math.sqrt(Math.max(0, fromLength ** 2 - 2 * own + self));
    const threshold = fromLength - fromAfter + MIN_IMPROVEMENT - BOUND_MARGIN - self / (2 * state.shortest);
    let settled = true;
    for (let c = 0; c < k && settled; c++) {
      settled = c === from || bounds.upper[base + c]! + norm * bounds.moved[c]! < threshold;
    }
    if (settled) return false;
  }
  similarities(rows, r, state.sums, k, dots);
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
  if (bounds !== null) {
    for (let c = 0; c < k; c++) bounds.upper[base + c] = roundUp(dots[c]! / lengths[c]! - norm * bounds.moved[c]!);
  }
  if (to === from) return false;
  const { offsets, indices, values, dimension } = rows;
  const { sums, blocks } = state;
  for (let p = offsets[r]!; p < offsets[r + 1]!; p++) {
    const t = indices[p]!;
    sums[t * k + from]! -= values[p]!;
    sums[t * k + to]! += values[p]!;
    blocks[from * dimension + t]! -= values[p]!;
    blocks[to * dimension + t]! += values[p]!;
  }
  const toAfter = lengths[to]! + bestGain;
  if (bounds !== null) {
    bounds.moved[from]! += shift(fromLength, fromAfter, -dots[from]!, self);
    bounds.moved[to]! += shift(lengths[to]!, toAfter, dots[to]!, self);
  }
  lengths[from] = fromAfter;
  lengths[to] = toAfter;
  state.shortest = Math.min(state.shortest, fromAfter);
  state.sizes[from]!--;
  state.sizes[to]!++;
  assignments[r] = to;
  return true;
}

/**
 * How far the unit direction of a cluster sum S (length `before`) moves when a vector v is added or removed (length
 * `after`, `dot` = ±v·S, `self` = ‖v‖²): ‖(S ± v)/after − S/before‖, written so that no large terms cancel, plus room
 * for rounding.
 */
function shift(before: number, after: number, dot: number, self: number): number {
  const change = before - after;
  return Math.sqrt(Math.max(0, change * change - (2 * dot * change) / before + self)) / after + 1e-9;
}

interface Fit {
  assignments: Int32Array;
  /** Centroid-major centroids over the rows' terms. */
  centroids: Float64Array;
  inertia: number;
}

function finish(rows: Rows, assignments: Int32Array, k: number): Fit {
  // Rebuilt from scratch so that equal partitions give bit-identical centroids,
  // whatever path of moves led to them.
  const centroids = new Float64Array(rows.dimension * k);
  updateCentroids(rows, assignments, k, centroids);
  let inertia = 0;
  for (let r = 0; r < rows.count; r++) inertia += 1 - dotDense(rows, r, centroids, assignments[r]! * rows.dimension);
  return { assignments, centroids, inertia };
}

function runOnce(rows: Rows, k: number, maxIterations: number, bounded: boolean, next: () => number): Fit {
  const centroids = seedCentroids(rows, k, next);
  // Lloyd's steps do the coarse work; once fewer than 0.1% move, refinement moves are cheaper and finish the job.
  const { assignments, bounds } = lloyd(rows, centroids, k, maxIterations, bounded);
  refine(rows, assignments, k, maxIterations, bounds);
  return finish(rows, assignments, k);
}

/** The fit with its centroids as dense vectors over the original `dimension`. */
function result(fit: Fit, rows: Rows, k: number, dimension: number): KMeansResult {
  const centroids = Array.from({ length: k }, (_, c) => {
    const dense = new Float64Array(dimension);
    for (let t = 0; t < rows.dimension; t++) dense[rows.terms[t]!] = fit.centroids[c * rows.dimension + t]!;
    return dense;
  });
  return { assignments: Array.from(fit.assignments), centroids, inertia: fit.inertia };
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

function highestIndex(vectors: readonly SparseVector[]): number {
  let highest = -1;
  for (const v of vectors) for (const index of v.indices) highest = Math.max(highest, index);
  return highest;
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
 * The vectors are copied into compressed rows over only the terms in use ({@link toRows}); with `bounds`, Lloyd's
 * iterations and the refinement skip comparisons that bounds rule out. Neither changes the result.
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
  const sampled = vectors.length > sampleSize && sampleSize >= k;
  const sample = toRows(vectors, dimension, sampled ? samplePositions(vectors.length, sampleSize, next) : undefined);
  let best: Fit | undefined;
  for (let run = 0; run < restarts; run++) {
    const fit = runOnce(sample, k, maxIterations, options.bounds ?? sample.count >= BOUNDED_ROWS, next);
    if (best === undefined || fit.inertia < best.inertia) best = fit;
  }
  if (!sampled) return result(best!, sample, k, dimension);

  const rows = toRows(vectors, dimension);
  // The sample's terms are a subset of all terms: carry the winner's centroids over to the full numbering.
  const centroids = new Float64Array(rows.dimension * k);
  for (let s = 0, t = 0; s < sample.dimension; s++) {
    while (rows.terms[t] !== sample.terms[s]) t++;
    for (let c = 0; c < k; c++) centroids[c * rows.dimension + t] = best!.centroids[c * sample.dimension + s]!;
  }
  const { assignments, bounds } = lloyd(
    rows,
    centroids,
    k,
    maxIterations,
    options.bounds ?? rows.count >= BOUNDED_ROWS
  );
  refine(rows, assignments, k, 3, bounds);
  return result(finish(rows, assignments, k), rows, k, dimension);
}
