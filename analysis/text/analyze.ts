import { buildCompoundSplitter, type CompoundSplitter } from './compounds-nl.js';
import {
  pieceWords,
  scanDutch,
  type JoinedWord,
  type SegmentedWord,
  type WordFactory,
  type WordSink
} from './segment-dutch.js';
import { isStopword } from './stopwords-nl.js';
import { foldAccents, stemDutch } from './tokenize-dutch.js';
import {
  compileVocabulary,
  DEFAULT_VOCABULARY,
  variantWords,
  type CompiledVocabulary,
  type Vocabulary
} from './vocabulary.js';

export {
  buildCompoundSplitter,
  type CompoundPart,
  type CompoundSplitter,
  type CompoundSplitterOptions
} from './compounds-nl.js';
export { DEFAULT_VOCABULARY, parseVocabulary, type Vocabulary, type VocabularyConcept } from './vocabulary.js';

export interface AnalyzeOptions {
  /** Add "stemA stemB" for adjacent content words of a clause (after stopword removal); default true. */
  bigrams?: boolean;
  /** Add the stems of a compound's known parts; default none. */
  compounds?: CompoundSplitter | null;
  /** Add "#concept" for every concept with a variant in the text; default {@link DEFAULT_VOCABULARY}, null for none. */
  vocabulary?: Vocabulary | null;
}

export interface CorpusOptions {
  /** As {@link AnalyzeOptions.bigrams}; default true. */
  bigrams?: boolean;
  /** Split compounds into words known from the corpus and the vocabulary; default true. */
  compounds?: boolean;
  /** As {@link AnalyzeOptions.vocabulary}. */
  vocabulary?: Vocabulary | null;
}

/** A term with a readable form: the word as written, "word word" for a bigram, the concept's name for "#concept". */
export interface TermSurface {
  readonly stem: string;
  readonly surface: string;
}

export interface AnalyzedText {
  /** The features, with repeats (a word used twice counts twice); concepts come last, each once. */
  terms: string[];
  /**
   * For each term, at the same index, its readable form (surfaces[i].stem === terms[i]).
   * Word, part, bigram and concept objects are frozen and shared between texts of one analysis.
   */
  surfaces: TermSurface[];
}

/** A distinct word (per surface, and per abbreviation or elliptical origin) with what analysis needs about it. */
interface WordInfo {
  /** Its place in the lexicon's list, so that scanned texts can be kept as numbers. */
  readonly id: number;
  readonly surface: string;
  readonly folded: string;
  /** Stem, or the fixed term of an acronym such as "STEM"; bigrams and vocabulary match on it. */
  readonly key: string;
  /** Not a stopword, number or one-letter word. */
  readonly content: boolean;
  /** From an abbreviation's written-out form: never split. */
  readonly expanded: boolean;
  /** Written "lees-" in "lees- en schrijfvaardigheid". */
  readonly elliptical: boolean;
  /** An acronym with a fixed term ("STEM"), not a Dutch word. */
  readonly acronym: boolean;
  readonly entry: TermSurface;
  /** Lazily, for the run's splitter: the content word's own entry (elliptical words take the compound form's stem). */
  own?: TermSurface;
  /** A hyphenated word's joined form ("sociaalemotionele"): a term, but not part of bigrams or phrases. */
  readonly joinedForm: boolean;
  /** Lazily: the entries of the compound parts that become terms. */
  partEntries?: readonly TermSurface[];
  /** Lazily: concepts with a one-word variant equal to a compound part (or to a joined form). */
  partConcepts?: readonly number[];
  /** Lazily: the vocabulary variants that start with this word. */
  phrases?: readonly { keys: readonly string[]; concept: number }[];
}

const DIGITS_ONLY = /^\p{N}+$/u;
const vocabularies = new WeakMap<Vocabulary, CompiledVocabulary>();
const NO_NUMBERS: readonly number[] = [];
const NO_ENTRIES: readonly TermSurface[] = [];

