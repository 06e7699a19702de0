import {
  CASE_INSENSITIVE_ABBREVIATIONS,
  CASE_SENSITIVE_ABBREVIATIONS,
  DOTTED_ABBREVIATIONS,
  ORDINALS,
  type Abbreviation
} from './abbreviations-nl.js';

/** One word of a clause, before stopword removal. */
export interface SegmentedWord {
  /** NFKC, lowercased, accents kept. */
  surface: string;
  /** Comes from an abbreviation's written-out form; such words are never split as compounds. */
  expanded: boolean;
  /** Fixed term used instead of the stem (acronyms such as "STEM"). */
  term?: string;
  /** Written with an elliptical hyphen, as "lees-" in "lees- en schrijfvaardigheid". */
  elliptical: boolean;
}

/** A hyphenated word written as one: "sociaal-emotionele" → "sociaalemotionele". */
export interface JoinedWord {
  /** The hyphenated word as written (NFKC, lowercased). */
  surface: string;
  /** The parts without hyphens. */
  word: string;
}

/** A stretch of text between punctuation marks; bigrams never cross clauses. */
export interface Clause {
  words: SegmentedWord[];
  joined: readonly JoinedWord[];
}

/** Turns the pieces of words into word objects; lets a caller cache them per piece. */
export interface WordFactory<W> {
  /**
   * The words the piece text[start, end) stands for (as written, case kept; never empty): itself, lowercased, or an
   * abbreviation's words. Given as a stretch of its text, so that a cache can find it without cutting it out.
   */
  piece(text: string, start: number, end: number): readonly W[];
  /** The same word marked as an elliptical first part. */
  elliptical(word: W): W;
}

/** Receives a text's words as they are found, clause by clause. */
export interface WordSink<W> {
  word(word: W): void;
  joined(joined: JoinedWord): void;
  /** Ends a clause that had words or joined words. */
  endClause(): void;
}

// Character classes, as bit flags, looked up per UTF-16 code unit.
const WORD = 1; // \p{L}, \p{M} or \p{N}
const LETTER = 2; // \p{L}
const DIGIT = 4; // \p{N}
const SPACE = 8; // whitespace other than line breaks
const LINE_BREAK = 16;
const BOUNDARY = 32; // punctuation that ends a clause
const HYPHEN = 64; // joins word parts ("-", U+2010); standing alone it ends a clause
const APOSTROPHE = 128; // ' ’ ‘ inside or before a word

// Quotes, slashes, "&", "+" and symbols do not end a clause: "lezen/schrijven" is "lezen en schrijven".
const BOUNDARY_CHARS = '.,;:!?()[]{}…•·|=<>‑‒–—―';
const TABLE_SIZE = 0x2500;
const UNKNOWN = 0xff;
const table = new Uint8Array(TABLE_SIZE).fill(UNKNOWN);

function classifyCodePoint(char: string): number {
  let flags = 0;
  if (/[\p{L}\p{M}\p{N}]/u.test(char)) flags |= WORD;
  if (/\p{L}/u.test(char)) flags |= LETTER;
  if (/\p{N}/u.test(char)) flags |= DIGIT;
  if (/[\r\n\u2028\u2029\v\f]/u.test(char)) flags |= LINE_BREAK;
  else if (/\s/u.test(char)) flags |= SPACE;
  if (BOUNDARY_CHARS.includes(char)) flags |= BOUNDARY;
  if (char === '-' || char === '\u2010') flags |= HYPHEN | BOUNDARY;
  if (char === "'" || char === '’' || char === '‘') flags |= APOSTROPHE;
  return flags;
}

/** Flags of the character at `index`: from a table for Latin, Greek, Cyrillic and punctuation, else by regex. */
function classAt(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  if (code < TABLE_SIZE) {
    // Filled as characters turn up: a text uses a few dozen of the table's 9,472.
    const flags = table[code]!;
    return flags !== UNKNOWN ? flags : (table[code] = classifyCodePoint(String.fromCharCode(code)));
  }
  return classifyCodePoint(String.fromCodePoint(text.codePointAt(index)!));
}

/** UTF-16 length of the character at `index`. */
const charLength = (text: string, index: number): number => (text.codePointAt(index)! > 0xffff ? 2 : 1);

