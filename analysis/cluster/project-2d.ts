import { mulberry32 } from '../random.js';
import { analyzeCorpus } from '../text/analyze.js';
import type { SparseVector } from '../text/tfidf.js';
import { buildVectorSpace, type TermDocument } from './vectorize.js';

export interface MapInput {
  id: number;
  text: string;
}

export interface MapPoint {
  id: number;
  /** Along the first principal component, scaled to [-1, 1]. */
  x: number;
  /** Along the second principal component, scaled to [-1, 1]. */
  y: number;
}

export interface ProjectionOptions {
  seed?: number;
  /** Turns texts into terms; default {@link analyzeCorpus}, as theme discovery does. */
  analyze?: (texts: readonly string[]) => TermDocument[];
}

const MAX_ITERATIONS = 300;
const TOLERANCE = 1e-10;

/**
 * Questions on a plane: their TF-IDF vectors (the vectors theme discovery groups) projected on the first two
 * principal components, each axis scaled to [-1, 1]. Deterministic: the questions are taken in id order and the
 * power iteration starts from a seeded vector, so the same questions in any order get the same coordinates.
 * Ids must be unique. Points come back in id order.
 */
export function projectTo2d(questions: readonly MapInput[], options: ProjectionOptions = {}): MapPoint[] {
  const sorted = [...questions].sort((a, b) => a.id - b.id);
  if (sorted.length === 0) return [];
  const docs = (options.analyze ?? analyzeCorpus)(sorted.map((q) => q.text));
  const space = buildVectorSpace(docs);
  const [xs, ys] = principalCoordinates(space.vectors, space.vocabulary.length, options.seed ?? 1);
  const scaleX = scaleOf(xs);
  const scaleY = scaleOf(ys);
  return sorted.map((q, i) => ({ id: q.id, x: clean(xs[i]! * scaleX), y: clean(ys[i]! * scaleY) }));
}

/**
 * The coordinates of the vectors (rows of a sparse n × d matrix) on its first two principal components: subspace
 * (block power) iteration on the covariance matrix, which is never formed — Xcᵀ(Xc v) with Xc = X − 1μᵀ costs one
 * pass over the non-zeros. Each component's sign is fixed so that its largest entry is positive.
 */
export function principalCoordinates(
  vectors: readonly SparseVector[],
  dimension: number,
  seed = 1
): [Float64Array, Float64Array] {
  const n = vectors.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  if (n < 2 || dimension === 0) return [xs, ys];

  const mean = new Float64Array(dimension);
  for (const v of vectors) for (let j = 0; j < v.indices.length; j++) mean[v.indices[j]!]! += v.values[j]! / n;

  const random = mulberry32(seed);
  let basis: Float64Array[] = [0, 1].map(() => Float64Array.from({ length: dimension }, () => random() - 0.5));
  orthonormalise(basis);
  const scores = new Float64Array(n);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = basis.map((b) => covarianceTimes(vectors, mean, b, scores));
    orthonormalise(next);
    let change = 0;
    for (let c = 0; c < 2; c++) change = Math.max(change, 1 - Math.abs(dot(next[c]!, basis[c]!)));
    basis = next;
    if (change < TOLERANCE) break;
  }
  for (const component of basis) fixSign(component);
  centredScores(vectors, mean, basis[0]!, xs);
  centredScores(vectors, mean, basis[1]!, ys);
  return [xs, ys];
}

/** Xc v for every row: the centred vectors' dot products with v. */
function centredScores(vectors: readonly SparseVector[], mean: Float64Array, v: Float64Array, out: Float64Array) {
  const shift = dot(mean, v);
  for (let i = 0; i < vectors.length; i++) {
    const row = vectors[i]!;
    let sum = 0;
    for (let j = 0; j < row.indices.length; j++) sum += row.values[j]! * v[row.indices[j]!]!;
    out[i] = sum - shift;
  }
}

/** Xcᵀ Xc v (the covariance matrix times v, up to the factor 1/n that does not change the directions). */
function covarianceTimes(
  vectors: readonly SparseVector[],
  mean: Float64Array,
  v: Float64Array,
  scores: Float64Array
): Float64Array {
  centredScores(vectors, mean, v, scores);
  const out = new Float64Array(v.length);
  let total = 0;
  for (let i = 0; i < vectors.length; i++) {
    const row = vectors[i]!;
    const s = scores[i]!;
    total += s;
    for (let j = 0; j < row.indices.length; j++) out[row.indices[j]!]! += row.values[j]! * s;
  }
  for (let k = 0; k < out.length; k++) out[k]! -= mean[k]! * total;
  return out;
}

/** Gram–Schmidt in place; a vector that vanishes (rank below two) becomes zero. */
function orthonormalise(basis: Float64Array[]): void {
  for (let c = 0; c < basis.length; c++) {
    const v = basis[c]!;
    for (let p = 0; p < c; p++) {
      const projection = dot(v, basis[p]!);
      const u = basis[p]!;
      for (let k = 0; k < v.length; k++) v[k]! -= projection * u[k]!;
    }
    const length = Math.sqrt(dot(v, v));
    for (let k = 0; k < v.length; k++) v[k] = length > 1e-12 ? v[k]! / length : 0;
  }
}

function fixSign(v: Float64Array): void {
  let largest = 0;
  for (let k = 0; k < v.length; k++) if (Math.abs(v[k]!) > Math.abs(v[largest]!) + 1e-12) largest = k;
  if (v[largest]! < 0) for (let k = 0; k < v.length; k++) v[k] = -v[k]!;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k]! * b[k]!;
  return sum;
}

/** 1 / the largest absolute value (0 when all are zero): puts the axis in [-1, 1] with 0 at the mean. */
function scaleOf(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return largest > 1e-12 ? 1 / largest : 0;
}

/** Rounds away float noise (and -0), so equal inputs give equal, readable numbers. */
const clean = (value: number): number => Math.round(value * 1e9) / 1e9 + 0;
