import type { Format } from './table.js';

/** The formats a header can reveal; notes and xlsx are told apart by the file, not its header. */
export type SurveyFormat = Exclude<Format, 'notes' | 'xlsx'>;

export interface Header {
  format: SurveyFormat;
  /** How many of the records are header rows. */
  headerRows: number;
  /** One unique, trimmed name per column; the width of the widest record. */
  columns: string[];
}

type Row = readonly string[];

interface Layout {
  format: SurveyFormat;
  headerRows: number;
  /** Raw names, one per header cell; cleaned and made unique later. */
  names: string[];
}

const clean = (cell: string | undefined): string => (cell ?? '').replace(/\s+/g, ' ').trim();
const lower = (cell: string | undefined): string => clean(cell).toLowerCase();

function startsWithCells(row: Row, expected: readonly string[]): boolean {
  return expected.every((cell, i) => lower(row[i]) === cell);
}

function countOf(row: Row, names: ReadonlySet<string>): number {
  return row.filter((cell) => names.has(lower(cell))).length;
}

/** Per column the label of the second header row, or the first row's where the second is empty. */
function preferSecond(first: Row, second: Row): string[] {
  return Array.from({ length: Math.max(first.length, second.length) }, (_, i) => clean(second[i]) || clean(first[i]));
}

/** What a cell under a two-row header says when the column is the question's only answer. */
const PLAIN_ANSWER = new Set(['', 'response', 'open-ended response']);

/**
 * Merges a question row and an answer-option row: a blank question cell continues the
 * question to its left, so each column is named `Question – option`, or just the question
 * when the option row says no more than "Response".
 */
function mergeQuestionAndOption(first: Row, second: Row): string[] {
  let question = '';
  return Array.from({ length: Math.max(first.length, second.length) }, (_, i) => {
    question = clean(first[i]) || question;
    const option = clean(second[i]);
    if (PLAIN_ANSWER.has(option.toLowerCase())) return question;
    return question ? `${question} – ${option}` : option;
  });
}

/** A cell that holds an answer rather than a label: a number, date, time, e-mail address, URL or UUID. */
const VALUE =
  /^[-+]?[\d.,\s]+%?$|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\b\d{1,2}:\d{2}\b|@|^https?:\/\/|^[0-9a-f]{8}-[0-9a-f]{4}-/i;

function holdsOnlyLabels(row: Row): boolean {
  return row.every((cell) => clean(cell) === '' || !VALUE.test(clean(cell)));
}

