import { describe, expect, it } from 'vitest';
import { buildTfIdf, cosine, norm, type SparseVector } from './tfidf.js';

const weightOf = (v: SparseVector, vocabulary: string[], term: string) => {
  const position = Array.from(v.indices).indexOf(vocabulary.indexOf(term));
  return position === -1 ? 0 : v.values[position]!;
};

describe('buildTfIdf', () => {
  const docs = [
    ['reken', 'tafel', 'reken'],
    ['reken', 'breuk'],
    ['pest', 'reken']
  ];

  it('sorts the vocabulary and never depends on document order', () => {
    const forward = buildTfIdf(docs);
    const reversed = buildTfIdf([...docs].reverse());
    expect(forward.vocabulary).toEqual(['breuk', 'pest', 'reken', 'tafel']);
    expect(reversed.vocabulary).toEqual(forward.vocabulary);
    expect([...reversed.vectors].reverse()).toEqual(forward.vectors);
  });

  it('L2-normalises every non-empty vector and keeps indices ascending', () => {
    for (const v of buildTfIdf(docs).vectors) {
      expect(norm(v)).toBeCloseTo(1, 12);
      expect(Array.from(v.indices)).toEqual(Array.from(v.indices).sort((a, b) => a - b));
    }
  });

  it('uses the smooth idf ln((1 + n) / (1 + df)) + 1', () => {
    const { vectors, vocabulary } = buildTfIdf([['reken', 'tafel'], ['reken']]);
    const idfReken = Math.log(3 / 3) + 1;
    const idfTafel = Math.log(3 / 2) + 1;
    expect(weightOf(vectors[0]!, vocabulary, 'tafel') / weightOf(vectors[0]!, vocabulary, 'reken')).toBeCloseTo(
      idfTafel / idfReken,
      12
    );
  });

  it('weighs rarer terms higher than common ones at equal tf', () => {
    const { vectors, vocabulary } = buildTfIdf(docs);
    const third = vectors[2]!;
    expect(weightOf(third, vocabulary, 'pest')).toBeGreaterThan(weightOf(third, vocabulary, 'reken'));
  });

  it.each([
    [false, 2],
    [true, 1 + Math.log(2)]
  ])('with sublinearTf=%s counts a twice-used term as %d', (sublinearTf, tf) => {
    const { vectors, vocabulary } = buildTfIdf([['reken', 'reken', 'tafel']], { sublinearTf });
    expect(weightOf(vectors[0]!, vocabulary, 'reken') / weightOf(vectors[0]!, vocabulary, 'tafel')).toBeCloseTo(tf, 12);
  });

  it('gives documents without terms an empty vector', () => {
    const { vectors } = buildTfIdf([[], ['reken']]);
    expect(Array.from(vectors[0]!.indices)).toEqual([]);
    expect(Array.from(vectors[1]!.values)).toEqual([1]);
  });

  it('handles no documents at all', () => {
    expect(buildTfIdf([])).toEqual({ vectors: [], vocabulary: [] });
  });
});

describe('cosine', () => {
  it.each([
    ['identical', { indices: [0, 2], values: [1, 1] }, { indices: [0, 2], values: [3, 3] }, 1],
    ['orthogonal', { indices: [0], values: [1] }, { indices: [1], values: [5] }, 0],
    ['partly shared', { indices: [0, 1], values: [1, 1] }, { indices: [1, 2], values: [1, 1] }, 0.5],
    ['zero vector', { indices: [], values: [] }, { indices: [1], values: [1] }, 0]
  ])('is correct for %s vectors', (_case, a: SparseVector, b: SparseVector, expected) => {
    expect(cosine(a, b)).toBeCloseTo(expected, 12);
    expect(cosine(b, a)).toBeCloseTo(expected, 12);
  });
});
