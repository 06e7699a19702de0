import type { AskerRole, Level } from '../../../db/schema.js';
import {
  type ColumnRole,
  type DateOrder,
  dateOrder,
  type Mapping,
  parseAskerRole,
  parseDate,
  parseLevel
} from './columns.js';
import { LEVELS, MAX_QUESTION_LENGTH, questionHash } from './question-text.js';
import { isPlaceholder, plain } from './personal.js';
import { splitNeeds } from './split.js';
import type { Table, TableRow } from './table.js';

export interface ExtractedQuestion {
  rowNumber: number;
  columnName: string;
  /** 0 for a whole cell; 1…n for the parts of a cell that held several needs. */
  splitIndex: number;
  /** Number of parts the cell was split into, 1 when not split. */
  splitOf: number;
  text: string;
  textHash: string;
  level: Level;
  askerRole: AskerRole | null;
  askedOn: string | null;
  respondentKey: string | null;
}

export interface PersonalData {
  rowNumber: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip: string | null;
  consent: boolean | null;
}

export interface Extraction {
  questions: ExtractedQuestion[];
  personal: PersonalData[];
  rejected: { row: number; column: string | null; reason: 'empty' | 'too_long' | 'unreadable' }[];
  cellsSplit: number;
}

export interface ExtractOptions {
  /** Longest question kept, in characters after whitespace folding (default 5000). */
  maxLength?: number;
  /** Split cells holding several needs into separate questions (default true). */
  split?: boolean;
}

interface Column {
  name: string;
  index: number;
}

/** Whitespace runs as one space, trimmed (a lone space is left alone, so most text is not copied). */
const fold = (text: string) => text.replace(/\s{2,}|[^\S ]/g, ' ').trim();

const CONSENT_NO = /^(nee|neen|no|n|nein|non|false|0)\b|^(niet|geen|ik ga niet|ik geef geen)\b|\bdisagree\b/;
const CONSENT_YES = /^(ja|j|yes|y|oui|si|true|1|akkoord|ok|ik ga akkoord|ik geef toestemming|i agree|agree|x)\b/;

/** "Ja", "yes", "akkoord", "ik geef toestemming" → true; "nee", "no", "niet akkoord" → false; anything else unknown. */
function parseConsent(raw: string): boolean | null {
  const value = plain(raw);
  if (CONSENT_NO.test(value)) return false;
  return CONSENT_YES.test(value) ? true : null;
}

const isLevel = (value: string | undefined): value is Level => LEVELS.includes(value as Level);

/** What one row of a table yields. */
export interface RowExtraction {
  questions: ExtractedQuestion[];
  /** The asker's personal data, when the row yields a question and names someone. */
  personal: PersonalData | null;
  rejected: Extraction['rejected'];
  cellsSplit: number;
}

export interface RowExtractorOptions extends ExtractOptions {
  /** Day/month order per date column (`dateOrder` over the column); day first where absent. */
  dateOrders?: ReadonlyMap<string, DateOrder>;
}

/**
 * Remembers a function's result for values that repeat, as choice columns (level, role, consent) do;
 * past `limit` distinct values it stops remembering, so memory stays bounded on free text.
 */
function remembered<T>(read: (value: string) => T, limit = 1000): (value: string) => T {
  const seen = new Map<string, T>();
  return (value) => {
    const hit = seen.get(value);
    if (hit !== undefined || seen.has(value)) return hit as T;
    const result = read(value);
    if (seen.size < limit) seen.set(value, result);
    return result;
  };
}

/**
 * Extracts one row at a time, by the rules of `extractQuestions` (which is this applied to every row of a table):
 * for a table read as a stream, where the date order of a column comes from the rows read so far.
 */
