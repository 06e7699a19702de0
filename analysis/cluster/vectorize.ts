import type { SparseVector } from '../text/tfidf.js';

/** A text as the clustering sees it: its terms, and the words they were written as (for labels). */
export interface TermDocument {
  terms: readonly string[];
  surfaces: readonly { stem: string; surface: string }[];
}

export interface VectorSpace {
  /** One L2-normalised TF-IDF vector per document given to {@link buildVectorSpace}; empty when it has no terms. */
  vectors: SparseVector[];
  /** Terms, sorted by code unit; index i of a vector is vocabulary[i]. */
  vocabulary: string[];
  /** Puts another text (a theme description, a new question) into the same space, ignoring unknown terms. */
  project(document: TermDocument): SparseVector;
}

export interface VectorOptions {
  /**
   * Weight of education-vocabulary concept terms ("#evaluatie") relative to words: a concept gathers several
   * words that mean the same thing to staff, so it deserves more say than any one of them.
   */
  conceptWeight?: number;
}

/** Concept terms as written by the analyser: the concept's name behind a '#'. */
export const isConcept = (term: string): boolean => term.startsWith('#');

/**
 * TF-IDF with sublinear tf (1 + ln count) and smoothed idf ln((1 + n) / (1 + df)) + 1, as scikit-learn's
 * TfidfVectorizer(sublinear_tf=True). Terms found in one document only are left out: they cannot link two
 * questions, and in texts of twenty words they would only dilute the vectors' length. Extra documents (theme
 * descriptions, examples) count for the idf, so their words weigh as they do among the questions.
 */
export function buildVectorSpace(
  documents: readonly TermDocument[],
  extra: readonly TermDocument[] = [],
  options: VectorOptions = {}
): VectorSpace {
  const conceptWeight = options.conceptWeight ?? 2;
  const n = documents.length + extra.length;

  // Each distinct term is looked up once per occurrence and then handled as a number: its first-seen id.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const df: number[] = [];
  const lastSeen: number[] = [];
  let tokenCount = 0;
  for (const doc of documents) tokenCount += doc.terms.length;
  const tokens = new Int32Array(tokenCount);
  let p = 0;
  for (let d = 0; d < n; d++) {
    const doc = d < documents.length ? documents[d]! : extra[d - documents.length]!;
    for (const term of doc.terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = names.length;
        ids.set(term, id);
        names.push(term);
        df.push(0);
        lastSeen.push(-1);
      }
      if (lastSeen[id] !== d) {
        lastSeen[id] = d;
        df[id]!++;
      }
      if (d < documents.length) tokens[p++] = id;
    }
  }

  const kept = names.flatMap((term, id) => (df[id]! >= 2 ? [id] : []));
  kept.sort((a, b) => byCodeUnit(names[a]!, names[b]!));
  const vocabulary = kept.map((id) => names[id]!);
  const indexOf = new Int32Array(names.length).fill(-1);
  kept.forEach((id, index) => (indexOf[id] = index));
  const idf = kept.map((id) => (Math.log((1 + n) / (1 + df[id]!)) + 1) * (isConcept(names[id]!) ? conceptWeight : 1));

  // All vectors in one pair of arrays (rows of compressed sparse row storage), each vector a view of its stretch.
  const counts = new Int32Array(vocabulary.length);
  let size = 0;
  p = 0;
  for (const doc of documents) {
    const start = p;
    for (const end = p + doc.terms.length; p < end; p++) {
      const index = indexOf[tokens[p]!]!;
      if (index >= 0 && counts[index]!++ === 0) size++;
    }
    for (let q = start; q < p; q++) if (indexOf[tokens[q]!]! >= 0) counts[indexOf[tokens[q]!]!] = 0;
  }
  const indices = new Int32Array(size);
  const values = new Float64Array(size);
  const vectors: SparseVector[] = [];
  p = 0;
  for (let d = 0, at = 0; d < documents.length; d++) {
    const start = at;
    for (const end = p + documents[d]!.terms.length; p < end; p++) {
      const index = indexOf[tokens[p]!]!;
      if (index >= 0 && counts[index]!++ === 0) indices[at++] = index;
    }
    const vector = { indices: indices.subarray(start, at), values: values.subarray(start, at) };
    weigh(vector.indices, vector.values, counts, idf);
    vectors.push(vector);
  }
  return { vectors, vocabulary, project: projector(vocabulary, idf) };
}

/** {@link VectorSpace.project}, made apart so that it keeps only what it needs. */
function projector(vocabulary: readonly string[], idf: readonly number[]): (document: TermDocument) => SparseVector {
  const counts = new Int32Array(vocabulary.length);
  let vocabularyIndex: Map<string, number> | null = null;
  return (document) => {
    vocabularyIndex ??= new Map(vocabulary.map((term, i) => [term, i]));
    const found: number[] = [];
    for (const term of document.terms) {
      const index = vocabularyIndex.get(term);
      if (index !== undefined && counts[index]!++ === 0) found.push(index);
    }
    const projected = { indices: Int32Array.from(found), values: new Float64Array(found.length) };
    weigh(projected.indices, projected.values, counts, idf);
    return projected;
  };
}

/**
 * Sorts a document's term indices and sets their weights (1 + ln count) · idf, scaled to unit length; resets the
 * counts it read, so one array serves every document.
 */
function weigh(indices: Int32Array, values: Float64Array, counts: Int32Array, idf: readonly number[]): void {
  indices.sort();
  let sum = 0;
  for (let j = 0; j < indices.length; j++) {
    const index = indices[j]!;
    values[j] = (1 + Math.log(counts[index]!)) * idf[index]!;
    counts[index] = 0;
    sum += values[j]! * values[j]!;
  }
  const length = Math.sqrt(sum);
  for (let j = 0; j < values.length; j++) values[j] = values[j]! / (length || 1);
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
