import { createCompoundSplitter, DEFAULT_MIN_PART, type CompoundSplitter } from './compounds-nl.js';
import {
  pieceWords,
  type Clause,
  scanDutch,
  segmentDutch,
  type JoinedWord,
  type SegmentedWord,
  type WordFactory
} from './segment-dutch.js';
import { isStopword } from './stopwords-nl.js';
import { foldAccents, stemDutch } from './tokenize-dutch.js';
import { compileVocabulary, DEFAULT_VOCABULARY, type CompiledVocabulary, type Vocabulary } from './vocabulary.js';

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
   * Word, part and concept objects are frozen and shared between texts of one analysis.
   */
  surfaces: TermSurface[];
}

/** A distinct word (per surface, and per abbreviation or elliptical origin) with what analysis needs about it. */
interface WordInfo {
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
 * Everything cached during one analysis run: stems (natural's stemmer is the
 * slow part), word descriptions, compound splits and term objects, so that a
 * corpus of 100,000 questions shares one string and one object per distinct
 * term instead of allocating millions.
 */
class Lexicon implements WordFactory<WordInfo> {
  private readonly stems = new Map<string, string>();
  private readonly pieces = new Map<string, readonly WordInfo[]>();
  private readonly plain = new Map<string, WordInfo>();
  private readonly marked = new Map<string, WordInfo>();
  private readonly terms = new Map<string, WordInfo>();
  private readonly joinedInfos = new Map<string, WordInfo>();
  private readonly partTerms = new Map<string, TermSurface>();

  stem = (folded: string): string => {
    let stem = this.stems.get(folded);
    if (stem === undefined) {
      stem = stemDutch(folded);
      this.stems.set(folded, stem);
    }
    return stem;
  };

  /** Every distinct word seen so far, acronyms left out. */
  *words(): Iterable<string> {
    for (const info of this.plain.values()) if (!info.acronym) yield info.surface;
    for (const info of this.marked.values()) if (!info.acronym) yield info.surface;
  }

  piece(raw: string): readonly WordInfo[] {
    let infos = this.pieces.get(raw);
    if (infos === undefined) this.pieces.set(raw, (infos = pieceWords(raw).map((word) => this.info(word))));
    return infos;
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
      const shown = entry(key, joined.surface);
      info = {
        surface,
        folded,
        key,
        content,
        acronym,
        expanded: false,
        elliptical: false,
        joinedForm: true,
        entry: shown
      };
      this.joinedInfos.set(joined.surface, info);
    }
    return info;
  }

  private describe(surface: string, expanded: boolean, elliptical: boolean, term?: string): WordInfo {
    const folded = foldAccents(surface.toLowerCase());
    const key = term ?? this.stem(folded);
    const content = term !== undefined || (folded.length >= 2 && !DIGITS_ONLY.test(folded) && !isStopword(folded));
    const acronym = term !== undefined;
    return {
      surface,
      folded,
      key,
      content,
      expanded,
      elliptical,
      acronym,
      joinedForm: false,
      entry: entry(key, surface)
    };
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

  private partTerm(stem: string, surface: string): TermSurface {
    const id = `${stem}\u0000${surface}`;
    let term = this.partTerms.get(id);
    if (term === undefined) this.partTerms.set(id, (term = entry(stem, surface)));
    return term;
  }

  compiled(vocabulary: Vocabulary): CompiledVocabulary {
    let compiled = vocabularies.get(vocabulary);
    if (compiled === undefined) {
      // Keys depend only on the deterministic stemmer, so one compilation serves every run.
      compiled = compileVocabulary(vocabulary, (word) => this.info(word).key);
      vocabularies.set(vocabulary, compiled);
    }
    return compiled;
  }
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
  lexicon: Lexicon,
  bigrams: boolean | undefined,
  splitter: CompoundSplitter | null,
  vocabulary: Vocabulary | null | undefined
): Settings {
  const chosen = vocabulary === undefined ? DEFAULT_VOCABULARY : vocabulary;
  const compiled = chosen === null ? null : lexicon.compiled(chosen);
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
  const settings = settingsFor(lexicon, options.bigrams, options.compounds ?? null, options.vocabulary);
  return featurise(scanDutch(text, lexicon), lexicon, settings);
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
  const analysed = texts.map((text) => scanDutch(text, lexicon));
  const vocabulary = options.vocabulary === undefined ? DEFAULT_VOCABULARY : options.vocabulary;

  let splitter: CompoundSplitter | null = null;
  if (options.compounds ?? true) {
    const known = new Set(lexicon.words());
    for (const concept of vocabulary?.concepts ?? []) {
      for (const variant of concept.variants) {
        for (const clause of segmentDutch(variant)) {
          for (const word of clause.words) if (word.term === undefined) known.add(word.surface);
        }
      }
    }
    splitter = createCompoundSplitter(known, DEFAULT_MIN_PART, lexicon.stem);
  }

  const settings = settingsFor(lexicon, options.bigrams, splitter, vocabulary);
  return analysed.map((clauses) => featurise(clauses, lexicon, settings));
}

function featurise(clauses: readonly Clause<WordInfo>[], lexicon: Lexicon, settings: Settings): AnalyzedText {
  const terms: string[] = [];
  const surfaces: TermSurface[] = [];
  const found: number[] = [];
  for (const clause of clauses) {
    let previous: TermSurface | null = null;
    for (const info of clause.words) {
      lexicon.prepare(info, settings);
      if (!info.content) continue;
      const own = info.own!;
      terms.push(own.stem);
      surfaces.push(own);
      for (const part of info.partEntries!) {
        terms.push(part.stem);
        surfaces.push(part);
      }
      for (const concept of info.partConcepts!) if (!found.includes(concept)) found.push(concept);
      if (settings.bigrams && previous !== null) {
        // Bigrams are mostly distinct, so each gets its own (unshared) object.
        const bigram = { stem: `${previous.stem} ${own.stem}`, surface: `${previous.surface} ${own.surface}` };
        terms.push(bigram.stem);
        surfaces.push(bigram);
      }
      previous = own;
    }
    for (const joined of clause.joined) {
      const info = lexicon.joined(joined);
      lexicon.prepare(info, settings);
      if (!info.content) continue;
      terms.push(info.entry.stem);
      surfaces.push(info.entry);
      for (const concept of info.partConcepts!) if (!found.includes(concept)) found.push(concept);
    }
    if (settings.vocabulary !== null) matchPhrases(clause.words, found);
  }

  found.sort((a, b) => a - b);
  for (const concept of found) {
    const feature = settings.concepts[concept]!;
    terms.push(feature.stem);
    surfaces.push(feature);
  }
  const domains = new Set<TermSurface>();
  for (const concept of found) {
    const domain = settings.domains[concept];
    if (domain) domains.add(domain);
  }
  for (const domain of domains) {
    terms.push(domain.stem);
    surfaces.push(domain);
  }
  return { terms, surfaces };
}

/** Adds every concept one of whose variants occurs as consecutive word keys of the clause. */
function matchPhrases(words: readonly WordInfo[], found: number[]): void {
  for (let start = 0; start < words.length; start++) {
    const variants = words[start]!.phrases;
    if (variants === undefined) continue;
    for (const { keys, concept } of variants) {
      if (start + keys.length > words.length || found.includes(concept)) continue;
      let matches = true;
      for (let k = 1; k < keys.length && matches; k++) matches = words[start + k]!.key === keys[k];
      if (matches) found.push(concept);
    }
  }
}