export function rowExtractor(
  columns: readonly string[],
  mapping: Mapping,
  options: RowExtractorOptions = {}
): (row: TableRow) => RowExtraction {
  const maxLength = options.maxLength ?? MAX_QUESTION_LENGTH;
  const split = options.split ?? true;
  const columnsFor = (role: ColumnRole): Column[] =>
    mapping.columns
      .filter((c) => c.role === role)
      .map((c) => ({ name: c.column, index: columns.indexOf(c.column) }))
      .filter((c) => c.index >= 0);
  const textColumns = columnsFor('text');
  const levelColumns = columnsFor('level');
  const roleColumns = columnsFor('role');
  const dateColumns = columnsFor('date').map((c) => ({ ...c, order: options.dateOrders?.get(c.name) ?? 'dmy' }));
  const [respondentColumns, nameColumns, emailColumns, phoneColumns, ipColumns, consentColumns] = (
    ['respondent', 'name', 'email', 'phone', 'ip', 'consent'] as const
  ).map(columnsFor) as [Column[], Column[], Column[], Column[], Column[], Column[]];

  const placeholder = remembered(isPlaceholder);
  const cell = (row: TableRow, column: Column) => {
    const value = row.cells[column.index]?.trim() ?? '';
    return value === '' || placeholder(value) ? '' : value;
  };
  /** The first value of the columns that reads as something (`read` returns null for what it cannot read). */
  const first = <C extends Column, T>(
    row: TableRow,
    columns: readonly C[],
    read: (value: string, column: C) => T | null
  ) => {
    for (const column of columns) {
      const value = cell(row, column);
      const parsed = value === '' ? null : read(value, column);
      if (parsed !== null) return parsed;
    }
    return null;
  };
  const asIs = (value: string) => value;
  const knownLevel = remembered((value: string) => {
    const level = parseLevel(value);
    return level === 'onbekend' ? null : level;
  });
  const askerRole = remembered(parseAskerRole);
  const consent = remembered(parseConsent);

  return (row) => {
    const extraction: RowExtraction = { questions: [], personal: null, rejected: [], cellsSplit: 0 };
    const contextLevel = row.context?.level;
    const contextDate = row.context?.date;
    const shared = {
      rowNumber: row.row,
      level: first(row, levelColumns, knownLevel) ?? (isLevel(contextLevel) ? contextLevel : 'onbekend'),
      askerRole: first(row, roleColumns, askerRole),
      askedOn:
        first(row, dateColumns, (v, c) => parseDate(v, c.order)) ?? (contextDate ? parseDate(contextDate) : null),
      respondentKey: first(row, respondentColumns, asIs)
    };

    let filled = 0;
    let asked = 0;
    for (const column of textColumns) {
      const text = row.cells[column.index] ?? '';
      if (!/[\p{L}\p{N}]/u.test(text)) continue;
      filled++;
      const parts = split ? splitNeeds(text) : [fold(text)];
      if (parts.some((p) => p.length > maxLength)) {
        extraction.rejected.push({ row: row.row, column: column.name, reason: 'too_long' });
        continue;
      }
      if (parts.length > 1) extraction.cellsSplit++;
      parts.forEach((part, i) => {
        extraction.questions.push({
          rowNumber: shared.rowNumber,
          columnName: column.name,
          splitIndex: parts.length > 1 ? i + 1 : 0,
          splitOf: parts.length,
          text: part,
          textHash: questionHash(part),
          level: shared.level,
          askerRole: shared.askerRole,
          askedOn: shared.askedOn,
          respondentKey: shared.respondentKey
        });
      });
      asked += parts.length;
    }
    if (filled === 0) extraction.rejected.push({ row: row.row, column: null, reason: 'empty' });

    if (asked > 0) {
      const names = nameColumns.map((c) => cell(row, c)).filter((v) => v !== '');
      const personal: PersonalData = {
        rowNumber: row.row,
        name: names.length > 0 ? fold(names.join(' ')) : null,
        email: first(row, emailColumns, asIs),
        phone: first(row, phoneColumns, asIs),
        ip: first(row, ipColumns, asIs),
        consent: first(row, consentColumns, consent)
      };
      if ((personal.name ?? personal.email ?? personal.phone ?? personal.ip) !== null) extraction.personal = personal;
    }
    return extraction;
  };
}

/**
 * Turns a mapped table into questions, with everything that is not a question set apart:
 * - one question per non-empty text cell (several text columns → several questions per row), split with
 *   `splitNeeds` unless `split` is false; text whitespace-folded, contacts kept as written (mask them for display
 *   with `maskContacts`);
 * - level, role and date from the mapped columns, else from the row's context (focus-group notes: heading level,
 *   session date); dates in a column share one day/month order (`dateOrder`);
 * - the values of name, e-mail, phone, IP and consent columns go to `personal`, one entry per row that yields a
 *   question and has a name, e-mail, phone or IP (consent alone identifies no one); anonymity placeholders are dropped;
 * - rejected: a row whose text cells are all empty or bare punctuation such as "-" (once, column null), a cell with a
 *   part over `maxLength`
 *   (with its column), each unreadable row of the table.
 */
export function extractQuestions(table: Table, mapping: Mapping, options: ExtractOptions = {}): Extraction {
  const dateOrders = new Map(
    mapping.columns
      .filter((c) => c.role === 'date' && table.columns.includes(c.column))
      .map((c) => {
        const index = table.columns.indexOf(c.column);
        return [c.column, dateOrder(table.rows.map((r) => r.cells[index] ?? ''))] as const;
      })
  );
  const extract = rowExtractor(table.columns, mapping, { ...options, dateOrders });
  const extraction: Extraction = { questions: [], personal: [], rejected: [], cellsSplit: 0 };
  for (const row of table.rows) {
    const one = extract(row);
    for (const q of one.questions) extraction.questions.push(q);
    if (one.personal) extraction.personal.push(one.personal);
    for (const r of one.rejected) extraction.rejected.push(r);
    extraction.cellsSplit += one.cellsSplit;
  }
  for (const { row } of table.unreadable) extraction.rejected.push({ row, column: null, reason: 'unreadable' });
  extraction.rejected.sort((a, b) => a.row - b.row);
  return extraction;
}