// Local aliases: module namespace imports are getters under some loaders, and these are read per word.
const CASE_SENSITIVE = CASE_SENSITIVE_ABBREVIATIONS;
const CASE_INSENSITIVE = CASE_INSENSITIVE_ABBREVIATIONS;
const DOTTED = DOTTED_ABBREVIATIONS;
const LETTERS = /^\p{L}[\p{L}\p{M}]*$/u;
const ORDINAL = /^(\d{1,2})(?:e|de|ste)$/u;

/** The words one piece of a word stands for: its abbreviation's written-out words, an ordinal's word, or itself. */
export function pieceWords(raw: string): SegmentedWord[] {
  const words: SegmentedWord[] = [];
  addPiece(raw, words);
  return words;
}

const plainWords: WordFactory<SegmentedWord> = {
  piece: (text, start, end) => pieceWords(text.slice(start, end)),
  elliptical: (word) => ({ ...word, elliptical: true })
};

/**
 * Splits NFKC-normalised Dutch text into clauses of words, lowercased with
 * accents kept. Clauses end at sentence and clause punctuation (. , ; : ! ?
 * brackets, dashes standing alone, line breaks); quotes, slashes, "&" and "+"
 * do not end a clause. Within a word:
 *
 * - hyphens separate parts ("sociaal-emotionele" → "sociaal", "emotionele"),
 *   and the joined form is reported separately so that "e-mail" can match
 *   "email"; a trailing hyphen marks an elliptical first part ("lees-");
 * - an apostrophe ends the word: "auto's", "foto's" → "auto", "foto" (the
 *   plural or genitive s, so they match the singular), "ICT'ers" → "ict",
 *   "zo'n" → "zo"; a leading clitic ("'s avonds", "'t") is kept as a
 *   one-letter word that is later dropped;
 * - abbreviations are replaced by their written-out words (see
 *   abbreviations-nl.ts); letter-dot abbreviations ("m.b.t.", "S.O.") are
 *   read without their dots, and the stop after "bv." or "bijv." does not
 *   end the clause;
 * - digit ordinals become words ("3de" → "derde"); decimal numbers and
 *   times ("2,5", "10:30") are skipped without ending the clause; other
 *   numbers are kept as words of digits.
 */
export function segmentDutch(text: string): Clause[] {
  const clauses: Clause[] = [];
  let words: SegmentedWord[] = [];
  let joined: JoinedWord[] = [];
  scanDutch(text, plainWords, {
    word: (word) => words.push(word),
    joined: (word) => joined.push(word),
    endClause: () => {
      clauses.push({ words, joined });
      words = [];
      joined = [];
    }
  });
  return clauses;
}

