import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../text/tfidf.js';
import { chooseK, maxK } from './choose-k.js';

const unit = (dimension: number, ...weights: [number, number][]): SparseVector => {
  const length = Math.hypot(...weights.map(([, w]) => w));
  return { indices: weights.map(([i]) => i), values: weights.map(([, w]) => w / length) };
};

describe('maxK', () => {
  it.each([
    [1, 2],
    [20, 4],
    [700, 26],
    [100_000, 40]
  ])('tries up to √n themes for %i questions, between 2 and 40: %i', (n, k) => {
    expect(maxK(n)).toBe(k);
  });
});

describe('chooseK', () => {
  it('finds the number of well-separated groups', () => {
    // Four groups of five around their own dimension, each question with a little of a shared dimension 9.
    const vectors = Array.from({ length: 20 }, (_, i) => unit(10, [Math.floor(i / 5) * 2, 1], [9, 0.2 + (i % 5) / 50]));
    const { k, candidates } = chooseK(vectors, { seed: 1, dimension: 10 });
    expect(k).toBe(4);
    expect(candidates.map((c) => c.k)).toEqual([2, 3, 4]);
  });

  it('is the same for the same seed', () => {
    const vectors = Array.from({ length: 30 }, (_, i) => unit(6, [i % 6, 1], [(i * 7) % 6, 0.5]));
    expect(chooseK(vectors, { seed: 3, dimension: 6 })).toEqual(chooseK(vectors, { seed: 3, dimension: 6 }));
  });
});