const entry = (stem: string, surface: string): TermSurface => Object.freeze({ stem, surface });

/**
 * Everything cached during one analysis run: word descriptions (by piece of
 * text and by word), compound splits and term objects, so that a corpus of
 * 100,000 questions shares one string and one object per distinct term
 * instead of allocating millions.
 */
class Lexicon implements WordFactory<WordInfo> {
  readonly infos: WordInfo[] = [];
  /** The pieces seen so far, their words and hashes; slots hold their positions + 1 (0 is empty). */
  private readonly pieceTexts: string[] = [];
  private readonly pieceInfos: (readonly WordInfo[])[] = [];
  private readonly pieceHashes: number[] = [];
  private slots = new Int32Array(1024);
  private readonly plain = new Map<string, WordInfo>();
  private readonly marked = new Map<string, WordInfo>();
  private readonly terms = new Map<string, WordInfo>();
  private readonly joinedInfos = new Map<string, WordInfo>();
  private readonly partTerms = new Map<string, TermSurface>();
  private readonly bigrams = new Map<TermSurface, Map<TermSurface, TermSurface>>();

  /** Every distinct word seen so far, acronyms left out. */
  *words(): Iterable<string> {
    for (const info of this.plain.values()) if (!info.acronym) yield info.surface;
    for (const info of this.marked.values()) if (!info.acronym) yield info.surface;
  }

  piece(text: string, start: number, end: number): readonly WordInfo[] {
    // FNV-1a over the characters, then open addressing: most words are found without being cut out of the text.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const length = end - start;
    let slot = hash & (this.slots.length - 1);
    for (let found = this.slots[slot]!; found !== 0; found = this.slots[slot]!) {
      const raw = this.pieceTexts[found - 1]!;
      if (raw.length === length && text.startsWith(raw, start)) return this.pieceInfos[found - 1]!;
      slot = (slot + 1) & (this.slots.length - 1);
    }
    const raw = text.slice(start, end);
    const infos = pieceWords(raw).map((word) => this.info(word));
    this.pieceTexts.push(raw);
    this.pieceInfos.push(infos);
    this.pieceHashes.push(hash);
    this.slots[slot] = this.pieceTexts.length;
    if (2 * this.pieceTexts.length > this.slots.length) this.growSlots();
    return infos;
  }

  private growSlots(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    this.pieceHashes.forEach((hash, j) => {
      let slot = hash & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = j + 1;
    });
  }

  elliptical(info: WordInfo): WordInfo {
    return info.acronym ? info : this.info({ surface: info.surface, expanded: info.expanded, elliptical: true });
  }

  info(word: SegmentedWord): WordInfo {
    if (word.term !== undefined) {
      let info = this.terms.get(word.term);
      if (info === undefined) {
        info = this.describe(word.surface, true, false, word.term);
        this.terms.set(word.term, info);
      }
      return info;
    }
    if (!word.expanded && !word.elliptical) {
      let info = this.plain.get(word.surface);
      if (info === undefined) this.plain.set(word.surface, (info = this.describe(word.surface, false, false)));
      return info;
    }
    const id = `${word.expanded ? 'x' : ''}${word.elliptical ? 'e' : ''}:${word.surface}`;
    let info = this.marked.get(id);
    if (info === undefined) this.marked.set(id, (info = this.describe(word.surface, word.expanded, word.elliptical)));
    return info;
  }

  /** The joined form of a hyphenated word, shown as written with its hyphens. */
  joined(joined: JoinedWord): WordInfo {
    let info = this.joinedInfos.get(joined.surface);
    if (info === undefined) {
      const { surface, folded, key, content, acronym } = this.info({
        surface: joined.word,
        expanded: false,
        elliptical: false
      });
      info = this.register({
        surface,
        folded,
        key,
        content,
        acronym,
        expanded: false,
        elliptical: false,
        joinedForm: true,
        entry: entry(key, joined.surface)
      });
      this.joinedInfos.set(joined.surface, info);
    }
    return info;
  }

