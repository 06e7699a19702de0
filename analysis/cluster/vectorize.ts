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
  const all = [...documents, ...extra];
  const df = new Map<string, number>();
  for (const doc of all) for (const term of new Set(doc.terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = [...df.keys()].filter((term) => df.get(term)! >= 2).sort(byCodeUnit);
  const indexOf = new Map(vocabulary.map((term, i) => [term, i]));
  const n = all.length;
  const idf = vocabulary.map(
    (term) => (Math.log((1 + n) / (1 + df.get(term)!)) + 1) * (isConcept(term) ? conceptWeight : 1)
  );

  const project = (document: TermDocument): SparseVector => {
    const counts = new Map<number, number>();
    for (const term of document.terms) {
      const index = indexOf.get(term);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = [...counts.keys()].sort((a, b) => a - b);
    const values = indices.map((i) => (1 + Math.log(counts.get(i)!)) * idf[i]!);
    const length = Math.sqrt(values.reduce((sum, x) => sum + x * x, 0));
    return { indices: Int32Array.from(indices), values: Float64Array.from(values, (x) => x / (length || 1)) };
  };

  return { vectors: documents.map(project), vocabulary, project };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
