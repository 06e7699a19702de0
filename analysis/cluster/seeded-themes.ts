import type { SparseVector } from '../text/tfidf.js';
import { dotSparseDense } from './kmeans.js';

export interface SeedVectors {
  /** The theme's name and description as one vector; empty when neither has a known term. */
  description: SparseVector;
  /** Example questions staff filed under the theme. */
  examples: readonly SparseVector[];
}

export interface SeededOptions {
  dimension: number;
  /** A question closer than this to no seed theme is left for new themes. */
  minSimilarity: number;
  /** How many questions a description counts for in its theme's centroid. */
  descriptionWeight?: number;
  iterations?: number;
}

export interface SeededResult {
  /** Theme of every vector (seed themes first, then new ones), or -1 when it fits none. */
  assignments: number[];
  /** Cosine similarity to the assigned theme's centroid (to the nearest one for -1). */
  similarity: number[];
  /** Unit-length centroid per seed theme, then per new theme. */
  centroids: Float64Array[];
}

function addInto(dense: Float64Array, v: SparseVector, factor = 1): void {
  for (let i = 0; i < v.indices.length; i++) dense[v.indices[i]!]! += factor * v.values[i]!;
}

function normalise(dense: Float64Array): Float64Array {
  let sum = 0;
  for (const x of dense) sum += x * x;
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < dense.length; i++) dense[i]! /= length;
  return dense;
}

/** A seed theme's own direction: its description (weighing as `descriptionWeight` questions) and its examples. */
export function seedDirection(seed: SeedVectors, dimension: number, descriptionWeight = 3): Float64Array {
  const dense = new Float64Array(dimension);
  addInto(dense, seed.description, descriptionWeight);
  for (const example of seed.examples) addInto(dense, example);
  return normalise(dense);
}

/**
 * Questions on themes staff already know, next to new themes, in the manner of seeded k-means (Basu, Banerjee &
 * Mooney 2002) with free clusters beside the seeded ones: a question that shares words with a seed theme's own
 * description or examples goes to the nearest such seed theme (if it is close enough), any other question to the
 * nearest centre of all; a seed theme's
 * centre is then the mean direction of its questions averaged with the seed's own direction (so it learns the words
 * its questions use but cannot drift away from what staff described), a new theme's centre the mean direction of
 * its questions; repeated until nothing moves. A question no closer than `minSimilarity` to any centre is left out
 * (-1). `free` holds the new themes' starting centres (may be empty).
 */
export function assignToSeeds(
  vectors: readonly SparseVector[],
  seeds: readonly SeedVectors[],
  free: readonly Float64Array[],
  options: SeededOptions
): SeededResult {
  const { dimension, minSimilarity, descriptionWeight = 3, iterations = 20 } = options;
  const directions = seeds.map((seed) => seedDirection(seed, dimension, descriptionWeight));
  const centroids = [...directions.map((d) => Float64Array.from(d)), ...free.map((f) => Float64Array.from(f))];
  const assignments = new Array<number>(vectors.length).fill(-2);
  const similarity = new Array<number>(vectors.length).fill(0);

  for (let iteration = 0; iteration < iterations; iteration++) {
    let changed = false;
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i]!;
      let best = -1;
      let bestSimilarity = -Infinity;
      let bestSeed = -1;
      let bestSeedSimilarity = -Infinity;
      for (let c = 0; c < centroids.length; c++) {
        const s = dotSparseDense(v, centroids[c]!);
        if (s > bestSimilarity) {
          best = c;
          bestSimilarity = s;
        }
        // A seed theme whose own words the question shares has the first claim on it.
        if (c < directions.length && s > bestSeedSimilarity && dotSparseDense(v, directions[c]!) > 0) {
          bestSeed = c;
          bestSeedSimilarity = s;
        }
      }
      if (bestSeed >= 0 && bestSeedSimilarity >= minSimilarity) {
        best = bestSeed;
        bestSimilarity = bestSeedSimilarity;
      }
      similarity[i] = bestSimilarity;
      const chosen = bestSimilarity >= minSimilarity ? best : -1;
      if (assignments[i] !== chosen) {
        assignments[i] = chosen;
        changed = true;
      }
    }
    if (!changed) break;
    for (const centroid of centroids) centroid.fill(0);
    for (let i = 0; i < vectors.length; i++) {
      if (assignments[i]! >= 0) addInto(centroids[assignments[i]!]!, vectors[i]!);
    }
    centroids.forEach((centroid, c) => {
      normalise(centroid);
      if (c < directions.length) {
        const direction = directions[c]!;
        for (let t = 0; t < dimension; t++) centroid[t] = centroid[t]! + direction[t]!;
        normalise(centroid);
      }
    });
  }
  return { assignments, similarity, centroids };
}
