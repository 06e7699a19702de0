import { segmentDutch, type SegmentedWord } from './segment-dutch.js';
import { DUTCH_STOPWORDS } from './stopwords-nl.js';
import { foldAccents, stemDutch } from './tokenize-dutch.js';
import data from './vocabulary-nl.json' with { type: 'json' };

/** An education concept and the Dutch words and phrases that express it. */
export interface VocabularyConcept {
  /** Lowercase name, letters, digits and hyphens: "leren-leren"; the feature is "#" + concept. */
  readonly concept: string;
  /** Words or phrases ("begrijpend lezen"), matched on stems, so inflections match too. */
  readonly variants: readonly string[];
  /**
   * The wider area the concept belongs to ("taal" for lezen, spelling, woordenschat…); a text with the concept also
   * gets the feature "#@" + domain, so that questions on related concepts find each other.
   */
  readonly domain?: string;
}

export interface Vocabulary {
  readonly concepts: readonly VocabularyConcept[];
}

const CONCEPT_NAME = /^[\p{Ll}\p{N}]+(?:-[\p{Ll}\p{N}]+)*$/u;
const TOP_LEVEL_KEYS = new Set(['description', 'concepts']);
const CONCEPT_KEYS = new Set(['concept', 'domain', 'variants']);

/**
 * Validates a vocabulary in the shape of vocabulary-nl.json:
 * `{ "description"?: string, "concepts": [{ "concept": "evaluatie", "variants": ["toets", "examen", …] }] }`.
 * Concept names are unique, lowercase letters, digits and hyphens; every
 * variant is a non-empty string, unique within its concept, holding at least
 * one word that is not a Dutch function word, and a one-word variant must not
 * share its stem with a function word ("dans" would match "dan"). Throws an
 * Error naming the offending entry. The result is frozen.
 */
export function parseVocabulary(json: unknown): Vocabulary {
  if (!isRecord(json) || !Array.isArray(json.concepts)) {
    throw new Error('vocabulary: expected an object with a "concepts" array');
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.has(key)) throw new Error(`vocabulary: unknown key "${key}" (allowed: description, concepts)`);
  }
  if (json.description !== undefined && typeof json.description !== 'string') {
    throw new Error('vocabulary: "description" must be a string');
  }

  const firstIndex = new Map<string, number>();
  const segmented: VariantWords[] = [];
  const concepts = json.concepts.map((entry: unknown, index): VocabularyConcept => {
    const where = `vocabulary: concepts[${index}]`;
    if (!isRecord(entry)) throw new Error(`${where} must be an object with "concept" and "variants"`);
    for (const key of Object.keys(entry)) {
      if (!CONCEPT_KEYS.has(key)) {
        throw new Error(`${where}: unknown key "${key}" (allowed: concept, domain, variants)`);
      }
    }
    const { concept, variants, domain } = entry;
    if (typeof concept !== 'string' || !CONCEPT_NAME.test(concept)) {
      throw new Error(
        `${where}.concept must be lowercase letters, digits and single hyphens, got ${JSON.stringify(concept)}`
      );
    }
    const named = `${where} ("${concept}")`;
    if (domain !== undefined && (typeof domain !== 'string' || !CONCEPT_NAME.test(domain))) {
      throw new Error(
        `${named}.domain must be lowercase letters, digits and single hyphens, got ${JSON.stringify(domain)}`
      );
    }
    const earlier = firstIndex.get(concept);
    if (earlier !== undefined) throw new Error(`${named} repeats the concept of concepts[${earlier}]`);
    firstIndex.set(concept, index);
    if (!Array.isArray(variants) || variants.length === 0) {
      throw new Error(`${named}.variants must be a non-empty array of strings`);
    }
    const seen = new Map<string, number>();
    variants.forEach((variant: unknown, v) => {
      const at = `${named}.variants[${v}]`;
      if (typeof variant !== 'string' || variant.trim() === '') {
        throw new Error(`${at} must be a non-empty string, got ${JSON.stringify(variant)}`);
      }
      const repeated = seen.get(variant);
      if (repeated !== undefined) throw new Error(`${at} ("${variant}") repeats variants[${repeated}]`);
      seen.set(variant, v);
      const words = segmentDutch(variant).flatMap((clause) => clause.words);
      segmented.push({ concept: index, words });
      if (!words.some((word) => word.term !== undefined || !isFunctionWord(word))) {
        throw new Error(`${at} ("${variant}") has no word other than Dutch function words`);
      }
      const only = words.length === 1 && words[0]!.term === undefined ? words[0]! : undefined;
      const clash = only === undefined ? undefined : functionWordWithStem(stemDutch(foldAccents(only.surface)));
      if (clash !== undefined) {
        throw new Error(`${at} ("${variant}") has the stem of the function word "${clash}" and would match it`);
      }
    });
    const frozenVariants = Object.freeze([...(variants as string[])]);
    return Object.freeze(
      domain === undefined ? { concept, variants: frozenVariants } : { concept, domain, variants: frozenVariants }
    );
  });
  const vocabulary = Object.freeze({ concepts: Object.freeze(concepts) });
  segmentations.set(vocabulary, segmented);
  return vocabulary;
}

