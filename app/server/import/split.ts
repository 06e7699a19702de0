import { plain } from './personal.js';

/** A list marker opening a line: a bullet, "1." / "1)", "a)" / "(a)". A letter and a full stop is none ("o.a."). */
const LINE_MARKER = /^\s*(?:[-*+•–—◦▪]|\d{1,2}[.)]|\(?[a-z]\)|\(\d{1,2}\))\s+/i;
/** Numbers or letters enumerating inside a line: "1) lezen 2) rekenen", "a) … b) …". */
const INLINE_MARKER = /(?<=^|\s)(?:(\d{1,2})([.)])|([a-z])\))(?=\s)/gi;

/** Opening words of a question, Dutch and English; also verb-first questions typed without a question mark. */
const QUESTION_WORDS = [
  ...['hoe', 'wat', 'welke?', 'waarom', 'wanneer', 'wie', 'waar\\w*', 'hoeveel', 'in hoeverre'],
  ...['is', 'zijn', 'kan', 'kun', 'kunnen', 'moet', 'moeten', 'mag', 'mogen', 'bestaat', 'bestaan', 'werkt', 'werken'],
  ...['heeft', 'hebben', 'zou', 'zouden', 'helpt', 'helpen', 'wordt', 'worden', 'leidt', 'leiden'],
  ...['how', 'what', 'which', 'why', 'when', 'who', 'where', 'are', 'can', 'could', 'should', 'does', 'do']
];
const QUESTION_START = new RegExp(`^(${QUESTION_WORDS.join('|')})\\b`);
/** Words that state a need without asking: "Nood aan korte samenvattingen", "Graag voorbeelden uit Vlaamse scholen". */
const NEED_PHRASES = [
  ...['nood', 'behoefte', 'graag', 'tips?', 'info', 'informatie', 'materiaal', 'ondersteuning', 'hulp', 'onderzoek'],
  ...['advies', 'voorbeelden', 'handvatten', 'ideeen', 'vraag me af', 'vragen ons af', 'zoek', 'zoeken'],
  ...['wil(len)? weten', 'need', 'looking for']
];
const NEED_WORDS = new RegExp(`\\b(${NEED_PHRASES.join('|')})\\b`);

/** Parts of fewer words are a fragment of their neighbour ("Lezen zakt; wat nu?"), not a need of their own. */
const MIN_WORDS = 3;

interface Piece {
  text: string;
  /** Opened by a list marker (removed from `text`). */
  marked: boolean;
}

interface Part {
  text: string;
  /** What joined it to the part before: a line break (read as a space) or a semicolon. */
  separator: ' ' | '; ';
}

/** Whitespace runs as one space, trimmed (a lone space is left alone, so most text is not copied). */
const fold = (text: string) => text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function isNeed(text: string): boolean {
  const value = plain(text);
  return value.includes('?') || QUESTION_START.test(value) || NEED_WORDS.test(value);
}

/**
 * The markers of an enumeration counting up from 1 (or a) within a line, if there are at least two and the list
 * opens the line or follows a colon or sentence end. "… dat 1) de klas te groot is en 2) …" is a sentence, not a list;
 * so is a line holding two enumerations.
 */
function enumeration(line: string): number[] {
  const positions: number[] = [];
  let kind = '';
  for (const match of line.matchAll(INLINE_MARKER)) {
    const [, digits, digitStyle, letter] = match;
    const value = digits ? Number(digits) : letter!.toLowerCase().charCodeAt(0) - 96;
    const style = digits ? digitStyle! : 'letter';
    if (value === 1) {
      if (positions.length >= 2) return [];
      positions.length = 0;
      kind = style;
      positions.push(match.index);
    } else if (positions.length > 0 && style === kind && value === positions.length + 1) {
      positions.push(match.index);
    }
  }
  const lead = line.slice(0, positions[0]).trim();
  return positions.length >= 2 && (lead === '' || /[:?!.]$/.test(lead)) ? positions : [];
}

/** A line as list items and plain text: inline bullets "• a • b" and enumerations "1) a 2) b" become items. */
function piecesOf(line: string): Piece[] {
  if ((line.match(/•/g)?.length ?? 0) >= 2) {
    return line
      .split('•')
      .map((text, i) => ({ text: text.trim(), marked: i > 0 }))
      .filter((p) => p.text !== '');
  }
  const starts = enumeration(line);
  if (starts.length > 0) {
    const lead = line.slice(0, starts[0]).trim();
    const items = starts.map((start, i) => ({
      text: line
        .slice(start, starts[i + 1])
        .replace(/^(?:\d{1,2}[.)]|[a-z]\))/i, '')
        .trim(),
      marked: true
    }));
    return lead ? [{ text: lead, marked: false }, ...items] : items;
  }
  const marker = LINE_MARKER.exec(line);
  return [{ text: marker ? line.slice(marker[0].length).trim() : line.trim(), marked: marker !== null }];
}

/** A lead-in up to this many words is repeated on every item; a longer one only on the first. */
const MAX_LEAD_WORDS = 15;

/**
 * Items of an explicit list, without the "," or ";" that closed them. Text before the first item is kept: as a need
 * of its own when it asks something, otherwise as a lead-in ("Nood aan info over: dyslexie"), so no words are lost.
 * Text after the last item stays with it.
 */
