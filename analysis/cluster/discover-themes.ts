import type { SparseVector } from '../text/tfidf.js';
import { analyzeCorpus } from '../text/analyze.js';
import { chooseK, type KCandidate } from './choose-k.js';
import { dotSparseDense, sphericalKMeans } from './kmeans.js';
import { themeKeywords } from './label-themes.js';
import { assignToSeeds, seedDirection } from './seeded-themes.js';
import { silhouetteCosine } from './silhouette.js';
import { buildVectorSpace, isConcept, type TermDocument, type VectorSpace } from './vectorize.js';

export interface QuestionInput {
  id: string;
  text: string;
}

/** A theme staff know in advance (last cycle's, a toolkit's heading), to which questions are assigned first. */
export interface SeedTheme {
  name: string;
  description?: string;
  examples?: readonly string[];
}

export interface DiscoveredTheme {
  cluster: number;
  /** The seed theme's name, or the keywords for a new theme. */
  label: string;
  keywords: string[];
  size: number;
  /** The questions nearest the theme's centre, most typical first. */
  representativeIds: string[];
  /** Index into `seedThemes` when the theme is a seed theme. */
  seed: number | null;
}

export interface QuestionAssignment {
  id: string;
  /** Theme number, or -1: "niet toegewezen". */
  cluster: number;
  /** Cosine similarity to the theme's centre (to the nearest theme when unassigned). */
  confidence: number;
  /** The question's words that weighed most in the match. */
  terms: string[];
}

export interface DiscoveryResult {
  k: number;
  seed: number;
  /** Every question, sorted by id. */
  assignments: QuestionAssignment[];
  themes: DiscoveredTheme[];
  metrics: {
    inertia: number;
    silhouette: number | null;
    unassigned: number;
    /** The silhouette per k tried, when k was chosen automatically. */
    kCandidates: KCandidate[];
  };
}

export interface DiscoveryOptions {
  /** Number of new themes, or 'auto' (default) to choose it by silhouette ({@link chooseK}). */
  k?: number | 'auto';
  seed?: number;
  seedThemes?: readonly SeedTheme[];
  /**
   * Turns texts into terms; default {@link analyzeCorpus} (Dutch words, compounds, bigrams, education concepts).
   * All texts (questions and seed themes) go in one call.
   */
  analyze?: (texts: readonly string[]) => TermDocument[];
}

export const DEFAULT_SEED = 1;
/** Below this cosine similarity to its theme's centre a question is left unassigned: it shares almost nothing. */
export const MIN_SIMILARITY = 0.08;
/**
 * A new theme of fewer questions is no theme: its questions are left unassigned. With few questions per theme (a
 * small set, or a large k staff chose) the floor is half a theme's fair share, n / (2k), at least 1.
 */
export const MIN_THEME_SIZE = 3;

const minThemeSize = (questions: number, k: number): number =>
  Math.max(1, Math.min(MIN_THEME_SIZE, Math.ceil(questions / (2 * Math.max(1, k)))));
// With refinement moves after Lloyd, more starts changed neither NMI nor BCubed on the dev set (1, 3, 5, 10 tried).
const RESTARTS = 3;
const REPRESENTATIVES = 3;
const DECIDING_TERMS = 3;
const SILHOUETTE_MAX_QUESTIONS = 3000;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups questions into themes. Questions are sorted by id first and every random choice is seeded, so the same
 * questions give the same themes in any order. With seed themes, questions go first to the known theme they fit
 * ({@link assignToSeeds}); the rest (or all, without seeds) are grouped by spherical k-means on TF-IDF vectors into
 * new themes. Questions that fit no theme, and the members of new themes under {@link MIN_THEME_SIZE}, are left
 * unassigned (cluster -1). Seed themes come first in the numbering, in the order given; new themes follow, largest
 * first. Ids must be unique.
 */
