import { buildTfIdf, type SparseVector } from '../text/tfidf.js';
import { tokenizeDutch, type Token } from '../text/tokenize-dutch.js';
import { dotSparseDense, sphericalKMeans } from './kmeans.js';
import { silhouetteCosine } from './silhouette.js';

export interface QuestionInput {
  id: string;
  text: string;
}

export interface DiscoveredTheme {
  cluster: number;
  label: string;
  keywords: string[];
  size: number;
  representativeIds: string[];
}

export interface DiscoveryResult {
  k: number;
  seed: number;
  /** Every question, sorted by id; cluster -1 means it had no usable words. */
  assignments: { id: string; cluster: number }[];
  themes: DiscoveredTheme[];
  metrics: { inertia: number; silhouette: number | null };
}

export interface DiscoveryOptions {
  /** Number of themes; defaults to {@link defaultK}. Capped at the number of distinct documents. */
  k?: number;
  seed?: number;
}

export const DEFAULT_SEED = 1;
const KEYWORDS_PER_THEME = 4;
const KEYWORDS_IN_LABEL = 3;
const REPRESENTATIVES_PER_THEME = 3;
const SILHOUETTE_MAX_QUESTIONS = 2000;

/**
 * Default number of themes for n usable questions: round(√(n/2)) clamped to
 * [2, 30]. √(n/2) is the classic rule of thumb (Mardia, Kent & Bibby,
 * Multivariate Analysis, 1979); the bounds keep tiny sets split and large
 * sets reviewable by hand.
 */
export function defaultK(n: number): number {
  return Math.min(30, Math.max(2, Math.round(Math.sqrt(n / 2))));
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups questions into themes: Dutch tokens ({@link tokenizeDutch}) →
 * TF-IDF with sublinear tf ({@link buildTfIdf}) → spherical k-means
 * ({@link sphericalKMeans}). Questions are sorted by id first, so the result
 * depends only on the set of questions, the seed and k, never on input order.
 * Themes are numbered by size (largest first, then by lowest question id);
 * keywords are the centroid's heaviest stems shown as their most frequent
 * spelling within the theme. Ids must be unique.
 */
export function discoverThemes(questions: readonly QuestionInput[], options: DiscoveryOptions = {}): DiscoveryResult {
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.k !== undefined && (!Number.isInteger(options.k) || options.k < 1)) {
    throw new RangeError(`k must be a positive integer, got ${options.k}`);
  }
  const sorted = [...questions].sort((a, b) => byCodeUnit(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new RangeError(`duplicate question id: ${sorted[i]!.id}`);
  }

  const tokenized = sorted.map((q) => tokenizeDutch(q.text));
  const usable = sorted.flatMap((_, i) => (tokenized[i]!.length > 0 ? [i] : []));
  const docs = usable.map((i) => tokenized[i]!);
  const { vectors, vocabulary } = buildTfIdf(
    docs.map((tokens) => tokens.map((t) => t.stem)),
    { sublinearTf: true }
  );

  const k = docs.length === 0 ? 0 : Math.min(options.k ?? defaultK(docs.length), countDistinct(vectors));
  if (k === 0) {
    return {
      k,
      seed,
      assignments: sorted.map((q) => ({ id: q.id, cluster: -1 })),
      themes: [],
      metrics: { inertia: 0, silhouette: null }
    };
  }

  const result = sphericalKMeans(vectors, k, { seed, dimension: vocabulary.length });
  const cluster = new Array<number>(sorted.length).fill(-1);
  const members = Array.from({ length: k }, () => [] as number[]);
  result.assignments.forEach((c, doc) => members[c]!.push(doc));
  // Members are in id order, so ties go to the theme holding the lowest id:
  // the numbering then depends on the partition only, not on the seed.
  const order = members
    .map((_, c) => c)
    .sort((a, b) => members[b]!.length - members[a]!.length || members[a]![0]! - members[b]![0]!);

  const themes = order.map((c, rank): DiscoveredTheme => {
    const centroid = result.centroids[c]!;
    const docsInTheme = members[c]!;
    for (const doc of docsInTheme) cluster[usable[doc]!] = rank;
    const keywords = topKeywords(
      centroid,
      vocabulary,
      docsInTheme.map((doc) => docs[doc]!)
    );
    return {
      cluster: rank,
      label: capitalise(keywords.slice(0, KEYWORDS_IN_LABEL).join(', ')),
      keywords,
      size: docsInTheme.length,
      representativeIds: docsInTheme
        .map((doc) => ({ id: sorted[usable[doc]!]!.id, similarity: dotSparseDense(vectors[doc]!, centroid) }))
        .sort((a, b) => b.similarity - a.similarity || byCodeUnit(a.id, b.id))
        .slice(0, REPRESENTATIVES_PER_THEME)
        .map((r) => r.id)
    };
  });

  return {
    k,
    seed,
    assignments: sorted.map((q, i) => ({ id: q.id, cluster: cluster[i]! })),
    themes,
    metrics: {
      inertia: result.inertia,
      silhouette:
        docs.length <= SILHOUETTE_MAX_QUESTIONS
          ? silhouetteCosine(vectors, result.assignments, k, vocabulary.length)
          : null
    }
  };
}

/** Documents with equal normalised vectors can never be told apart, so k may not exceed their number. */
function countDistinct(vectors: readonly SparseVector[]): number {
  return new Set(vectors.map((v) => `${v.indices.join()}|${v.values.join()}`)).size;
}

/**
 * The centroid's heaviest stems (ties by stem), each shown as its most
 * frequent surface form in the theme (ties alphabetically by code unit).
 */
function topKeywords(centroid: Float64Array, vocabulary: readonly string[], docs: readonly Token[][]): string[] {
  const top = vocabulary
    .map((stem, index) => ({ stem, weight: centroid[index]! }))
    .filter((term) => term.weight > 0)
    .sort((a, b) => b.weight - a.weight || byCodeUnit(a.stem, b.stem))
    .slice(0, KEYWORDS_PER_THEME);

  const surfaces = new Map<string, Map<string, number>>(top.map((term) => [term.stem, new Map()]));
  for (const doc of docs) {
    for (const { stem, surface } of doc) {
      const counts = surfaces.get(stem);
      counts?.set(surface, (counts.get(surface) ?? 0) + 1);
    }
  }
  return top.map(({ stem }) => {
    const ranked = [...surfaces.get(stem)!].sort(([a, x], [b, y]) => y - x || byCodeUnit(a, b));
    return ranked[0]![0];
  });
}

/** Capitalises the first letter; Dutch capitalises the digraph "ij" as a whole ("IJsland"). */
function capitalise(text: string): string {
  return text.replace(/^(ij|.)/su, (first) => first.toUpperCase());
}