  private describe(surface: string, expanded: boolean, elliptical: boolean, term?: string): WordInfo {
    const folded = foldAccents(surface.toLowerCase());
    const key = term ?? stemDutch(folded);
    const content = term !== undefined || (folded.length >= 2 && !DIGITS_ONLY.test(folded) && !isStopword(folded));
    const acronym = term !== undefined;
    return this.register({
      surface,
      folded,
      key,
      content,
      expanded,
      elliptical,
      acronym,
      joinedForm: false,
      entry: entry(key, surface)
    });
  }

  private register(info: Omit<WordInfo, 'id'>): WordInfo {
    // All fields present from the start, so every word object has the same shape.
    const registered: WordInfo = {
      id: this.infos.length,
      ...info,
      own: undefined,
      partEntries: undefined,
      partConcepts: undefined,
      phrases: undefined
    };
    this.infos.push(registered);
    return registered;
  }

  /** The word's own term, its compound parts and its vocabulary candidates, computed once per word and run. */
  prepare(info: WordInfo, settings: Settings): void {
    if (info.own !== undefined) return;
    const { splitter, vocabulary } = settings;
    const key = info.elliptical && splitter !== null ? (splitter.partStem(info.folded) ?? info.key) : info.key;
    info.own = key === info.key ? info.entry : entry(key, info.surface);
    info.phrases = info.joinedForm ? undefined : vocabulary?.byFirstKey.get(info.key);
    const parts = splitter === null || info.expanded || info.joinedForm ? null : splitter.split(info.folded);
    const stems = info.joinedForm ? [info.key] : (parts?.map((part) => part.stem) ?? []);
    const concepts = new Set(stems.flatMap((stem) => vocabulary?.byOneKey.get(stem) ?? []));
    info.partConcepts = concepts.size === 0 ? NO_NUMBERS : [...concepts];
    if (parts === null) {
      info.partEntries = NO_ENTRIES;
      return;
    }
    const sameLength = info.surface.length === info.folded.length;
    info.partEntries = parts
      .filter((part) => !part.stopword && part.stem !== key)
      .map((part) => this.partTerm(part.stem, sameLength ? info.surface.slice(part.start, part.end) : part.text));
  }

  /** The bigram of two adjacent words, one shared object per pair. */
  bigram(previous: TermSurface, own: TermSurface): TermSurface {
    let after = this.bigrams.get(previous);
    if (after === undefined) this.bigrams.set(previous, (after = new Map()));
    let bigram = after.get(own);
    if (bigram === undefined) {
      bigram = entry(`${previous.stem} ${own.stem}`, `${previous.surface} ${own.surface}`);
      after.set(own, bigram);
    }
    return bigram;
  }

  private partTerm(stem: string, surface: string): TermSurface {
    const id = `${stem}\u0000${surface}`;
    let term = this.partTerms.get(id);
    if (term === undefined) this.partTerms.set(id, (term = entry(stem, surface)));
    return term;
  }
}

/** A vocabulary with its variants as word keys, the same as {@link WordInfo.key} of those words in a text. */
function compiledVocabulary(vocabulary: Vocabulary): CompiledVocabulary {
  let compiled = vocabularies.get(vocabulary);
  if (compiled === undefined) {
    // Keys depend only on the deterministic stemmer, so one compilation serves every run.
    compiled = compileVocabulary(vocabulary, (word) => word.term ?? stemDutch(foldAccents(word.surface.toLowerCase())));
    vocabularies.set(vocabulary, compiled);
  }
  return compiled;
}

interface Settings {
  bigrams: boolean;
  splitter: CompoundSplitter | null;
  vocabulary: CompiledVocabulary | null;
  concepts: readonly TermSurface[];
  /** Per concept, the term of its domain, if it has one. */
  domains: readonly (TermSurface | null)[];
}

