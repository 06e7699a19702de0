import { foldAccents, tokenizeDutch } from '../text/tokenize-dutch.js';

export interface DuplicateOptions {
  /**
   * Lowest similarity (see {@link findDuplicates}) at which two questions count
   * as the same question; in (0, 1], default {@link DEFAULT_DUPLICATE_THRESHOLD}.
   */
  threshold?: number;
}

export interface DuplicateLink {
  /** Position of the duplicate in the input. */
  index: number;
  /** Position of the first occurrence (in input order) of its group; always less than `index`. */
  duplicateOf: number;
  /** Similarity of the texts at `index` and `duplicateOf`: 1 for exact duplicates. */
  similarity: number;
  /** Whether both texts are equal after {@link normaliseForDuplicates}. */
  exact: boolean;
}

/**
 * Default similarity threshold. Rewordings that keep the content words or
 * parts of them (a greeting added, typos, other inflections, reordered
 * clauses, a compound for its parts) score above it; different questions on
 * the same topic, which share a word such as "toetsen", "ouders" or "lezen",
 * mostly stay below it. Paraphrases in other words ("huiswerk afschaffen" /
 * "impact van huistaken") score no higher than such topic neighbours, so no
 * threshold finds them without also merging distinct questions.
 */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.5;

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
/** How tokenizeDutch splits a text into words (after NFKC and lowercasing). */
const WORD_SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;
/**
 * Greetings and thanks around a question ("Dag, … Alvast bedankt!"), ignored
 * as content words: they are not part of the question, yet would weigh as
 * much as its topic in a short one. Accent-folded, lowercased.
 */
const COURTESY_WORDS: ReadonlySet<string> = new Set([
  'dag',
  'hallo',
  'hoi',
  'goeiedag',
  'goedendag',
  'goedemorgen',
  'goedemiddag',
  'goedenavond',
  'bedankt',
  'dank',
  'dankjewel',
  'dankuwel',
  'merci',
  'alvast',
  'groeten',
  'groetjes',
  'mvg'
]);
const MIN_GRAM = 3;
const MAX_GRAM = 5;
/** Share of the threshold given to the word space's filter bound; the rest goes to the character space. */
const WORD_BOUND_SHARE = 0.15;
/** Rounding slack: similarities this close below the threshold count as reaching it (e.g. 0.9999999999999998 for 1). */
const EPSILON = 1e-9;

/**
 * The form in which exact duplicates compare equal: NFKC, lowercased,
 * accents folded ("coördinator" → "coordinator"), every run of characters
 * other than letters and digits (punctuation, spaces, line breaks) replaced
 * by one space, and trimmed.
 */
export function normaliseForDuplicates(text: string): string {
  return foldAccents(text.normalize('NFKC').toLowerCase()).replace(NOT_LETTER_OR_DIGIT, ' ').trim();
}

/** Character n-grams of a word, marked at its start and end: "klas" → "<kl", "kla", "las", "as>", "<kla", …, "klas>". */
function characterGrams(word: string): string[] {
  const marked = `<${word}>`;
  const grams: string[] = [];
  for (let n = MIN_GRAM; n <= MAX_GRAM; n++) {
    for (let start = 0; start + n <= marked.length; start++) grams.push(marked.slice(start, start + n));
  }
  return grams;
}

/**
 * TF-IDF vectors of one feature space in flat arrays, features numbered by
 * rank: from the feature in most documents (rank 0) to the rarest, so each
 * vector lists its most common features first. Document d's features are at
 * positions `start[d]` to `start[d + 1]`; the first `prefix[d]` of them, whose
 * weight stays below the space's bound, are left out of the inverted index.
 */
interface RankedSpace {
  start: Int32Array;
  rank: Int32Array;
  /** Weight of each feature; every document's vector has unit length (or none). */
  weight: Float64Array;
  /** Squared weight of the features before each position within its document. */
  massBefore: Float64Array;
  /** Squared length of each document's vector: 1, or 0 without features. */
  mass: Float64Array;
  prefix: Int32Array;
  /** Rank of each document's first indexed feature, or the number of features when none is. */
  boundary: Int32Array;
  /** Squared weight of each document's unindexed features. */
  prefixMass: Float64Array;
  /** Inverted index: for each rank, the documents (ascending) indexed under it and their weights. */
  postingStart: Int32Array;
  postingDoc: Int32Array;
  postingWeight: Float64Array;
}