/** A variant as words, with the index of its concept. */
export interface VariantWords {
  concept: number;
  words: readonly SegmentedWord[];
}

const segmentations = new WeakMap<Vocabulary, readonly VariantWords[]>();

/** Every variant of the vocabulary as words, in vocabulary order; kept from validation when it was parsed. */
export function variantWords(vocabulary: Vocabulary): readonly VariantWords[] {
  let segmented = segmentations.get(vocabulary);
  if (segmented === undefined) {
    segmented = vocabulary.concepts.flatMap(({ variants }, concept) =>
      variants.map((variant) => ({ concept, words: segmentDutch(variant).flatMap((clause) => clause.words) }))
    );
    segmentations.set(vocabulary, segmented);
  }
  return segmented;
}

let functionWordStems: Map<string, string> | null = null;

/** The Dutch function word with this stem, if any ("dans" and "dan" share the stem "dan"). */
function functionWordWithStem(stem: string): string | undefined {
  if (functionWordStems === null) {
    functionWordStems = new Map();
    for (const word of [...DUTCH_STOPWORDS].sort().reverse()) functionWordStems.set(stemDutch(word), word);
  }
  return functionWordStems.get(stem);
}

function isFunctionWord(word: SegmentedWord): boolean {
  const folded = foldAccents(word.surface);
  return folded.length < 2 || DUTCH_STOPWORDS.has(folded);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * General Flemish education vocabulary (analysis/text/vocabulary-nl.json):
 * evaluation, reading, writing, mathematics, multilingualism, inclusion,
 * wellbeing, digital media, parents, policy and more. Staff may edit the JSON
 * file; it is validated here when the module loads.
 */
export const DEFAULT_VOCABULARY: Vocabulary = parseVocabulary(data);

/** A vocabulary ready for matching: every variant as a sequence of word keys (stems). */
export interface CompiledVocabulary {
  /** Feature names, "#" + concept, in vocabulary order. */
  features: readonly string[];
  /** Concept names, in vocabulary order. */
  names: readonly string[];
  /** Per concept (vocabulary order), its domain's feature "#@domain" and the domain's name, or null. */
  domains: readonly ({ feature: string; name: string } | null)[];
  /** Variants by their first key; each variant's keys and concept index. */
  byFirstKey: ReadonlyMap<string, readonly { keys: readonly string[]; concept: number }[]>;
  /** Concept indices of one-word variants, by key; also matched against compound parts. */
  byOneKey: ReadonlyMap<string, readonly number[]>;
}

/** Turns each variant into word keys with the same segmentation and `key` function as the analysed text. */
export function compileVocabulary(vocabulary: Vocabulary, key: (word: SegmentedWord) => string): CompiledVocabulary {
  const byFirstKey = new Map<string, { keys: string[]; concept: number }[]>();
  const byOneKey = new Map<string, number[]>();
  for (const { concept, words } of variantWords(vocabulary)) {
    const keys = words.map(key);
    if (keys.length === 0) continue;
    const list = byFirstKey.get(keys[0]!) ?? [];
    if (!list.some((known) => known.concept === concept && sameKeys(known.keys, keys))) list.push({ keys, concept });
    byFirstKey.set(keys[0]!, list);
    if (keys.length === 1) {
      const concepts = byOneKey.get(keys[0]!) ?? [];
      if (!concepts.includes(concept)) concepts.push(concept);
      byOneKey.set(keys[0]!, concepts);
    }
  }
  const names = vocabulary.concepts.map((c) => c.concept);
  const domains = vocabulary.concepts.map((c) => (c.domain ? { feature: `#@${c.domain}`, name: c.domain } : null));
  return { names, features: names.map((name) => `#${name}`), domains, byFirstKey, byOneKey };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
