import { describe, expect, it } from 'vitest';
import { norm } from '../text/tfidf.js';
import { buildVectorSpace, type TermDocument } from './vectorize.js';

const doc = (...terms: string[]): TermDocument => ({ terms, surfaces: terms.map((t) => ({ stem: t, surface: t })) });

describe('buildVectorSpace', () => {
  const docs = [doc('pest', 'klas'), doc('pest', 'online'), doc('rekenen', 'klas'), doc('uniek')];
  const space = buildVectorSpace(docs);

  it('keeps only terms found in at least two documents, sorted', () => {
    expect(space.vocabulary).toEqual(['klas', 'pest']);
  });

  it('gives unit-length vectors, and an empty one to a document without shared terms', () => {
    expect(norm(space.vectors[0]!)).toBeCloseTo(1, 12);
    expect(space.vectors[3]!.indices).toHaveLength(0);
  });

  it('weighs terms by smoothed idf, as scikit-learn (sublinear tf, smooth idf)', () => {
    // Both terms occur in 2 of 4 documents: equal idf, so equal weights 1/√2 (scikit-learn gives the same).
    expect(Array.from(space.vectors[0]!.values)).toEqual(
      [Math.SQRT1_2, Math.SQRT1_2].map((x) => expect.closeTo(x, 12))
    );
  });

  it('projects a new text into the same space, ignoring unknown terms', () => {
    const projected = space.project(doc('pest', 'pest', 'nieuw'));
    expect(Array.from(projected.indices)).toEqual([1]);
    expect(projected.values[0]).toBeCloseTo(1, 12);
  });

  it('counts extra documents (theme descriptions) for the vocabulary and idf, without vectors of their own', () => {
    const withExtra = buildVectorSpace(docs, [doc('uniek', 'rekenen')]);
    expect(withExtra.vocabulary).toEqual(['klas', 'pest', 'rekenen', 'uniek']);
    expect(withExtra.vectors).toHaveLength(4);
  });

  it('gives concept terms more weight than words', () => {
    const concepts = buildVectorSpace([doc('#evaluatie', 'toets'), doc('#evaluatie', 'toets')], [], {
      conceptWeight: 2
    });
    const [concept, word] = Array.from(concepts.vectors[0]!.values);
    expect(concept! / word!).toBeCloseTo(2, 12);
  });
});