/**
 * TF-IDF vectors of documents given as feature ids (0 … features - 1), weighted as
 * `buildTfIdf` (../text/tfidf.ts) with `sublinearTf`: (1 + ln tf) · (ln((1 + n) / (1 + df)) + 1), scaled to unit length.
 * Integer ids spare hashing every character n-gram of every text as a string.
 */
function tfIdf(
  docs: readonly (readonly number[])[],
  features: number
): { indices: Int32Array; values: Float64Array }[] {
  const df = new Int32Array(features);
  const counts = new Int32Array(features);
  const terms = docs.map((doc) => {
    const distinct: number[] = [];
    for (const f of doc) if (counts[f]!++ === 0) distinct.push(f);
    const indices = Int32Array.from(distinct);
    const tf = new Float64Array(distinct.length);
    distinct.forEach((f, k) => (tf[k] = counts[f]!));
    for (const f of distinct) {
      df[f]!++;
      counts[f] = 0;
    }
    return { indices, tf };
  });
  const idf = Float64Array.from(df, (d) => Math.log((1 + docs.length) / (1 + d)) + 1);
  return terms.map(({ indices, tf: values }) => {
    let sum = 0;
    for (let k = 0; k < values.length; k++) {
      values[k] = (1 + Math.log(values[k]!)) * idf[indices[k]!]!;
      sum += values[k]! * values[k]!;
    }
    const length = Math.sqrt(sum);
    if (length > 0) for (let k = 0; k < values.length; k++) values[k]! /= length;
    return { indices, values };
  });
}

function rankedSpace(docs: readonly (readonly number[])[], features: number, bound: number): RankedSpace {
  const vectors = tfIdf(docs, features);
  const count = vectors.length;
  const df = new Int32Array(features);
  for (const v of vectors) for (const term of v.indices) df[term]!++;
  const byRank = Int32Array.from({ length: features }, (_, f) => f).sort((a, b) => df[b]! - df[a]! || a - b);
  const rankOf = new Int32Array(features);
  byRank.forEach((term, r) => (rankOf[term] = r));

  // Bucket every (document, weight) by rank, then deal them out: each document's features arrive in rank order.
  const byRankStart = new Int32Array(features + 1);
  for (let r = 0; r < features; r++) byRankStart[r + 1] = byRankStart[r]! + df[byRank[r]!]!;
  const total = byRankStart[features]!;
  const cursor = byRankStart.slice(0, features);
  const docAt = new Int32Array(total);
  const weightAt = new Float64Array(total);
  vectors.forEach((v, d) => {
    for (let p = 0; p < v.indices.length; p++) {
      const at = cursor[rankOf[v.indices[p]!]!]!++;
      docAt[at] = d;
      weightAt[at] = v.values[p]!;
    }
  });
  const start = new Int32Array(count + 1);
  vectors.forEach((v, d) => (start[d + 1] = start[d]! + v.indices.length));
  const rank = new Int32Array(total);
  const weight = new Float64Array(total);
  const filled = start.slice(0, count);
  for (let r = 0; r < features; r++) {
    for (let at = byRankStart[r]!; at < byRankStart[r + 1]!; at++) {
      const k = filled[docAt[at]!]!++;
      rank[k] = r;
      weight[k] = weightAt[at]!;
    }
  }

  const limit = bound * bound * (1 - EPSILON);
  const massBefore = new Float64Array(total);
  const mass = new Float64Array(count);
  const prefix = new Int32Array(count);
  const boundary = new Int32Array(count).fill(features);
  const prefixMass = new Float64Array(count);
  const postingCount = new Int32Array(features);
  for (let d = 0; d < count; d++) {
    let sum = 0;
    let p = -1;
    for (let k = start[d]!; k < start[d + 1]!; k++) {
      massBefore[k] = sum;
      if (p === -1 && sum + weight[k]! * weight[k]! >= limit) {
        p = k - start[d]!;
        boundary[d] = rank[k]!;
        prefixMass[d] = sum;
      }
      if (p !== -1) postingCount[rank[k]!]!++;
      sum += weight[k]! * weight[k]!;
    }
    mass[d] = sum;
    if (p === -1) {
      p = start[d + 1]! - start[d]!;
      prefixMass[d] = sum;
    }
    prefix[d] = p;
  }

  const postingStart = new Int32Array(features + 1);
  for (let r = 0; r < features; r++) postingStart[r + 1] = postingStart[r]! + postingCount[r]!;
  const postingDoc = new Int32Array(postingStart[features]!);
  const postingWeight = new Float64Array(postingStart[features]!);
  const next = postingStart.slice(0, features);
  for (let d = 0; d < count; d++) {
    for (let k = start[d]! + prefix[d]!; k < start[d + 1]!; k++) {
      const at = next[rank[k]!]!++;
      postingDoc[at] = d;
      postingWeight[at] = weight[k]!;
    }
  }
  return {
    start,
    rank,
    weight,
    massBefore,
    mass,
    prefix,
    boundary,
    prefixMass,
    postingStart,
    postingDoc,
    postingWeight
  };
}