export function discoverThemes(questions: readonly QuestionInput[], options: DiscoveryOptions = {}): DiscoveryResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const seedThemes = options.seedThemes ?? [];
  if (options.k !== undefined && options.k !== 'auto' && (!Number.isInteger(options.k) || options.k < 1)) {
    throw new RangeError(`k must be a positive integer or 'auto', got ${options.k}`);
  }
  const sorted = [...questions].sort((a, b) => byCodeUnit(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new RangeError(`duplicate question id: ${sorted[i]!.id}`);
  }

  const seedTexts = seedThemes.map((theme) => [theme.name, theme.description ?? ''].join('. '));
  const exampleTexts = seedThemes.flatMap((theme) => theme.examples ?? []);
  const analysed = (options.analyze ?? analyzeCorpus)([...sorted.map((q) => q.text), ...seedTexts, ...exampleTexts]);
  const docs = analysed.slice(0, sorted.length);
  const seedDocs = analysed.slice(sorted.length);
  const space = buildVectorSpace(docs, seedDocs);
  const dimension = space.vocabulary.length;
  const { vectors } = space;

  const cluster = new Array<number>(sorted.length).fill(-1);
  let e = seedThemes.length;
  const seeds = seedThemes.map((theme, s) => ({
    description: space.project(seedDocs[s]!),
    examples: (theme.examples ?? []).map(() => space.project(seedDocs[e++]!))
  }));
  const directions = seeds.map((s) => seedDirection(s, dimension));

  // New themes from the questions no seed theme fits (all of them without seeds) that have words to group by.
  const open = sorted.flatMap((_, i) =>
    vectors[i]!.indices.length > 0 && directions.every((d) => dotSparseDense(vectors[i]!, d) < MIN_SIMILARITY)
      ? [i]
      : []
  );
  let kCandidates: KCandidate[] = [];
  let free: Float64Array[] = [];
  if (open.length >= MIN_THEME_SIZE) {
    const openVectors = open.map((i) => vectors[i]!);
    let newK: number;
    if (options.k === undefined || options.k === 'auto') {
      const chosen = chooseK(openVectors, { seed, dimension, minSize: MIN_THEME_SIZE });
      newK = chosen.k;
      kCandidates = chosen.candidates;
    } else {
      newK = countDistinct(openVectors, options.k);
    }
    const result = sphericalKMeans(openVectors, newK, { seed, dimension, restarts: RESTARTS });
    result.assignments.forEach((c, j) => (cluster[open[j]!] = seeds.length + c));
    free = result.centroids;
  }

  let centroids: Float64Array[] = free;
  if (seeds.length > 0) {
    // Seed themes and new themes compete for every question, so a question goes where it fits best.
    const joint = assignToSeeds(vectors, seeds, free, { dimension, minSimilarity: MIN_SIMILARITY });
    joint.assignments.forEach((c, i) => (cluster[i] = c));
    centroids = joint.centroids;
  }
  orderNewThemes(cluster, seeds.length, centroids);

  const similarity = vectors.map((v, i) => (cluster[i]! >= 0 ? dotSparseDense(v, centroids[cluster[i]!]!) : 0));
  settleUnassigned(cluster, similarity, seedThemes.length, minThemeSize(open.length, free.length));
  const renumbered = renumber(cluster, seedThemes.length);
  const k = renumbered.k;
  const finalCentroids = renumbered.kept.map((c) => centroids[c]!);

  const keywords = themeKeywords(docs, cluster, k);
  const membersOf = finalCentroids.map((): number[] => []);
  cluster.forEach((c, i) => {
    if (c >= 0) membersOf[c]!.push(i);
  });
  const themes = finalCentroids.map((centroid, c): DiscoveredTheme => {
    const members = membersOf[c]!;
    const seedIndex = c < seedThemes.length ? c : null;
    return {
      cluster: c,
      label: seedIndex !== null ? seedThemes[seedIndex]!.name : capitalise(keywords[c]!.join(', ')),
      keywords: keywords[c]!,
      size: members.length,
      representativeIds: members
        .map((i) => ({ id: sorted[i]!.id, similarity: similarity[i]! }))
        .sort((a, b) => b.similarity - a.similarity || byCodeUnit(a.id, b.id))
        .slice(0, REPRESENTATIVES)
        .map((r) => r.id),
      seed: seedIndex
    };
  });

  const assignments = sorted.map((q, i): QuestionAssignment => {
    const nearest = cluster[i]! >= 0 ? cluster[i]! : nearestCentroid(vectors[i]!, finalCentroids);
    const centroid = nearest >= 0 ? finalCentroids[nearest]! : null;
    return {
      id: q.id,
      cluster: cluster[i]!,
      confidence: centroid ? round(dotSparseDense(vectors[i]!, centroid)) : 0,
      terms: centroid ? decidingTerms(vectors[i]!, centroid, space, docs[i]!) : []
    };
  });

  const assigned = sorted.flatMap((_, i) => (cluster[i]! >= 0 ? [i] : []));
  const assignedVectors = assigned.map((i) => vectors[i]!);
  return {
    k,
    seed,
    assignments,
    themes,
    metrics: {
      inertia: round(assigned.reduce((sum, i) => sum + 1 - similarity[i]!, 0)),
      silhouette:
        k >= 2 && assigned.length <= SILHOUETTE_MAX_QUESTIONS
          ? roundOrNull(
              silhouetteCosine(
                assignedVectors,
                assigned.map((i) => cluster[i]!),
                k,
                dimension
              )
            )
          : null,
      unassigned: sorted.length - assigned.length,
      kCandidates
    }
  };
}

