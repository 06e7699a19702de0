// Imported from natural's stemmer folder instead of the package root: the
// root module also loads natural's storage back-ends, which run
// `dotenv.config()` (reading ./.env into process.env and printing to stdout)
// and pull in mongoose, redis and pg, costing most of a second.
import { PorterStemmerNl } from 'natural/lib/natural/stemmers/index.js';
import { isStopword } from './stopwords-nl.js';

export interface Token {
  /** Porter stem of the accent-folded word; the unit TF-IDF counts. */
  stem: string;
  /** The word as written (NFKC, lowercased, accents kept), for display. */
  surface: string;
}

const SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;
const COMBINING_MARK = /\p{M}/gu;
const DIGITS_ONLY = /^\p{N}+$/u;

const ACCENTED = /[äëïöüáéíóú]/;

type DutchStemmer = typeof PorterStemmerNl & {
  suffixeRemoved?: boolean;
  replaceAccentedCharacters(word: string): string;
};
const natural = PorterStemmerNl as DutchStemmer;

// natural's stemmer first rewrites accented letters with ten new regular expressions per word, most of its time;
// on a word without such letters (every accent-folded word) that pass changes nothing and is skipped.
const stemmer: DutchStemmer = Object.create(natural, {
  replaceAccentedCharacters: {
    value: (word: string) => (ACCENTED.test(word) ? natural.replaceAccentedCharacters(word) : word)
  }
});

/** Removes diacritics by canonical decomposition (NFD) and dropping combining marks: "remediëren" → "remedieren". */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(COMBINING_MARK, '');
}

/** Stems already computed: Dutch text repeats its words, and the stemmer costs microseconds a word. */
const stems = new Map<string, string>();
/** Past this many the cache starts over, so a long-running process does not keep every word it ever saw. */
const MAX_CACHED_STEMS = 200_000;

/**
 * Snowball/Porter Dutch stem (natural's PorterStemmerNl) of a lowercased,
 * accent-folded word.
 */
export function stemDutch(folded: string): string {
  let stem = stems.get(folded);
  if (stem === undefined) {
    // natural's stemmer is one shared instance whose `suffixeRemoved` flag is
    // set by step 2 and never cleared, so without this reset the "-bar" rule
    // depends on which words were stemmed before (e.g. "cocktailbar").
    stemmer.suffixeRemoved = false;
    stem = stemmer.stem(folded) || folded;
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(folded, stem);
  }
  return stem;
}

/**
 * Splits Dutch text into theme-bearing tokens: NFKC-normalised, lowercased,
 * split on everything that is not a letter or digit (so "sociaal-emotioneel"
 * gives two words), without words shorter than two characters, pure numbers,
 * Dutch function words and domain words such as "leerlingen".
 */
export function tokenizeDutch(text: string): Token[] {
  const tokens: Token[] = [];
  for (const surface of text.normalize('NFKC').toLowerCase().split(SEPARATOR)) {
    const folded = foldAccents(surface);
    if (folded.length < 2 || DIGITS_ONLY.test(folded) || isStopword(folded)) continue;
    tokens.push({ stem: stemDutch(folded), surface });
  }
  return tokens;
}
