import { DUTCH_STOPWORDS, isStopword } from './stopwords-nl.js';
import { foldAccents, stemDutch } from './tokenize-dutch.js';

/** One part of a split compound, as a slice of the accent-folded word. */
export interface CompoundPart {
  /** The part as it occurs in the word: "lees" in "leesmotivatie". */
  text: string;
  /** Where the part starts and ends in the word (end exclusive), so callers can cut the same slice from the surface. */
  start: number;
  end: number;
  /** The stem of the known word the part stands for: "lees" stands for "lezen", stem "lez". */
  stem: string;
  /** Whether that known word is a stopword ("school" in "schoolteam"); such parts carry no theme. */
  stopword: boolean;
}

export interface CompoundSplitter {
  /** Shortest part considered. */
  readonly minPart: number;
  /**
   * The parts of an accent-folded, lowercased word, or null when it cannot be
   * written as two or more known words (optionally joined by the linking
   * morphemes s, e or en). Among possible splits the one with the fewest
   * parts wins, then the one with the fewest linking morphemes, then the one
   * with the longest first part.
   */
  split(word: string): readonly CompoundPart[] | null;
  /** The stem a known word or compound head stands for ("lees" → stem of "lezen"), if known. */
  partStem(form: string): string | undefined;
}

export interface CompoundSplitterOptions {
  /** Shortest part considered; default 4, so "les" or "aan" never split a word. */
  minPart?: number;
}

export const DEFAULT_MIN_PART = 4;

/**
 * Particles and adverbs that begin many separable verbs and derivations
 * ("samenwerking", "terugkoppeling"); splitting those off gives nonsense, so
 * like Dutch function words they are never parts.
 */
const NOT_PARTS: ReadonlySet<string> = new Set(
  'achter binnen boven buiten heen langs neer rond samen terug verder voort vast weg'.split(' ')
);
const LINKERS = ['s', 'e', 'en'] as const;
const LETTERS_ONLY = /^\p{L}+$/u;
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

interface Entry {
  /** The known word this form stands for. */
  source: string;
  /** 0 for the known word itself, 1 for a derived root ("lees" from "lezen"). */
  rank: number;
}

/**
 * Builds a splitter for Dutch compounds from a set of known words (any case,
 * accents allowed), such as all words of a corpus. Besides the words
 * themselves it knows the forms in which verbs and plurals appear as the
 * first part of a compound: "rekenen" gives "reken", "lezen" gives "lees",
 * "schrijven" gives "schrijf", "leren" gives "leer", "vaardigheden" gives
 * "vaardigheid"; the last part may carry a plural ending ("vaardigheden").
 * Dutch function words and particles such as "aan", "onder" or "samen" are
 * never parts. The result depends only on the set of words, not on their
 * order.
 */