/** Squared weight of document d's features ranked below `r`. */
function massBelow(space: RankedSpace, d: number, r: number): number {
  let lo = space.start[d]!;
  let hi = space.start[d + 1]!;
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (space.rank[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo === end ? space.mass[d]! : space.massBefore[lo]!;
}

/** Dot product of documents a and b, that is their cosine (vectors have unit length). */
function dot(space: RankedSpace, a: number, b: number): number {
  const { rank, weight } = space;
  let i = space.start[a]!;
  let j = space.start[b]!;
  const endA = space.start[a + 1]!;
  const endB = space.start[b + 1]!;
  let sum = 0;
  while (i < endA && j < endB) {
    if (rank[i] === rank[j]) sum += weight[i++]! * weight[j++]!;
    else if (rank[i]! < rank[j]!) i++;
    else j++;
  }
  return sum;
}

/** Mean cosine of documents a and b over the spaces, at most 1. */
function similarity(spaces: readonly RankedSpace[], a: number, b: number): number {
  let sum = 0;
  for (const space of spaces) sum += dot(space, a, b);
  return Math.min(1, sum / spaces.length);
}

function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!;
    x = parent[x]!;
  }
  return x;
}

/**
 * Every pair of documents whose similarity (mean of the spaces' cosines)
 * reaches `threshold`, given spaces built with bounds that average to at most
 * the threshold, passed to `onPair` (earlier document first).
 *
 * All-pairs similarity search with prefix filtering (Bayardo, Ma & Srikant,
 * "Scaling up all pairs similarity search", WWW 2007; Chaudhuri, Ganti &
 * Kaushik, ICDE 2006): a document is indexed under, and probes the index
 * with, only its features outside its prefix. Two documents that meet in no
 * indexed feature share only features ranked below the later of their two
 * boundaries, where one of them has less weight than its bound, so by
 * Cauchy–Schwarz their cosine in that space is below the bound, and their
 * similarity below the threshold. A pair that does meet is compared in full
 * only if the part of its cosine found through the index plus the same
 * Cauchy–Schwarz bound on the rest can reach the threshold.
 */
function similarPairs(
  spaces: readonly RankedSpace[],
  count: number,
  threshold: number,
  onPair: (a: number, b: number) => void
): void {
  const partial = spaces.map(() => new Float64Array(count));
  const seenBy = new Int32Array(count).fill(-1);
  const met = new Int32Array(count);

  for (let b = 0; b < count; b++) {
    let metCount = 0;
    spaces.forEach((space, s) => {
      const sums = partial[s]!;
      const { postingStart, postingDoc, postingWeight } = space;
      for (let k = space.start[b]! + space.prefix[b]!; k < space.start[b + 1]!; k++) {
        const r = space.rank[k]!;
        const x = space.weight[k]!;
        // Postings are in document order: only the documents before b.
        for (let q = postingStart[r]!; q < postingStart[r + 1]! && postingDoc[q]! < b; q++) {
          const a = postingDoc[q]!;
          if (seenBy[a] !== b) {
            seenBy[a] = b;
            met[metCount++] = a;
            for (const other of partial) other[a] = 0;
          }
          sums[a] = sums[a]! + x * postingWeight[q]!;
        }
      }
    });

    // Ascending, so pairs are reported in a fixed order.
    const candidates = met.subarray(0, metCount).sort();
    for (const a of candidates) {
      let bound = 0;
      spaces.forEach((space, s) => {
        const rest =
          space.boundary[a]! >= space.boundary[b]!
            ? space.prefixMass[a]! * massBelow(space, b, space.boundary[a]!)
            : massBelow(space, a, space.boundary[b]!) * space.prefixMass[b]!;
        bound += Math.min(1, partial[s]![a]! + Math.sqrt(rest));
      });
      if (bound / spaces.length < threshold - EPSILON) continue; // rounding slack for the bound itself
      if (similarity(spaces, a, b) >= threshold) onPair(a, b);
    }
  }
}

