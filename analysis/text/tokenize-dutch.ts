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

const stemmer: typeof PorterStemmerNl & { suffixeRemoved?: boolean } = PorterStemmerNl;

/** Removes diacritics by canonical decomposition (NFD) and dropping combining marks: "remediëren" → "remedieren". */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(COMBINING_MARK, '');
}

/**
 * Snowball/Porter Dutch stem (natural's PorterStemmerNl) of a lowercased,
 * accent-folded word.
 */
export function stemDutch(folded: string): string {
  // natural's stemmer is one shared instance whose `suffixeRemoved` flag is
  // set by step 2 and never cleared, so without this reset the "-bar" rule
  // depends on which words were stemmed before (e.g. "cocktailbar").
  stemmer.suffixeRemoved = false;
  return stemmer.stem(folded) || folded;
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
