/** Sparse vector with strictly ascending `indices` and matching `values`. */
export interface SparseVector {
  indices: Int32Array | number[];
  values: Float64Array | number[];
}

export interface TfIdfOptions {
  /** Use 1 + ln(tf) instead of the raw count, damping repeated words. */
  sublinearTf?: boolean;
}

export interface TfIdfModel {
  /** One L2-normalised vector per document; empty for documents without terms. */
  vectors: SparseVector[];
  /** All terms, sorted by UTF-16 code unit; vector index i refers to vocabulary[i]. */
  vocabulary: string[];
}

/**
 * TF-IDF vectors for pre-tokenised documents, as scikit-learn's
 * TfidfVectorizer with smooth_idf=True: weight = tf · idf with
 * idf = ln((1 + n) / (1 + df)) + 1, where n is the number of documents and df
 * the number containing the term (the +1s act as one extra document holding
 * every term, so no idf is zero or infinite), then each vector is scaled to
 * unit Euclidean length. With `sublinearTf`, tf = 1 + ln(count) (Manning,
 * Raghavan & Schütze, Introduction to Information Retrieval, §6.4.1).
 */
export function buildTfIdf(docs: readonly (readonly string[])[], options: TfIdfOptions = {}): TfIdfModel {
  // Sorting makes indices depend only on the set of terms, never on document order.
  const vocabulary = [...new Set(docs.flat())].sort();
  const indexOf = new Map(vocabulary.map((term, i) => [term, i]));

  const counts = docs.map((doc) => {
    const termCounts = new Map<number, number>();
    for (const term of doc) {
      const index = indexOf.get(term)!;
      termCounts.set(index, (termCounts.get(index) ?? 0) + 1);
    }
    return termCounts;
  });

  const df = new Float64Array(vocabulary.length);
  for (const termCounts of counts) for (const index of termCounts.keys()) df[index]!++;
  const n = docs.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);

  const vectors = counts.map((termCounts) => {
    const indices = Int32Array.from(termCounts.keys()).sort();
    const values = Float64Array.from(indices, (index) => {
      const count = termCounts.get(index)!;
      return (options.sublinearTf ? 1 + Math.log(count) : count) * idf[index]!;
    });
    const vector = { indices, values };
    const length = norm(vector);
    if (length > 0) for (let i = 0; i < values.length; i++) values[i]! /= length;
    return vector;
  });

  return { vectors, vocabulary };
}

/** Euclidean length of a sparse vector. */
export function norm(v: SparseVector): number {
  let sum = 0;
  for (const x of v.values) sum += x * x;
  return Math.sqrt(sum);
}

/**
 * Cosine similarity a·b / (‖a‖‖b‖) of two sparse vectors, by merging their
 * sorted indices; 0 when either vector is zero.
 */
export function cosine(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i]!;
    const bj = b.indices[j]!;
    if (ai === bj) dot += a.values[i++]! * b.values[j++]!;
    else if (ai < bj) i++;
    else j++;
  }
  const lengths = norm(a) * norm(b);
  return lengths === 0 ? 0 : dot / lengths;
}