/**
 * Finds exact and near-duplicate questions and links each to the first
 * occurrence of its group.
 *
 * Exact duplicates are equal after {@link normaliseForDuplicates}. For near
 * duplicates, the similarity of two texts is the mean of two TF-IDF cosines
 * (sublinear tf, smooth idf, over the distinct normalised texts) of their
 * content words, as {@link tokenizeDutch} gives them (without function words
 * and words found in almost every teacher's question, such as "leerlingen"):
 * - word stems, which match inflections such as "toets"/"toetsen";
 * - character 3- to 5-grams within the accent-folded words, marked at word
 *   boundaries, which also match compounds and their parts
 *   ("examens"/"examenperiodes"), spelling variants and typos.
 * Only content words count, because two questions built on the same pattern
 * ("Hoe pak ik pesten aan?" / "Hoe pak ik spijbelen aan?") are different
 * questions; greetings and thanks ("Dag", "alvast bedankt") do not count
 * either. A text without content words ("Hoe doe ik dat?") can only be an
 * exact duplicate.
 *
 * Pairs at or above the threshold are joined transitively (union-find), so a
 * chain a ~ b ~ c forms one group even when a and c are less alike. Every
 * member but the group's first (lowest index) gets a link to that first
 * member; links come in ascending `index`. Texts that are empty after
 * normalisation are never linked. The result depends only on the texts and
 * their order.
 *
 * Pairs are found through an inverted index with prefix filtering (see
 * `similarPairs`), which never misses a pair at the threshold yet compares
 * only a small share of all pairs: 10,000 questions take a few seconds.
 */
export function findDuplicates(texts: readonly string[], options: DuplicateOptions = {}): DuplicateLink[] {
  const threshold = options.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1]; got ${threshold}.`);

  // Exact duplicates collapse onto their first occurrence; only distinct texts are compared.
  const keys = texts.map(normaliseForDuplicates);
  const distinctByKey = new Map<string, number>();
  const firstIndex: number[] = [];
  const distinctOf = new Int32Array(texts.length).fill(-1);
  keys.forEach((key, index) => {
    if (key === '') return;
    let d = distinctByKey.get(key);
    if (d === undefined) {
      d = firstIndex.length;
      distinctByKey.set(key, d);
      firstIndex.push(index);
    }
    distinctOf[index] = d;
  });

  // Features as integer ids, numbered in order of first appearance.
  const stemIds = new Map<string, number>();
  const gramIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, key: string): number => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const stemDocs: number[][] = [];
  const gramDocs: number[][] = [];
  // tokenizeDutch keeps or drops each word on its own, so it runs once per distinct word.
  const featuresOfWord = new Map<string, { stem: number; grams: number[] } | null>();
  for (const index of firstIndex) {
    const stems: number[] = [];
    const grams: number[] = [];
    for (const word of texts[index]!.normalize('NFKC').toLowerCase().split(WORD_SEPARATOR)) {
      let features = featuresOfWord.get(word);
      if (features === undefined) {
        const [token] = tokenizeDutch(word);
        const folded = token ? foldAccents(token.surface) : '';
        features =
          token && !COURTESY_WORDS.has(folded)
            ? { stem: idOf(stemIds, token.stem), grams: characterGrams(folded).map((gram) => idOf(gramIds, gram)) }
            : null;
        featuresOfWord.set(word, features);
      }
      if (features === null) continue;
      stems.push(features.stem);
      for (const gram of features.grams) grams.push(gram);
    }
    stemDocs.push(stems);
    gramDocs.push(grams);
  }
  const cutoff = threshold - EPSILON;
  // Filter bounds that average to the cutoff. The word space gets the smaller one: indexing nearly all of a
  // text's few stems is cheap, while a high bound keeps the many common character n-grams out of the index.
  const wordBound = 2 * cutoff * WORD_BOUND_SHARE;
  const spaces = [
    rankedSpace(stemDocs, stemIds.size, wordBound),
    rankedSpace(gramDocs, gramIds.size, 2 * cutoff - wordBound)
  ];

  const parent = Int32Array.from(firstIndex.keys());
  similarPairs(spaces, firstIndex.length, cutoff, (a, b) => {
    const ra = findRoot(parent, a);
    const rb = findRoot(parent, b);
    // The lower root wins, so every root is the first distinct text of its group.
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  });

  const links: DuplicateLink[] = [];
  texts.forEach((_, index) => {
    const d = distinctOf[index]!;
    if (d === -1) return;
    const root = findRoot(parent, d);
    const duplicateOf = firstIndex[root]!;
    if (duplicateOf === index) return;
    const exact = root === d;
    links.push({ index, duplicateOf, similarity: exact ? 1 : similarity(spaces, d, root), exact });
  });
  return links;
}
