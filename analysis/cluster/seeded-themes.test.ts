import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../text/tfidf.js';
import { assignToSeeds } from './seeded-themes.js';

/** A unit vector over dimensions 0..3 from its raw weights. */
const v = (...weights: number[]): SparseVector => {
  const length = Math.hypot(...weights);
  const indices = weights.flatMap((w, i) => (w ? [i] : []));
  return { indices, values: indices.map((i) => weights[i]! / length) };
};

describe('assignToSeeds', () => {
  const seeds = [
    { description: v(1, 0, 0, 0), examples: [] },
    { description: v(0, 1, 0, 0), examples: [] }
  ];

  it.each([
    { description: 'a question goes to the seed it shares words with', vector: v(1, 0, 1, 0), expected: 0 },
    { description: 'and to the other seed likewise', vector: v(0, 2, 0, 1), expected: 1 },
    { description: 'a question sharing nothing with any seed is left out', vector: v(0, 0, 0, 1), expected: -1 }
  ])('$description', ({ vector, expected }) => {
    const { assignments } = assignToSeeds([vector], seeds, [], { dimension: 4, minSimilarity: 0.1 });
    expect(assignments).toEqual([expected]);
  });

  it("grows a theme's words from the questions it takes in", () => {
    // The second question shares no word with seed 0's description, only with the first question it took.
    const vectors = [v(1, 0, 1, 0), v(0, 0, 1, 0)];
    const { assignments, centroids } = assignToSeeds(vectors, seeds, [], { dimension: 4, minSimilarity: 0.1 });
    expect(assignments).toEqual([0, 0]);
    expect(centroids[0]![2]).toBeGreaterThan(0);
  });

  it('gives questions that share no word with any seed to the new theme they fit, and seeds keep first claim', () => {
    const free = [Float64Array.from([0, 0, 1, 0])];
    const { assignments } = assignToSeeds([v(0, 0, 3, 1), v(0, 0, 4, 0), v(1, 0, 4, 0)], seeds, free, {
      dimension: 4,
      minSimilarity: 0.1
    });
    expect(assignments).toEqual([2, 2, 0]);
  });

  it('learns from examples when there is no description', () => {
    const { assignments } = assignToSeeds([v(0, 0, 1, 1)], [{ description: v(), examples: [v(0, 0, 1, 0)] }], [], {
      dimension: 4,
      minSimilarity: 0.1
    });
    expect(assignments).toEqual([0]);
  });
});