export function buildCompoundSplitter(
  knownWords: Iterable<string>,
  options: CompoundSplitterOptions = {}
): CompoundSplitter {
  const minPart = options.minPart ?? DEFAULT_MIN_PART;
  if (!Number.isInteger(minPart) || minPart < 2) throw new RangeError(`minPart must be an integer ≥ 2, got ${minPart}`);
  const known = new Map<string, Entry>();
  const add = (form: string, source: string, rank: number) => {
    if (form.length < minPart) return;
    const existing = known.get(form);
    // A total order on (rank, source), so the map depends only on the set of words.
    if (existing === undefined || rank < existing.rank || (rank === existing.rank && source < existing.source)) {
      known.set(form, { source, rank });
    }
  };
  for (const raw of knownWords) {
    const word = foldAccents(raw.normalize('NFKC').toLowerCase());
    if (word.length < minPart || !LETTERS_ONLY.test(word) || DUTCH_STOPWORDS.has(word) || NOT_PARTS.has(word)) continue;
    add(word, word, 0);
    for (const form of derivedForms(word)) add(form, word, 1);
  }

  // The first minPart letters of every form: most split points fail this one lookup.
  const prefixes = new Set<string>();
  for (const form of known.keys()) prefixes.add(form.slice(0, minPart));

  const stems = new Map<string, { stem: string; stopword: boolean }>();
  const describe = (entry: Entry) => {
    let described = stems.get(entry.source);
    if (described === undefined) {
      described = { stem: stemDutch(entry.source), stopword: isStopword(entry.source) };
      stems.set(entry.source, described);
    }
    return described;
  };
  /** The entry for word[start, end), letting the last part carry a plural or inflection ending. */
  const lookup = (word: string, start: number, end: number): Entry | undefined => {
    const form = word.slice(start, end);
    const entry = known.get(form);
    if (entry !== undefined || end !== word.length) return entry;
    for (const base of inflectionBases(form)) {
      const found = known.get(base);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const cache = new Map<string, readonly CompoundPart[] | null>();
  return {
    minPart,
    partStem(form) {
      const entry = known.get(form);
      return entry === undefined ? undefined : describe(entry).stem;
    },
    split(word) {
      let parts = cache.get(word);
      if (parts === undefined) {
        parts = splitWord(word, minPart, prefixes, lookup, describe);
        cache.set(word, parts);
      }
      return parts;
    }
  };
}

/**
 * Dynamic programme over split points, right to left: best[i] is the best
 * segmentation of word[i..] into known parts (fewest parts, then fewest
 * linking morphemes; longer first parts are tried first and kept on ties).
 * A position is only tried when some known form starts with its next
 * minPart letters, and a part is only looked up when the rest of the word
 * already splits, so most words cost one Set lookup per position.
 */
function splitWord(
  word: string,
  minPart: number,
  prefixes: ReadonlySet<string>,
  lookup: (word: string, start: number, end: number) => Entry | undefined,
  describe: (entry: Entry) => { stem: string; stopword: boolean }
): readonly CompoundPart[] | null {
  const length = word.length;
  if (length < 2 * minPart || !LETTERS_ONLY.test(word)) return null;
  const parts = new Int32Array(length + 1).fill(-1);
  const linkers = new Int32Array(length + 1);
  const partEnd = new Int32Array(length + 1);
  const nextStart = new Int32Array(length + 1);
  const entries: (Entry | undefined)[] = new Array(length + 1);
  parts[length] = 0;

  for (let start = length - minPart; start >= 0; start--) {
    if (!prefixes.has(word.slice(start, start + minPart))) continue;
    // The whole word is not a split of itself.
    const lastEnd = start === 0 ? length - minPart : length;
    for (let end = lastEnd; end >= start + minPart; end--) {
      // Only look a part up when the rest of the word is already known to split.
      if (!continues(word, parts, end)) continue;
      const entry = lookup(word, start, end);
      if (entry === undefined) continue;
      for (let l = -1; l < LINKERS.length; l++) {
        const linker = l === -1 ? '' : LINKERS[l]!;
        const next = end + linker.length;
        if (linker !== '' && (next >= length || !word.startsWith(linker, end))) continue;
        const rest = parts[next]!;
        if (rest < 0) continue;
        const count = rest + 1;
        const linked = linkers[next]! + (linker === '' ? 0 : 1);
        const current = parts[start]!;
        if (current < 0 || count < current || (count === current && linked < linkers[start]!)) {
          parts[start] = count;
          linkers[start] = linked;
          partEnd[start] = end;
          nextStart[start] = next;
          entries[start] = entry;
        }
      }
    }
  }
  if (parts[0]! < 2) return null;

  const result: CompoundPart[] = [];
  for (let start = 0; start < length; start = nextStart[start]!) {
    const end = partEnd[start]!;
    const { stem, stopword } = describe(entries[start]!);
    result.push({ text: word.slice(start, end), start, end, stem, stopword });
  }
  return result;
}

/** Whether a part ending at `end` can be followed by the rest of the word (directly or after a linking morpheme). */
function continues(word: string, parts: Int32Array, end: number): boolean {
  if (parts[end]! >= 0) return true;
  for (const linker of LINKERS) {
    const next = end + linker.length;
    if (next < word.length && parts[next]! >= 0 && word.startsWith(linker, end)) return true;
  }
  return false;
}

/**
 * Forms in which a known word appears as the first part of a compound: the
 * verb root of an infinitive (reken-en → reken, lez-en → lees, schrijv-en →
 * schrijf, zitt-en → zit, ler-en → leer), the singular of "-heden" plurals
 * and of plurals in -s after e, el or er ("methodes" → "methode"). Over-
 * generated forms ("rekeen") are harmless: they only split a word whose
 * other parts are known too.
 */
export function derivedForms(word: string): string[] {
  const forms: string[] = [];
  if (word.endsWith('heden')) forms.push(`${word.slice(0, -5)}heid`);
  if (word.endsWith('en') && word.length > 4) {
    const base = word.slice(0, -2);
    const last = base[base.length - 1]!;
    if (last === base[base.length - 2] && !VOWELS.has(last)) {
      forms.push(base.slice(0, -1));
    } else {
      const devoiced = last === 'z' ? `${base.slice(0, -1)}s` : last === 'v' ? `${base.slice(0, -1)}f` : base;
      forms.push(devoiced);
      // An open syllable spelled with one vowel is closed with two: lez-en → lees, spel-en → speel.
      const open = /(^|[^aeiouy])([aeou])([^aeiouyj])$/u.exec(devoiced);
      if (open !== null) forms.push(`${devoiced.slice(0, -1)}${open[2]}${open[3]}`);
    }
  }
  if (/(?:e|el|er)s$/u.test(word)) forms.push(word.slice(0, -1));
  return forms;
}

/** Candidate dictionary forms of an inflected last part: "vaardigheden" → "vaardigheid", "toetsen" → "toets". */
function inflectionBases(form: string): string[] {
  const bases: string[] = [];
  if (form.endsWith('heden')) bases.push(`${form.slice(0, -5)}heid`);
  if (form.endsWith('en')) {
    const base = form.slice(0, -2);
    bases.push(base);
    if (base.length > 1 && base[base.length - 1] === base[base.length - 2]) bases.push(base.slice(0, -1));
  }
  if (form.endsWith('s') || form.endsWith('e')) bases.push(form.slice(0, -1));
  return bases;
}