/** HXL hashtag rows (`#affected+f`) tag columns for humanitarian data tools; Kobo writes one. */
function isHxlRow(row: Row | undefined): boolean {
  const filled = (row ?? []).map(clean).filter((cell) => cell !== '');
  return filled.length > 0 && filled.every((cell) => /^#[a-z]/i.test(cell));
}

/**
 * The generic rule for a second header row, whatever tool wrote it: multi-answer questions
 * spread over several columns, with the question in the first column only and one option
 * label per column below it. So the second row must
 * - name at least two columns whose first-row cell is blank after a named one (continuations),
 * - leave no such continuation column unlabelled (trailing all-empty columns aside),
 * - hold labels, not answers (no numbers, dates, times, e-mail addresses, URLs or UUIDs),
 * - repeat no label within one question (answers repeat: "Ja, Nein, Ja"; options do not).
 */
function isSecondHeaderRow(first: Row, second: Row): boolean {
  if (!holdsOnlyLabels(second)) return false;
  let width = Math.max(first.length, second.length);
  while (width > 0 && clean(first[width - 1]) === '' && clean(second[width - 1]) === '') width--;
  let continuations = 0;
  let inQuestion = false;
  let labels = new Set<string>();
  for (let i = 0; i < width; i++) {
    const question = clean(first[i]);
    const option = clean(second[i]);
    if (question) {
      inQuestion = true;
      labels = new Set();
    } else if (inQuestion) {
      if (!option) return false;
      continuations++;
    }
    if (option) {
      if (labels.has(option)) return false;
      labels.add(option);
    }
  }
  return continuations >= 2;
}

const MSFORMS_EN = ['id', 'start time', 'completion time', 'email', 'name'];
const MSFORMS_NL = ['id', 'begintijd', 'tijdstip van voltooiing', 'e-mail', 'naam'];
const GOOGLE_FORMS_FIRST = new Set(['timestamp', 'tijdstempel']);
/** LimeSurvey's response metadata, with "full text" and "question code" headings. */
const LIMESURVEY_SYSTEM = new Set([
  'response id',
  'date submitted',
  'last page',
  'start language',
  'date started',
  'date last action',
  'seed',
  'submitdate',
  'lastpage',
  'startlanguage',
  'startdate',
  'datestamp'
]);
/** The two system columns every KoboToolbox export carries and no other tool names so. */
const KOBO_SYSTEM = new Set(['_uuid', '_submission_time']);
const IMPORT_ID = /^\{\s*"ImportId"\s*:/;

/** Tries each tool's signature in turn; the first that fits decides the layout. */
function recognise(first: Row, second: Row | undefined, third: Row | undefined): Layout {
  const single = (format: SurveyFormat): Layout => ({ format, headerRows: 1, names: first.map(clean) });

  // Qualtrics, current: export tags, question texts, then a row of {"ImportId":…} cells.
  if (second && third) {
    const filled = third.map(clean).filter((cell) => cell !== '');
    if (filled.length > 0 && filled.every((cell) => IMPORT_ID.test(cell))) {
      return { format: 'qualtrics', headerRows: 3, names: preferSecond(first, second) };
    }
  }
  // Qualtrics, legacy: V1, V2, V3… over readable labels that start with ResponseID.
  if (second && startsWithCells(first, ['v1', 'v2', 'v3']) && lower(second[0]) === 'responseid') {
    return { format: 'qualtrics', headerRows: 2, names: preferSecond(first, second) };
  }
  if (startsWithCells(first, MSFORMS_EN) || startsWithCells(first, MSFORMS_NL)) return single('msforms');
  if (GOOGLE_FORMS_FIRST.has(lower(first[0]))) return single('googleforms');
  if (lower(first[0]) === 'inzendingsnummer' && first.some((cell) => lower(cell) === 'uw vraag')) {
    return single('vraagpunt');
  }
  if (countOf(first, LIMESURVEY_SYSTEM) >= 3) return single('limesurvey');
  if (countOf(first, KOBO_SYSTEM) === KOBO_SYSTEM.size) {
    return isHxlRow(second) ? { format: 'kobo', headerRows: 2, names: first.map(clean) } : single('kobo');
  }
  // SurveyMonkey: respondent metadata first, or "Response" / "Open-Ended Response" under questions.
  const respondent =
    startsWithCells(first, ['respondent id', 'collector id']) ||
    startsWithCells(first, ['respondentid', 'collectorid']);
  const answerLabel = (second ?? []).some((cell) => clean(cell) !== '' && PLAIN_ANSWER.has(lower(cell)));
  if (second && (answerLabel || (respondent && holdsOnlyLabels(second)))) {
    return { format: 'surveymonkey', headerRows: 2, names: mergeQuestionAndOption(first, second) };
  }
  if (respondent) return single('surveymonkey');
  if (second && isHxlRow(second)) return { format: 'csv', headerRows: 2, names: first.map(clean) };
  if (second && isSecondHeaderRow(first, second)) {
    return { format: 'csv', headerRows: 2, names: mergeQuestionAndOption(first, second) };
  }
  return single('csv');
}

/** Empty names become `Kolom N` (N counts from 1); repeated names get ` (2)`, ` (3)`… */
function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = clean(raw) || `Kolom ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    return name;
  });
}

/**
 * Recognises the survey tool from the first records (non-empty, in file order) and names
 * every column. The table is as wide as its widest record, less trailing columns that are
 * empty in every record: the residue of a delimiter at the end of each line.
 */
export function readHeader(records: readonly Row[]): Header {
  const [first = [], second, third] = records;
  const layout = recognise(first, second, third);
  let width = records.reduce((widest, r) => Math.max(widest, r.length), 0);
  while (width > 0 && records.every((r) => clean(r[width - 1]) === '')) width--;
  const names = Array.from({ length: width }, (_, i) => layout.names[i] ?? '');
  return { format: layout.format, headerRows: layout.headerRows, columns: uniqueNames(names) };
}
