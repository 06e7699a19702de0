import type { AskerRole, ColumnRole, Level } from '../../../db/schema.js';
import { CONSENT_WORDS, headerWords, matchesHeader, personalColumnKind, plain, type Vocabulary } from './personal.js';
import type { Table } from './table.js';

export type { ColumnRole };

export interface Mapping {
  columns: { column: string; role: ColumnRole }[];
}

// ---- Levels ----

/** "Buitengewoon lager onderwijs" is buitengewoon, not lager: these phrases go before other levels are sought. */
const BUITENGEWOON =
  /\bbuitengewoon( (kleuter|lager|secundair)\w*)?( onderwijs)?|\bbu(so|bao|lo|ko)\b|\bspeciaal onderwijs/g;

const LEVEL_PATTERNS: [Exclude<Level, 'buitengewoon'>, RegExp][] = [
  ['kleuter', /\bkleuter|\bpreschool\b|\bkindergarten\b/],
  ['lager', /\blagere? (onderwijs|school|scholen)\b|\blagere\b|\bbasis(onderwijs|school|scholen)\b|\bprimai?r/],
  ['secundair', /\bsecundair|\bmiddelbare? (school|onderwijs)\b|\bsecondary\b|\bvoortgezet onderwijs\b/],
  ['volwassenen', /\bvolwassenen|\bcvo\b|\bbasiseducatie\b|\badult/],
  ['hoger', /\bhogere? onderwijs\b|\bhogeschool|\buniversiteit|\blerarenopleiding|\bhigher education\b/],
  ['meerdere', /\bmeerdere\b|\balle (onderwijs)?niveaus\b|\bniveauoverschrijdend/]
];

/** Words that name a level only when they stand alone ("Lager", "Hoger"): inside a sentence they mean lower/higher. */
const BARE_LEVELS: Partial<Record<string, Level>> = { lager: 'lager', hoger: 'hoger' };

/** The distinct levels a value or heading names; lists ("Kleuter- en lager onderwijs") are read part by part. */
function levelsNamedIn(text: string): Level[] {
  const found = new Set<Level>();
  for (const part of plain(text.replace(/-/g, ' ')).split(/\s*(?:[,;/+&|]|\ben\b|\band\b)\s*/)) {
    const bare = BARE_LEVELS[part.replace(/[^\p{L}]/gu, '')];
    if (bare) found.add(bare);
    const rest = part.replace(BUITENGEWOON, () => {
      found.add('buitengewoon');
      return ' ';
    });
    for (const [level, pattern] of LEVEL_PATTERNS) if (pattern.test(rest)) found.add(level);
  }
  return [...found];
}

/**
 * The education level a cell or heading names: "Kleuteronderwijs" → kleuter, "Lager onderwijs" or "basisonderwijs"
 * → lager, "Secundair onderwijs" → secundair, "BuSO" → buitengewoon; several → meerdere; none recognised → onbekend.
 * Basisonderwijs counts as lager (in Flanders it also covers kleuter; a cell naming kleuter too becomes meerdere).
 */
export function parseLevel(raw: string | null | undefined): Level {
  const levels = levelsNamedIn(raw ?? '');
  if (levels.includes('meerdere') || levels.length > 1) return 'meerdere';
  return levels[0] ?? 'onbekend';
}

// ---- Roles of the asker ----

/** The most specific role first: "docent lerarenopleiding" is a teacher educator, "zorgleerkracht" care staff. */
const ROLE_PATTERNS: [AskerRole, RegExp][] = [
  ['lerarenopleider', /\blerarenopleid|\bteacher educator/],
  ['CLB', /\bclb\b|\bcentrum voor leerlingenbegeleiding/],
  ['zorgcoördinator', /\bzorg ?(coordinator|co|leerkracht|leraar|juf|team)\b|\bzoco\b|\bleerlingen?begeleid/],
  ['pedagogisch begeleider', /\bpedagogisch(e)? (begeleid|advis)|\bpbd?\b/],
  ['directie', /\bdirect(eur|ie|rice)|\badjunct|\bschoolleid|\bprincipal\b|\bhead ?teacher\b/],
  ['ouder', /\bouders?\b|\bparents?\b/],
  [
    'leraar',
    /\bleraa?r|\blerares|\bleerkracht|\blkr?\b|\bonderwijzer|\bkleuterleid|\bdocent|\bteacher\b|\bjuf\b|\bmeester\b/
  ]
];

/**
 * The asker's role from a free-form answer: "Leraar", "leerkracht", "lkr" → leraar; "zoco" → zorgcoördinator;
 * "CLB-medewerker" → CLB; "adjunct-directeur" → directie; any other non-empty answer → anders; empty → null.
 */