function listItems(pieces: readonly Piece[]): string[] {
  const intro: string[] = [];
  const items: string[][] = [];
  for (const piece of pieces) {
    if (piece.marked) items.push([piece.text]);
    else if (items.length === 0) intro.push(piece.text);
    else items[items.length - 1]!.push(piece.text);
  }
  const lead = fold(intro.join(' '));
  const texts = items.map((item) => fold(item.join(' ')).replace(/\s*[;,]$/, '')).filter((t) => t !== '');
  if (lead === '') return texts;
  if (isNeed(lead) && !lead.endsWith(':')) return [lead, ...texts];
  const everyItem = wordCount(lead) <= MAX_LEAD_WORDS;
  return texts.map((t, i) => (everyItem || i === 0 ? `${lead} ${t}` : t));
}

/** Semicolon-separated clauses of a line, leaving semicolons inside brackets and HTML entities (`&amp;`) alone. */
function clauses(line: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ';' && depth === 0 && !/&#?\w+$/.test(line.slice(start, i))) {
      found.push(line.slice(start, i));
      start = i + 1;
    }
  }
  found.push(line.slice(start));
  return found.map((c) => c.trim()).filter((c) => c !== '');
}

/** Lines of prose: a break inside a sentence (no end punctuation, next line in lower case) is a wrapped line. */
function proseLines(pieces: readonly Piece[]): string[] {
  const lines: string[] = [];
  for (const { text } of pieces) {
    const previous = lines[lines.length - 1];
    if (previous !== undefined && !/[.?!…:;]$/.test(previous) && /^\p{Ll}/u.test(text)) {
      lines[lines.length - 1] = `${previous} ${text}`;
    } else lines.push(text);
  }
  return lines;
}

/** Abbreviations whose full stop ends no sentence (compared without dots, lower case). */
const ABBREVIATIONS = new Set([
  ...'bv bijv vb oa nl enz etc ca max min resp evt mbt mav dwz ipv tov'.split(' '),
  ...'adhv zgn incl excl lln lk lkr dhr mevr dr nr blz p ed'.split(' ')
]);
const SENTENCE_END = /[.?!…]+["'”’)]*\s+(?=[\p{Lu}\d"'“‘(])/gu;

/** Where the last sentence of `text` starts (0 when it has one sentence). "bv. Frans" ends no sentence. */
function lastSentenceStart(text: string): number {
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const word = /([\p{L}.]+)$/u.exec(text.slice(0, match.index + 1))?.[1] ?? '';
    if (!ABBREVIATIONS.has(word.replace(/\./g, '').toLowerCase())) start = match.index + match[0].length;
  }
  return start;
}

function join(first: Part, second: Part): Part {
  return { text: first.text + second.separator + second.text, separator: first.separator };
}

/**
 * Prose split at line breaks and semicolons, but only when at least two parts state a need; a part that only
 * gives context ("Ik werk in het BuSO.") stays with the need after it (or, at the end, before it).
 */
function proseNeeds(pieces: readonly Piece[]): string[] {
  const parts: Part[] = [];
  for (const line of proseLines(pieces)) {
    clauses(line).forEach((text, i) => parts.push({ text, separator: i === 0 ? ' ' : '; ' }));
  }
  for (let i = 0; i < parts.length && parts.length > 1;) {
    if (wordCount(parts[i]!.text) >= MIN_WORDS) i++;
    else if (i > 0) parts.splice(i - 1, 2, join(parts[i - 1]!, parts[i]!));
    else parts.splice(0, 2, join(parts[0]!, parts[1]!));
  }
  const whole = [fold(pieces.map((p) => p.text).join(' '))];
  if (parts.filter((p) => isNeed(p.text)).length < 2) return whole;
  const needs: Part[] = [];
  let context: Part | null = null;
  for (const part of parts) {
    const withContext: Part = context ? join(context, part) : part;
    if (isNeed(part.text)) {
      needs.push(withContext);
      context = null;
    } else context = withContext;
  }
  if (context) needs.push(join(needs.pop()!, context));
  // A semicolon joins clauses of one sentence: context just before it belongs to the need after it.
  for (let i = 1; i < needs.length; i++) {
    const previous = needs[i - 1]!;
    const start = lastSentenceStart(previous.text);
    if (needs[i]!.separator !== '; ' || start === 0 || isNeed(previous.text.slice(start))) continue;
    needs[i - 1] = { ...previous, text: previous.text.slice(0, start) };
    needs[i] = { ...needs[i]!, text: previous.text.slice(start) + needs[i]!.separator + needs[i]!.text };
  }
  return needs.map((n) => fold(n.text));
}

/**
 * The needs in one cell: the items of a list (bullets, "1." / "1)" / "a)", inline "1) … 2) …" or "• … • …"),
 * or else the lines and semicolon clauses that each state a need. Parts are trimmed, whitespace folded and
 * markers removed. Sentences are never split (so "bv." or "o.a." cannot break a question), nor clauses of
 * fewer than three words. One need gives `[text]` (folded); blank text gives `[]`.
 */
export function splitNeeds(text: string): string[] {
  const lines = /[\r\n]/.test(text) ? text.split(/\r\n|\r|\n/) : [text];
  const pieces = lines.filter((line) => line.trim() !== '').flatMap(piecesOf);
  if (pieces.length === 0) return [];
  // One line without list items or clauses is one need: the common case, answered without the prose rules.
  if (pieces.length === 1 && !pieces[0]!.text.includes(';')) return [fold(pieces[0]!.text)];
  if (pieces.filter((p) => p.marked).length >= 2) return listItems(pieces);
  return proseNeeds(pieces);
}
