import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { cosine, type SparseVector } from '../text/tfidf.js';
import { silhouetteCosine } from './silhouette.js';

/** Textbook O(n²) silhouette with cosine distance, as the reference. */
function bruteForce(vectors: SparseVector[], assignments: number[]): number {
  const scores = vectors.map((v, i) => {
    const own = assignments[i]!;
    const distances = new Map<number, number[]>();
    vectors.forEach((w, j) => {
      if (j === i) return;
      const list = distances.get(assignments[j]!) ?? [];
      list.push(1 - cosine(v, w));
      distances.set(assignments[j]!, list);
    });
    const ownDistances = distances.get(own);
    if (!ownDistances) return 0;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const a = mean(ownDistances);
    const b = Math.min(...[...distances].filter(([c]) => c !== own).map(([, xs]) => mean(xs)));
    return (b - a) / Math.max(a, b);
  });
  return scores.reduce((s, x) => s + x, 0) / scores.length;
}

function randomUnitVectors(count: number, dimension: number, seed: number): SparseVector[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const values = Array.from({ length: dimension }, () => (next() < 0.4 ? next() : 0));
    values[Math.floor(next() * dimension)] = 1;
    const length = Math.hypot(...values);
    const indices = values.flatMap((x, i) => (x > 0 ? [i] : []));
    return { indices, values: indices.map((i) => values[i]! / length) };
  });
}

describe('silhouetteCosine', () => {
  it.each([1, 2, 3])('matches the pairwise definition (data seed %i)', (seed) => {
    const vectors = randomUnitVectors(25, 8, seed);
    const next = mulberry32(seed + 100);
    // Cluster 3 gets a single member to exercise the singleton rule.
    const assignments = vectors.map((_, i) => (i === 0 ? 3 : Math.floor(next() * 3)));
    expect(silhouetteCosine(vectors, assignments, 4, 8)).toBeCloseTo(bruteForce(vectors, assignments), 10);
  });

  it('is 1 for identical members in orthogonal clusters', () => {
    const x = { indices: [0], values: [1] };
    const y = { indices: [1], values: [1] };
    expect(silhouetteCosine([x, x, y, y], [0, 0, 1, 1], 2, 2)).toBeCloseTo(1, 12);
  });

  it('ignores unassigned vectors', () => {
    const x = { indices: [0], values: [1] };
    const y = { indices: [1], values: [1] };
    expect(silhouetteCosine([x, y, x, y], [0, -1, 0, 1], 2, 2)).toBe(silhouetteCosine([x, x, y], [0, 0, 1], 2, 2));
  });

  it('is null when fewer than two clusters have members', () => {
    const x = { indices: [0], values: [1] };
    expect(silhouetteCosine([x, x], [0, 0], 1, 1)).toBeNull();
    expect(silhouetteCosine([x, x], [1, 1], 3, 1)).toBeNull();
  });
});