export function parseAskerRole(raw: string | null | undefined): AskerRole | null {
  const value = plain((raw ?? '').replace(/-/g, ' '));
  if (value === '') return null;
  return ROLE_PATTERNS.find(([, pattern]) => pattern.test(value))?.[0] ?? 'anders';
}

// ---- Dates ----

/** Day before month (Belgian) or month before day (Google Forms in a US locale). */
export type DateOrder = 'dmy' | 'mdy';

// One run of spaces before am/pm or the zone, never two in a row: a value with a long run of spaces after the time
// would otherwise be tried at every way of splitting the run, quadratic time.
const TIME = String.raw`(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?\s*)?(?:z|[+-]\d{2}:?\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`, 'i');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`, 'i');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * A calendar date as YYYY-MM-DD, or null. Accepts ISO (`2023-10-17`, `2023-10-17T13:30:00Z`, `2023-10-17 13:30:00`),
 * `DD/MM/YYYY[ HH:MM[:SS]]`, `D-M-YYYY`, `D.M.YYYY` and Google Forms' `M/D/YYYY H:MM:SS`. The time is dropped.
 * When only one reading is a real date (a part above 12) that one is taken; when both are, `order` decides —
 * pass `dateOrder(column)` so one unambiguous value settles the whole column.
 */
export function parseDate(raw: string | null | undefined, order: DateOrder = 'dmy'): string | null {
  const value = raw?.trim() ?? '';
  const ymd = YEAR_FIRST.exec(value);
  if (ymd) return isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const numeric = YEAR_LAST.exec(value);
  if (!numeric) return null;
  const [first, second, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  const dayFirst = isoDate(year, second, first);
  const monthFirst = isoDate(year, first, second);
  if (dayFirst && monthFirst) return order === 'dmy' ? dayFirst : monthFirst;
  return dayFirst ?? monthFirst;
}

/**
 * The order of a column's dates: month first when some value only reads that way (second part > 12) and none
 * only reads day first; otherwise day first, the Belgian habit. So "3/4/2024" alone is 3 April,
 * but next to "1/18/2024" it is 4 March.
 */
export function dateOrder(values: readonly string[]): DateOrder {
  let monthFirst = false;
  for (const value of values) {
    const numeric = YEAR_LAST.exec(value.trim());
    if (!numeric) continue;
    const [first, second] = [Number(numeric[1]), Number(numeric[2])];
    if (first > 12 && second <= 12) return 'dmy';
    if (second > 12 && first <= 12) monthFirst = true;
  }
  return monthFirst ? 'mdy' : 'dmy';
}

// ---- Suggesting a mapping ----

const RESPONDENT_HEADER: Vocabulary = {
  core: ['id', 'uuid', 'inzendingsnummer', 'responseid', 'respondentid'],
  extra: ['respondent', 'response', 'submission', 'inzending', 'antwoord', 'antwort', 'record', 'index']
};
const DATE_HEADER: Vocabulary = {
  core: ['datum', 'date', 'timestamp', 'tijdstempel', 'tijdstip', 'time', 'submitted', 'zeitstempel', 'fecha'],
  extra: [
    ...['start', 'started', 'end', 'completion', 'submit', 'submission', 'recorded', 'last', 'action', 'utc'],
    ...['ingediend', 'ingevuld', 'verstuurd', 'ontvangen', 'aangemaakt', 'created']
  ]
};
const LEVEL_HEADER: Vocabulary = {
  core: ['onderwijsniveau', 'niveau', 'level', 'schoolniveau', 'onderwijsvorm'],
  extra: ['onderwijs', 'school', 'education', 'educational']
};
const ROLE_HEADER: Vocabulary = {
  core: ['functie', 'rol', 'role', 'beroep', 'job', 'position', 'funktion', 'fonction', 'funcion', 'hoedanigheid'],
  extra: ['title', 'huidige', 'current']
};
/** A header word that asks for the question itself ("Uw vraag", "Kennisvraag", "Question"). */
const TEXT_WORD = /^((kennis|onderzoeks)?vra(a)?g(en)?|vraagstelling|questions?|te?xt|tekst)$/;
/** …unless the header is about the question rather than its text ("Vraag ID", "Type vraag"). */
const NOT_TEXT_WORDS = [
  ...['id', 'nr', 'nummer', 'number', 'code', 'type', 'soort'],
  ...['categorie', 'category', 'datum', 'date']
];
/** Long, varied values that are not questions. */
const TECHNICAL_WORDS = ['agent', 'useragent', 'referer', 'referrer', 'url', 'uri', 'link'];

interface Suggestion {
  column: string;
  role: ColumnRole;
  /** Recognised by its header, which beats recognition by content. */
  named: boolean;
}

const share = (values: readonly string[], test: (value: string) => boolean) =>
  values.length === 0 ? 0 : values.filter(test).length / values.length;
const meanLength = (values: readonly string[]) =>
  values.length === 0 ? 0 : values.reduce((sum, v) => sum + v.length, 0) / values.length;
const distinctShare = (values: readonly string[]) => (values.length === 0 ? 0 : new Set(values).size / values.length);
function letterShare(values: readonly string[]): number {
  const text = values.join('').replace(/\s/g, '');
  return text.length === 0 ? 0 : (text.match(/\p{L}/gu)?.length ?? 0) / text.length;
}
const isDates = (values: readonly string[]) => share(values, (v) => parseDate(v) !== null) >= 0.8;

/** Content that is no question even under a question-like header: numbers, codes, dates, a few repeated choices. */
function notQuestions(values: readonly string[]): boolean {
  if (values.length === 0) return false;
  return letterShare(values) < 0.5 || isDates(values) || (values.length >= 5 && distinctShare(values) < 0.5);
}

/**
 * Free text: long (mean ≥ 25 characters), varied (≥ 70% distinct), mostly letters (≥ 60%),
 * and not dates, JSON or links. Short answers ("Psych", "Yes") and choice lists fall out.
 */
function isFreeText(values: readonly string[]): boolean {
  return (
    meanLength(values) >= 25 &&
    distinctShare(values) >= 0.7 &&
    letterShare(values) >= 0.6 &&
    !isDates(values) &&
    share(values, (v) => /^[[{]|^https?:\/\//i.test(v)) < 0.5
  );
}

/** Choices are short: a level or role list, not a sentence that happens to mention one. */
const isShort = (values: readonly string[]) => meanLength(values) <= 40;

function classify(column: string, cells: readonly string[]): Suggestion {
  const words = headerWords(column);
  const values = cells.map((c) => c.trim()).filter((c) => c !== '');
  const suggest = (role: ColumnRole, named: boolean): Suggestion => ({ column, role, named });

  // By header: consent before personal data ("Toestemming contact via e-mail" is consent, not an address).
  if (words.length <= 10 && words.some((w) => CONSENT_WORDS.includes(w))) return suggest('consent', true);
  const personal = personalColumnKind(column, cells);
  if (personal) return suggest(personal, true);
  if (column.trim() === '#' || matchesHeader(words, RESPONDENT_HEADER)) return suggest('respondent', true);
  if (matchesHeader(words, DATE_HEADER)) return suggest('date', true);
  if (matchesHeader(words, LEVEL_HEADER)) return suggest('level', true);
  if (matchesHeader(words, ROLE_HEADER) || /^ik ben\b/.test(plain(column))) return suggest('role', true);
  const textHeader =
    words.length <= 8 && words.some((w) => TEXT_WORD.test(w)) && !words.some((w) => NOT_TEXT_WORDS.includes(w));
  if (textHeader && !notQuestions(values)) return suggest('text', true);
  if (words.some((w) => TECHNICAL_WORDS.includes(w))) return suggest('ignore', false);

  // By content: at least 80% of the non-empty values must fit.
  if (values.length === 0) return suggest('ignore', false);
  if (isDates(values)) return suggest('date', false);
  if (isShort(values) && share(values, (v) => parseLevel(v) !== 'onbekend') >= 0.8) return suggest('level', false);
  const knownRole = (v: string) => !['anders', null].includes(parseAskerRole(v));
  if (isShort(values) && share(values, knownRole) >= 0.8) return suggest('role', false);
  if (isFreeText(values)) return suggest('text', false);
  return suggest('ignore', false);
}

const SINGLE_ROLES: readonly ColumnRole[] = ['level', 'role', 'date', 'respondent', 'consent'];

/**
 * A first mapping for staff to confirm. Each column gets the role its header names, else the role its content shows.
 * Text: the columns whose header asks for the question win; without one, every free-text column is suggested.
 * Level, role, date, respondent and consent: one column each — named before recognised by content, then leftmost.
 * Personal data: every column that holds it. Everything else: ignore.
 */
export function suggestMapping(table: Table): Mapping {
  const suggestions = table.columns.map((column, i) =>
    classify(
      column,
      table.rows.map((r) => r.cells[i] ?? '')
    )
  );
  const namedText = suggestions.some((s) => s.role === 'text' && s.named);
  const chosen = new Set<Suggestion>();
  for (const role of SINGLE_ROLES) {
    const candidates = suggestions.filter((s) => s.role === role);
    const pick = candidates.find((s) => s.named) ?? candidates[0];
    if (pick) chosen.add(pick);
  }
  const keep = (s: Suggestion) =>
    SINGLE_ROLES.includes(s.role) ? chosen.has(s) : s.role !== 'text' || s.named || !namedText;
  return { columns: suggestions.map((s) => ({ column: s.column, role: keep(s) ? s.role : 'ignore' })) };
}
