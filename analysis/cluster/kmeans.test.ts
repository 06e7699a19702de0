import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { cosine, type SparseVector } from '../text/tfidf.js';
import { dotSparseDense, sphericalKMeans } from './kmeans.js';

function unit(entries: Record<number, number>): SparseVector {
  const indices = Object.keys(entries)
    .map(Number)
    .sort((a, b) => a - b);
  const length = Math.hypot(...indices.map((i) => entries[i]!));
  return { indices, values: indices.map((i) => entries[i]! / length) };
}

/** Three obvious groups living on terms {0,1}, {2,3} and {4,5}, with a little shared noise on term 6. */
const toy: SparseVector[] = [
  unit({ 0: 1, 1: 0.9 }),
  unit({ 0: 0.8, 1: 1, 6: 0.1 }),
  unit({ 0: 1, 1: 0.5 }),
  unit({ 2: 1, 3: 0.7 }),
  unit({ 2: 0.6, 3: 1, 6: 0.2 }),
  unit({ 2: 1, 3: 1 }),
  unit({ 4: 1, 5: 0.4, 6: 0.1 }),
  unit({ 4: 0.9, 5: 1 }),
  unit({ 4: 0.3, 5: 1 })
];

function randomVectors(count: number, dimension: number, seed: number): SparseVector[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const entries: Record<number, number> = {};
    for (let t = 0; t < 3; t++) entries[Math.floor(next() * dimension)] = 0.1 + next();
    return unit(entries);
  });
}

/** Whether both labelings group the items identically, whatever the cluster numbers. */
function samePartition(a: readonly number[], b: readonly number[]): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  return a.every((x, i) => {
    const y = b[i]!;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
    return true;
  });
}

describe('sphericalKMeans', () => {
  it.each([1, 2, 3, 42])('recovers three obvious groups with seed %i', (seed) => {
    const { assignments } = sphericalKMeans(toy, 3, { seed });
    expect(samePartition(assignments, [0, 0, 0, 1, 1, 1, 2, 2, 2])).toBe(true);
  });

  it('reports inertia as the summed cosine distance to unit-length centroids', () => {
    const { assignments, centroids, inertia } = sphericalKMeans(toy, 3);
    for (const centroid of centroids) expect(Math.hypot(...centroid)).toBeCloseTo(1, 12);
    const expected = toy.reduce((sum, v, i) => sum + 1 - dotSparseDense(v, centroids[assignments[i]!]!), 0);
    expect(inertia).toBeCloseTo(expected, 12);
  });

  it('is deterministic for a seed', () => {
    const vectors = randomVectors(60, 25, 9);
    expect(sphericalKMeans(vectors, 5, { seed: 3 })).toEqual(sphericalKMeans(vectors, 5, { seed: 3 }));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('never leaves a cluster empty (data seed %i)', (seed) => {
    const vectors = randomVectors(30, 12, seed);
    const k = 8;
    const { assignments } = sphericalKMeans(vectors, k, { seed });
    expect(new Set(assignments).size).toBe(k);
  });

  it('handles duplicate vectors as long as k does not exceed the distinct ones', () => {
    const a = unit({ 0: 1 });
    const b = unit({ 1: 1 });
    const { assignments, inertia } = sphericalKMeans([a, a, a, b, a, b], 2);
    expect(samePartition(assignments, [0, 0, 0, 1, 0, 1])).toBe(true);
    expect(inertia).toBeCloseTo(0, 12);
  });

  it('refills clusters left empty when k exceeds the distinct vectors', () => {
    const a = unit({ 0: 1 });
    const b = unit({ 1: 1 });
    const { assignments, inertia } = sphericalKMeans([a, a, b], 3);
    expect([...assignments].sort()).toEqual([0, 1, 2]);
    expect(inertia).toBeCloseTo(0, 12);
  });

  it('puts everything in one cluster for k = 1, centred on the normalised mean', () => {
    const { assignments, centroids } = sphericalKMeans(toy, 1);
    expect(assignments).toEqual(toy.map(() => 0));
    const sum: Record<number, number> = {};
    for (const v of toy) v.indices.forEach((index, t) => (sum[index] = (sum[index] ?? 0) + v.values[t]!));
    const mean = unit(sum);
    expect(cosine(mean, { indices: [0, 1, 2, 3, 4, 5, 6], values: Array.from(centroids[0]!) })).toBeCloseTo(1, 12);
  });

  it('gives every distinct vector its own cluster for k = n', () => {
    const { assignments, inertia } = sphericalKMeans(toy, toy.length);
    expect(new Set(assignments).size).toBe(toy.length);
    expect(inertia).toBeCloseTo(0, 12);
  });

  it.each([
    { description: 'all vectors', count: 400, k: 7 },
    { description: 'a sample, then all vectors', count: 2600, k: 12 }
  ])('gives the same result with and without per-centroid bounds ($description)', ({ count, k }) => {
    const vectors = randomVectors(count, 40, count);
    const options = { seed: 5, restarts: 2 };
    expect(sphericalKMeans(vectors, k, { ...options, bounds: true })).toEqual(
      sphericalKMeans(vectors, k, { ...options, bounds: false })
    );
  });

  it.each([
    ['k = 0', 0, {}],
    ['k above n', toy.length + 1, {}],
    ['fractional k', 1.5, {}],
    ['zero restarts', 2, { restarts: 0 }],
    ['zero iterations', 2, { maxIterations: 0 }]
  ])('rejects %s', (_case, k, options) => {
    expect(() => sphericalKMeans(toy, k, options)).toThrow(RangeError);
  });
});
