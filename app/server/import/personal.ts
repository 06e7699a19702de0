import { isIP } from 'node:net';

/** Lower case without diacritics, whitespace folded: "Zorgcoördinator " and "zorgcoordinator" compare equal. */
export function plain(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The words of a column header, for matching against vocabularies: parenthesised remarks dropped, camelCase and
 * punctuation split: "RecipientEmail" → ["recipient", "email"], "E-mailadres (optioneel)" → ["e", "mailadres"].
 */
export function headerWords(header: string): string[] {
  const spaced = header
    .replace(/\([^)]*\)/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return plain(spaced)
    .split(/[^\p{L}\p{N}#]+/u)
    .filter((w) => w !== '');
}

/** Words a header may carry around its meaning: "Wat is je naam?", "E-mail des Empfängers", "Your phone number". */
const FILLERS = new Set([
  ...['uw', 'je', 'jouw', 'u', 'jij', 'wat', 'is', 'welk', 'welke', 'in', 'op', 'voor', 'van', 'de', 'het', 'een'],
  ...['werk', 'werkt', 'ben', 'bent', 'hier', 'invullen', 'optioneel', 'facultatief', 'deelnemer', 'contact'],
  ...['your', 'what', 'which', 'are', 'you', 'the', 'of', 'a', 'recipient', 'respondent', 'optional'],
  ...['des', 'der', 'ihre', 'ihr', 'kontakt', 'empfangers', 'du', 'la', 'le', 'votre', 'el', 'su', 'tu']
]);

export interface Vocabulary {
  /** At least one of these must be present. */
  core: readonly string[];
  /** These may accompany a core word. */
  extra?: readonly string[];
}

/**
 * A header names a vocabulary when, fillers aside, all its words belong to it and one is a core word.
 * Requiring *all* words keeps question headers such as "Gsm-gebruik in de klas?" from reading as "gsm".
 */
export function matchesHeader(words: readonly string[], vocabulary: Vocabulary): boolean {
  const meaningful = words.filter((w) => !FILLERS.has(w));
  return (
    meaningful.some((w) => vocabulary.core.includes(w)) &&
    meaningful.every((w) => vocabulary.core.includes(w) || (vocabulary.extra?.includes(w) ?? false))
  );
}

export type PersonalKind = 'name' | 'email' | 'phone' | 'ip';

// Headers in nl, en, de, fr, es; checked in this order ("IP-Adresse" is an IP, not an address).
const PERSONAL_HEADERS: [PersonalKind, Vocabulary][] = [
  ['ip', { core: ['ip', 'ipadres', 'ipaddress'], extra: ['adres', 'address', 'adresse', 'direccion'] }],
  [
    'email',
    {
      core: ['email', 'mail', 'mailadres', 'emailadres', 'emailadresse', 'courriel', 'correo'],
      extra: ['e', 'adres', 'address', 'adresse', 'electronico', 'electronique', 'direccion']
    }
  ],
  [
    'phone',
    {
      core: ['telefoon', 'telefoonnummer', 'tel', 'telnr', 'gsm', 'gsmnummer', 'mobiel', 'mobile', 'phone'],
      extra: ['nummer', 'number', 'nr', 'numero', 'no', 'mobiele', 'movil', 'cell']
    }
  ],
  [
    'phone',
    {
      core: ['telephone', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'portable', 'telefono', 'celular'],
      extra: ['nummer', 'number', 'numero', 'movil', 'mobile']
    }
  ],
  [
    'name',
    {
      core: ['naam', 'name', 'voornaam', 'achternaam', 'familienaam', 'roepnaam', 'surname', 'firstname', 'lastname'],
      extra: ['volledige', 'full', 'first', 'last', 'given', 'family', 'completo', 'famille']
    }
  ],
  ['name', { core: ['vorname', 'nachname', 'nom', 'prenom', 'nombre', 'apellido', 'apellidos', 'fullname'] }]
];

/** Header words of a consent question ("Toestemming contact via e-mail"), which holds no e-mail address. */
export const CONSENT_WORDS = ['toestemming', 'akkoord', 'consent', 'einverstanden', 'einwilligung', 'zustimmung'];

const PLACEHOLDER = /^(anonymous|anoniem|anonym|anonyme|anonimo|n\/?a|-+|none)$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Values survey tools write where the asker chose to stay anonymous (Microsoft Forms: "anonymous"). */
export function isPlaceholder(value: string): boolean {
  // Printable ASCII has no accents to strip: skip the Unicode normalisation that `plain` does.
  const folded = PRINTABLE_ASCII.test(value) ? value.toLowerCase().replace(/\s+/g, ' ').trim() : plain(value);
  return PLACEHOLDER.test(folded);
}

const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Share of values for which `test` holds (0 for no values). */
function shareOf(values: readonly string[], test: (value: string) => boolean): number {
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}

/**
 * Which kind of personal data a column holds, by its header or else by its content
 * (at least 80% of the non-empty values are e-mail addresses, phone numbers or IP addresses).
 * Names are recognised by header only: no content test tells a name from other short text.
 * A column whose values are all anonymity placeholders (Microsoft Forms' `Email` = "anonymous") holds none.
 */
export function personalColumnKind(column: string, samples: readonly string[]): PersonalKind | null {
  const filled = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (filled.length > 0 && filled.every(isPlaceholder)) return null;
  const words = headerWords(column);
  if (!words.some((w) => CONSENT_WORDS.includes(w))) {
    const named = PERSONAL_HEADERS.find(([, vocabulary]) => matchesHeader(words, vocabulary));
    if (named) return named[0];
  }
  const values = filled.filter((v) => !isPlaceholder(v));
  if (values.length === 0) return null;
  if (shareOf(values, (v) => EMAIL_VALUE.test(v)) >= 0.8) return 'email';
  if (shareOf(values, (v) => maskContacts(v) === PHONE_MASK) >= 0.8) return 'phone';
  if (shareOf(values, (v) => isIP(v) !== 0) >= 0.8) return 'ip';
  return null;
}

const EMAIL_MASK = '[e-mail]';
const PHONE_MASK = '[telefoon]';
/**
 * The lookbehind starts a match only where a run of address characters starts: without it a long run with no `@`
 * is scanned again from each of its characters, quadratic time on a long cell.
 */
const EMAIL_IN_TEXT = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/**
 * Runs of digits with the separators phone numbers are written with; which part is a number is decided below.
 * A run is taken whole and its tail trimmed in code (`RUN_END`): a pattern demanding a digit at the end would
 * rescan a long run of separators ("+++…", "((…") from each of its characters.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])[+(\d][\d ()./+-]*/gu;
/** Where a run that may hold a number ends: its last digit or closing parenthesis. */
const RUN_END = /[\d)][^\d)]*$/;
const PIECE = /\+?\d+|\(\d+\)/g;
/** Between groups of a phone number: one space, dot, slash or hyphen, optionally with spaces around it. */
const GROUP_SEPARATOR = /^ ?[./-]? ?$/;

interface Piece {
  text: string;
  start: number;
  end: number;
  /** What stands between the previous piece and this one. */
  before: string;
}

const digitsIn = (text: string) => text.replace(/\D/g, '').length;

/**
 * The index of the last piece of a phone number starting at `first`, or -1.
 * International: "+32 470 12 34 56", "0032 …", "+32 (0)3 …" — 9 to 15 digits.
 * Belgian and Dutch national: "0470 12 34 56", "03/123.45.67", "0470123456", "06-12345678" — 9 or 10 digits,
 * groups of 2–3 digits after the area code (a 4-digit group, as in a year, ends the number; only a single
 * long group may follow the area code). So dates (01/09/2023), years and class codes never qualify.
 */
function phoneEnd(pieces: readonly Piece[], first: number): number {
  const head = pieces[first]!.text;
  const international = head.startsWith('+') || head.startsWith('00');
  if (!international && !head.startsWith('0')) return -1;
  let digits = digitsIn(head);
  let end = -1;
  const fits = (total: number) => (international ? total >= 9 && total <= 15 : total === 9 || total === 10);
  if (fits(digits)) end = first;
  if (!international && digits > 4) return end;
  for (let i = first + 1; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const afterTrunk = pieces[i - 1]!.text === '(0)';
    if (!(GROUP_SEPARATOR.test(piece.before) && (piece.before !== '' || afterTrunk))) break;
    if (international && piece.text === '(0)') continue;
    const length = digitsIn(piece.text);
    const longTail = i === first + 1 && length >= 6 && length <= 8;
    if (!international && !(length >= 2 && length <= 3) && !longTail) break;
    if (international && length > 8) break;
    digits += length;
    if (fits(digits)) end = i;
    if (longTail) break;
  }
  return end;
}

function maskPhones(run: string): string {
  const pieces: Piece[] = [];
  let previousEnd = 0;
  for (const match of run.matchAll(PIECE)) {
    const start = match.index;
    pieces.push({ text: match[0], start, end: start + match[0].length, before: run.slice(previousEnd, start) });
    previousEnd = start + match[0].length;
  }
  let masked = '';
  let copied = 0;
  for (let i = 0; i < pieces.length; i++) {
    // A number starts a run, or follows a space: "2023-05-04" holds no number starting at "05".
    if (i > 0 && !/^\s+$/.test(pieces[i]!.before)) continue;
    const end = phoneEnd(pieces, i);
    if (end < 0) continue;
    masked += run.slice(copied, pieces[i]!.start) + PHONE_MASK;
    copied = pieces[end]!.end;
    i = end;
  }
  return masked + run.slice(copied);
}

/**
 * Hides e-mail addresses and phone numbers in question text for display (storage keeps the text as asked).
 * Years, dates, percentages, "3de lj" or "150+ lln" stay as they are.
 * @example maskContacts('Bel me: 0470 12 34 56 of mail jan@school.be') === 'Bel me: [telefoon] of mail [e-mail]'
 */
export function maskContacts(text: string): string {
  return text.replace(EMAIL_IN_TEXT, EMAIL_MASK).replace(DIGIT_RUN, (run) => {
    const end = RUN_END.exec(run)?.index ?? 0;
    return end === 0 ? run : maskPhones(run.slice(0, end + 1)) + run.slice(end + 1);
  });
}