/** {@link segmentDutch} with caller-made word objects, handed to `sink` as they are found. */
export function scanDutch<W>(text: string, factory: WordFactory<W>, sink: WordSink<W>): void {
  const s = text.normalize('NFKC');
  let open = false;
  let i = 0;
  while (i < s.length) {
    const flags = classAt(s, i);
    if (flags & SPACE) {
      i++;
      continue;
    }
    if (flags & DIGIT) {
      const end = numberEnd(s, i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (flags & LETTER) {
      const end = dottedEnd(s, i);
      if (end > 0) {
        const letters = s.slice(i, end).replaceAll('.', '');
        for (const word of factory.piece(letters, 0, letters.length)) sink.word(word);
        open = true;
        i = end;
        continue;
      }
    }
    if (flags & WORD || (flags & APOSTROPHE && classAt(s, i + 1) & WORD)) {
      const start = i;
      i = wordEnd(s, start);
      let single: string | null = null;
      if (joinsParts(s, start, i)) {
        single = addWord(s.slice(start, i), factory, sink);
      } else {
        for (const word of factory.piece(s, start, i)) sink.word(word);
        if (s[i] === '.') single = s.slice(start, i);
      }
      open = true;
      if (single !== null && s[i] === '.' && DOTTED.has(single.toLowerCase())) i++;
      continue;
    }
    if (flags & (LINE_BREAK | BOUNDARY) && open) {
      sink.endClause();
      open = false;
    }
    i += charLength(s, i);
  }
  if (open) sink.endClause();
}

/** End of a decimal number or time ("2,5", "3.5", "10:30") starting at `start`, or 0 when there is none. */
function numberEnd(s: string, start: number): number {
  let i = start;
  while (classAt(s, i) & DIGIT) i += charLength(s, i);
  let end = 0;
  while ((s[i] === '.' || s[i] === ',' || s[i] === ':') && classAt(s, i + 1) & DIGIT) {
    i++;
    while (classAt(s, i) & DIGIT) i += charLength(s, i);
    end = i;
  }
  return end;
}

/** End of single letters joined by dots ("m.b.t.", "S.O"), optionally with a final dot, or 0. */
function dottedEnd(s: string, start: number): number {
  let i = start + charLength(s, start);
  let pairs = 0;
  while (s[i] === '.' && classAt(s, i + 1) & LETTER && !(classAt(s, i + 1 + charLength(s, i + 1)) & WORD)) {
    i += 1 + charLength(s, i + 1);
    pairs++;
  }
  if (pairs === 0) return 0;
  if (s[i] === '.') i++;
  return classAt(s, i) & WORD ? 0 : i;
}

/**
 * End of a word starting at `start`: an optional leading apostrophe, word
 * characters, further parts after an inner hyphen or apostrophe, and an
 * optional trailing (elliptical) hyphen.
 */
function wordEnd(s: string, start: number): number {
  let i = start;
  if (classAt(s, i) & APOSTROPHE) i++;
  while (classAt(s, i) & WORD) i += charLength(s, i);
  for (;;) {
    const flags = classAt(s, i);
    if (flags & (HYPHEN | APOSTROPHE) && s[i] !== '‘' && classAt(s, i + 1) & WORD) {
      i++;
      while (classAt(s, i) & WORD) i += charLength(s, i);
    } else {
      if (flags & HYPHEN) i++;
      return i;
    }
  }
}

/** Whether s[start, end) holds a hyphen or an apostrophe, which make a word of several pieces. */
function joinsParts(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (classAt(s, i) & (HYPHEN | APOSTROPHE)) return true;
  return false;
}

/**
 * Hands the words (and joined form) of a word with hyphens or apostrophes to the sink; returns the piece when the
 * word had exactly one part, for the abbreviation stop. Every piece starts with a letter or digit, so each gives at
 * least one word.
 */
function addWord<W>(raw: string, factory: WordFactory<W>, sink: WordSink<W>): string | null {
  let body = classAt(raw, 0) & APOSTROPHE ? raw.slice(1) : raw;
  const elliptical = (classAt(body, body.length - 1) & HYPHEN) !== 0;
  if (elliptical) body = body.slice(0, -1);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && !(classAt(body, i) & HYPHEN)) continue;
    let end = start;
    while (end < i && !(classAt(body, end) & APOSTROPHE)) end++;
    pieces.push(body.slice(start, end));
    start = i + 1;
  }

  pieces.forEach((piece, p) => {
    const words = factory.piece(piece, 0, piece.length);
    words.forEach((word, w) => {
      const last = p === pieces.length - 1 && w === words.length - 1;
      sink.word(elliptical && last ? factory.elliptical(word) : word);
    });
  });
  if (pieces.length > 1 && pieces.every((piece) => LETTERS.test(piece) && abbreviationOf(piece) === undefined)) {
    sink.joined({ surface: pieces.join('-').toLowerCase(), word: pieces.join('').toLowerCase() });
  }
  return pieces.length === 1 ? pieces[0]! : null;
}

function abbreviationOf(piece: string, lower = piece.toLowerCase()): Abbreviation | undefined {
  return (lower === piece ? undefined : CASE_SENSITIVE.get(piece)) ?? CASE_INSENSITIVE.get(lower);
}

function addPiece(piece: string, words: SegmentedWord[]): void {
  const lower = piece.toLowerCase();
  const abbreviation = abbreviationOf(piece, lower);
  if (abbreviation === undefined) {
    const ordinal = lower.charCodeAt(0) <= 0x39 ? ORDINAL.exec(lower) : null;
    const surface = ordinal === null ? lower : (ORDINALS[Number(ordinal[1])] ?? lower);
    words.push({ surface, expanded: false, elliptical: false });
  } else if (abbreviation.term !== undefined) {
    words.push({ surface: abbreviation.words, expanded: true, term: abbreviation.term, elliptical: false });
  } else {
    for (const surface of abbreviation.words.toLowerCase().split(' ')) {
      words.push({ surface, expanded: true, elliptical: false });
    }
  }
}