function settingsFor(
  bigrams: boolean | undefined,
  splitter: CompoundSplitter | null,
  vocabulary: Vocabulary | null | undefined
): Settings {
  const chosen = vocabulary === undefined ? DEFAULT_VOCABULARY : vocabulary;
  const compiled = chosen === null ? null : compiledVocabulary(chosen);
  return {
    bigrams: bigrams ?? true,
    splitter,
    vocabulary: compiled,
    concepts: compiled === null ? [] : compiled.features.map((feature, i) => entry(feature, compiled.names[i]!)),
    domains: compiled === null ? [] : compiled.domains.map((domain) => domain && entry(domain.feature, domain.name))
  };
}

/**
 * Features of one Dutch text for clustering. The text is NFKC-normalised,
 * lowercased and split into clauses and words ({@link segmentDutch}:
 * hyphens, apostrophes, abbreviations such as "SO" → "secundair onderwijs",
 * "lln" → "leerlingen"). Stopwords, numbers and one-letter words are
 * dropped; each remaining word gives its Porter stem (of the accent-folded
 * word), followed by the stems of its compound parts when a splitter is
 * given (parts that are stopwords are left out, as "school" in
 * "schoolteam"). Adjacent remaining words of one clause give a bigram
 * "stemA stemB"; a hyphenated word also gives its joined form ("e-mail" →
 * "email"). Vocabulary variants are matched on the stems of all words,
 * stopwords included, and on compound parts; each concept found adds
 * "#concept" once, after all other terms, and then each domain of those
 * concepts "#@domain" once.
 */
export function analyzeDutch(text: string, options: AnalyzeOptions = {}): AnalyzedText {
  const lexicon = new Lexicon();
  const scanned = new ScannedTexts(lexicon, text.length / 5);
  scanned.add(text);
  const settings = settingsFor(options.bigrams, options.compounds ?? null, options.vocabulary);
  return new Featuriser(lexicon, settings, scanned).text(0);
}

/**
 * {@link analyzeDutch} for a whole corpus, with a compound splitter built
 * from the words of the corpus and of the vocabulary (so "leesmotivatie" is
 * split when "lezen" and "motivatie" occur somewhere) and everything cached
 * across texts. The splitter depends on the set of words only, so each
 * text's result is independent of the order of the texts.
 */
export function analyzeCorpus(texts: readonly string[], options: CorpusOptions = {}): AnalyzedText[] {
  const lexicon = new Lexicon();
  // About one number per five characters (a word and its space, or a clause end), so the stream seldom grows.
  const scanned = new ScannedTexts(lexicon, texts.reduce((sum, text) => sum + text.length, 0) / 5);
  for (const text of texts) scanned.add(text);
  const vocabulary = options.vocabulary === undefined ? DEFAULT_VOCABULARY : options.vocabulary;

  let splitter: CompoundSplitter | null = null;
  if (options.compounds ?? true) {
    const known = new Set(lexicon.words());
    if (vocabulary !== null) {
      for (const { words } of variantWords(vocabulary)) {
        for (const word of words) if (word.term === undefined) known.add(word.surface);
      }
    }
    splitter = buildCompoundSplitter(known);
  }

  const featuriser = new Featuriser(lexicon, settingsFor(options.bigrams, splitter, vocabulary), scanned);
  return texts.map((_, t) => featuriser.text(t));
}

/**
 * Scanned texts kept as one stream of numbers rather than as objects, since the features can only be made once all
 * texts are scanned (the compound splitter needs every word): per clause the numbers of its words in the lexicon,
 * then -2 - j for its hyphenated words (the j-th distinct one), then -1.
 */
class ScannedTexts implements WordSink<WordInfo> {
  stream: Int32Array;
  length = 0;
  /** Where each text's stretch of the stream starts; the last entry is the end. */
  readonly starts: number[] = [0];
  readonly joinedWords: JoinedWord[] = [];
  private readonly joinedIds = new Map<string, number>();
  private readonly pending: number[] = [];