/**
 * Numbers the new themes largest first, ties to the theme holding the lowest id, so the numbering depends on the
 * partition only; reorders `centroids` (seed themes first, then new ones) alike.
 */
function orderNewThemes(cluster: number[], seedCount: number, centroids: Float64Array[]): void {
  const count = centroids.length - seedCount;
  const sizes = new Array<number>(count).fill(0);
  const first = new Array<number>(count).fill(Infinity);
  cluster.forEach((c, i) => {
    if (c < seedCount) return;
    sizes[c - seedCount]!++;
    first[c - seedCount] = Math.min(first[c - seedCount]!, i);
  });
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || first[a]! - first[b]!);
  const to = new Map(order.map((c, rank) => [c + seedCount, rank + seedCount]));
  for (let i = 0; i < cluster.length; i++) if (cluster[i]! >= seedCount) cluster[i] = to.get(cluster[i]!)!;
  const reordered = order.map((c) => centroids[c + seedCount]!);
  centroids.splice(seedCount, count, ...reordered);
}

/** Leaves out questions too far from their theme, and new themes left too small. */
function settleUnassigned(cluster: number[], similarity: readonly number[], seedCount: number, minSize: number): void {
  for (let i = 0; i < cluster.length; i++) if (cluster[i]! >= 0 && similarity[i]! < MIN_SIMILARITY) cluster[i] = -1;
  const sizes = new Map<number, number>();
  for (const c of cluster) if (c >= seedCount) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  for (let i = 0; i < cluster.length; i++) {
    if (cluster[i]! >= seedCount && sizes.get(cluster[i]!)! < minSize) cluster[i] = -1;
  }
}

/** Numbers the themes 0..k-1 without gaps: seed themes keep theirs (even when empty), new themes close up. */
function renumber(cluster: number[], seedCount: number): { k: number; kept: number[] } {
  const used = new Set(cluster.filter((c) => c >= seedCount));
  const kept = [...Array.from({ length: seedCount }, (_, s) => s), ...[...used].sort((a, b) => a - b)];
  const to = new Map(kept.map((c, i) => [c, i]));
  for (let i = 0; i < cluster.length; i++) if (cluster[i]! >= 0) cluster[i] = to.get(cluster[i]!)!;
  return { k: kept.length, kept };
}

function nearestCentroid(v: SparseVector, centroids: readonly Float64Array[]): number {
  let best = -1;
  let bestSimilarity = 0;
  centroids.forEach((centroid, c) => {
    const s = dotSparseDense(v, centroid);
    if (s > bestSimilarity) {
      best = c;
      bestSimilarity = s;
    }
  });
  return best;
}

/**
 * The question's own words that add most to its similarity with the centre, as written in the question (concept
 * terms are left out: staff check a match against the words of the question).
 */
function decidingTerms(v: SparseVector, centroid: Float64Array, space: VectorSpace, doc: TermDocument): string[] {
  const forms = new Map(doc.surfaces.map(({ stem, surface }) => [stem, surface]));
  return Array.from(v.indices, (index, t) => ({
    term: space.vocabulary[index]!,
    weight: v.values[t]! * centroid[index]!
  }))
    .filter((term) => term.weight > 0 && !isConcept(term.term))
    .sort((a, b) => b.weight - a.weight || byCodeUnit(a.term, b.term))
    .slice(0, DECIDING_TERMS)
    .map(({ term }) => forms.get(term) ?? term);
}

/**
 * Documents with equal vectors can never be told apart, so k may not exceed their number: the number of distinct
 * vectors, counted until `limit` is reached (usually after a few dozen vectors).
 */
function countDistinct(vectors: readonly SparseVector[], limit: number): number {
  const seen = new Set<string>();
  for (const v of vectors) {
    seen.add(`${v.indices.join()}|${v.values.join()}`);
    if (seen.size >= limit) break;
  }
  return seen.size;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const roundOrNull = (x: number | null): number | null => (x === null ? null : round(x));

/** Capitalises the first letter; Dutch capitalises the digraph "ij" as a whole ("IJsland"). */
function capitalise(text: string): string {
  return text.replace(/^(ij|.)/su, (first) => first.toUpperCase());
}