  constructor(
    private readonly lexicon: Lexicon,
    expected: number
  ) {
    this.stream = new Int32Array(Math.max(64, Math.ceil(expected)));
  }

  add(text: string): void {
    scanDutch(text, this.lexicon, this);
    this.starts.push(this.length);
  }

  word(word: WordInfo): void {
    this.push(word.id);
  }

  joined(joined: JoinedWord): void {
    // Only numbered here: its word joins the lexicon when featurised, after the splitter has been built.
    let id = this.joinedIds.get(joined.surface);
    if (id === undefined) {
      id = this.joinedWords.length;
      this.joinedIds.set(joined.surface, id);
      this.joinedWords.push(joined);
    }
    this.pending.push(-2 - id);
  }

  endClause(): void {
    for (const joined of this.pending) this.push(joined);
    this.pending.length = 0;
    this.push(-1);
  }

  private push(value: number): void {
    if (this.length === this.stream.length) {
      const grown = new Int32Array(2 * this.length);
      grown.set(this.stream);
      this.stream = grown;
    }
    this.stream[this.length++] = value;
  }
}

/** The features of scanned texts, text by text (see {@link analyzeDutch}). */
class Featuriser {
  private readonly joinedInfos: WordInfo[] = [];
  /** Reused for every text, then copied to an array of the exact length. */
  private readonly features: TermSurface[] = [];

  constructor(
    private readonly lexicon: Lexicon,
    private readonly settings: Settings,
    private readonly scanned: ScannedTexts
  ) {}

  text(t: number): AnalyzedText {
    const { lexicon, settings, features } = this;
    const { stream, starts } = this.scanned;
    const { infos } = lexicon;
    const found: number[] = [];
    let count = 0;
    for (let p = starts[t]!; p < starts[t + 1]!; p++) {
      const start = p;
      let previous: TermSurface | null = null;
      for (; stream[p]! >= 0; p++) {
        const info = infos[stream[p]!]!;
        lexicon.prepare(info, settings);
        if (!info.content) continue;
        const own = info.own!;
        features[count++] = own;
        for (const part of info.partEntries!) features[count++] = part;
        for (const concept of info.partConcepts!) if (!found.includes(concept)) found.push(concept);
        if (settings.bigrams && previous !== null) features[count++] = lexicon.bigram(previous, own);
        previous = own;
      }
      const end = p;
      for (; stream[p]! <= -2; p++) {
        const j = -2 - stream[p]!;
        const info = (this.joinedInfos[j] ??= lexicon.joined(this.scanned.joinedWords[j]!));
        lexicon.prepare(info, settings);
        if (!info.content) continue;
        features[count++] = info.entry;
        for (const concept of info.partConcepts!) if (!found.includes(concept)) found.push(concept);
      }
      if (settings.vocabulary !== null) matchPhrases(stream, start, end, infos, found);
    }

    found.sort((a, b) => a - b);
    for (const concept of found) features[count++] = settings.concepts[concept]!;
    const domains = new Set<TermSurface>();
    for (const concept of found) {
      const domain = settings.domains[concept];
      if (domain) domains.add(domain);
    }
    for (const domain of domains) features[count++] = domain;
    const surfaces = features.slice(0, count);
    return { terms: surfaces.map((feature) => feature.stem), surfaces };
  }
}

/** Adds every concept one of whose variants occurs as consecutive word keys of a clause (stream[start..end)). */
function matchPhrases(
  stream: Int32Array,
  start: number,
  end: number,
  infos: readonly WordInfo[],
  found: number[]
): void {
  for (let s = start; s < end; s++) {
    const variants = infos[stream[s]!]!.phrases;
    if (variants === undefined) continue;
    for (const { keys, concept } of variants) {
      if (s + keys.length > end || found.includes(concept)) continue;
      let matches = true;
      for (let k = 1; k < keys.length && matches; k++) matches = infos[stream[s + k]!]!.key === keys[k];
      if (matches) found.push(concept);
    }
  }
}
