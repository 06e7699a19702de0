import path from 'node:path';
import { badRequest } from '../errors.js';
import { type Mapping, suggestMapping } from './columns.js';
import { decode } from './decode.js';
import { type ExtractedQuestion, type Extraction, extractQuestions } from './extract.js';
import { readNotes } from './notes.js';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import { assertCellSizes, type Delimiter, type Encoding, type Format, type Table, type TableRow } from './table.js';

export interface PlanOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** Staff's choice of free-text columns; the rest of the mapping stays as suggested. */
  textColumns?: string[];
  /** A full mapping confirmed by staff. */
  mapping?: Mapping;
  /** The mapping confirmed for the source's previous file, used when its columns all appear again. */
  remembered?: Mapping | null;
  split?: boolean;
}

export interface PlannedQuestion extends ExtractedQuestion {
  /** The whole cell when it was split into several questions, so the split can be undone. */
  cellText: string | null;
}

export interface ImportPlan {
  format: Format;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  headerRows: number;
  columns: string[];
  mapping: Mapping;
  textColumns: string[];
  /** Data records, header rows excluded. */
  rows: number;
  /** The first records as read, for the preview. */
  preview: TableRow[];
  facts: Table['facts'];
  extraction: Omit<Extraction, 'questions'> & { questions: PlannedQuestion[] };
}

const NOTE_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/** Whether a file is read as CSV, judged by its name and first bytes: not XLSX (a zip) and not notes. */
export function isCsvFile(fileName: string, head: Uint8Array): boolean {
  const extension = path.extname(fileName).toLowerCase();
  return extension !== '.xlsx' && !isZip(head) && !NOTE_EXTENSIONS.has(extension);
}

const PREVIEW_ROWS = 10;

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads any supported file into a table: CSV (any survey tool), XLSX, or focus-group notes. A cell over
 * MAX_CELL_CHARS refuses the file (`field_too_long`), naming its row and column.
 */
export async function readTable(fileName: string, bytes: Uint8Array, options: PlanOptions = {}): Promise<Table> {
  const table = await readAnyTable(fileName, bytes, options);
  assertCellSizes(fileName, table);
  return table;
}

async function readAnyTable(fileName: string, bytes: Uint8Array, options: PlanOptions): Promise<Table> {
  if (bytes.byteLength === 0) throw badRequest('empty_file', `${fileName} is empty.`, { fileName });
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.xlsx' || isZip(bytes)) return readXlsx(fileName, bytes);
  if (NOTE_EXTENSIONS.has(extension)) {
    const { text, encoding } = decode(bytes, options.encoding);
    return { ...readNotes(fileName, text), encoding };
  }
  return readCsv(fileName, bytes, { encoding: options.encoding, delimiter: options.delimiter });
}

function checkColumns(fileName: string, table: Table, columns: string[]): void {
  const unknown = columns.find((c) => !table.columns.includes(c));
  if (unknown !== undefined) {
    throw badRequest(
      'unknown_column',
      `${fileName} has no column "${unknown}". Columns: ${table.columns.join(', ')}.`,
      {
        fileName,
        column: unknown,
        columns: table.columns
      }
    );
  }
}

/**
 * The roles confirmed last time for the columns seen before; a new column gets its suggested
 * role (so personal data in it is still set apart), but not a second text role.
 */
function withRemembered(table: Table, remembered: Mapping, suggested: Mapping): Mapping {
  const before = new Map(remembered.columns.map((c) => [c.column, c.role]));
  const proposed = new Map(suggested.columns.map((c) => [c.column, c.role]));
  const hasText = remembered.columns.some((c) => c.role === 'text');
  return {
    columns: table.columns.map((column) => {
      const role = before.get(column) ?? proposed.get(column) ?? 'ignore';
      return { column, role: !before.has(column) && hasText && role === 'text' ? 'ignore' : role };
    })
  };
}

/** The mapping staff confirmed, else the source's remembered one when it fits, else a suggestion; then the chosen text columns. */
export function resolveMapping(fileName: string, table: Table, options: PlanOptions): Mapping {
  let mapping: Mapping;
  if (options.mapping) {
    checkColumns(
      fileName,
      table,
      options.mapping.columns.map((c) => c.column)
    );
    mapping = options.mapping;
  } else {
    const remembered = options.remembered;
    const fits = remembered && remembered.columns.every((c) => table.columns.includes(c.column));
    mapping = fits ? withRemembered(table, remembered, suggestMapping(table)) : suggestMapping(table);
  }
  if (options.textColumns && options.textColumns.length > 0) {
    checkColumns(fileName, table, options.textColumns);
    const chosen = new Set(options.textColumns);
    const byColumn = new Map(mapping.columns.map((c) => [c.column, c.role]));
    mapping = {
      columns: table.columns.map((column) => {
        const role = byColumn.get(column) ?? 'ignore';
        if (chosen.has(column)) return { column, role: 'text' };
        return { column, role: role === 'text' ? 'ignore' : role };
      })
    };
  }
  return mapping;
}

/** Refuses a plan that would import nothing because no column holds question text. */
export function assertTextColumn(fileName: string, plan: Pick<ImportPlan, 'columns' | 'textColumns'>): void {
  if (plan.textColumns.length === 0) {
    throw badRequest('no_text_column', `${fileName} has no column with question text. Name the column to use.`, {
      fileName,
      columns: plan.columns
    });
  }
}

/** Everything an import will do, computed without touching the database. */
export async function planImport(fileName: string, bytes: Uint8Array, options: PlanOptions = {}): Promise<ImportPlan> {
  const table = await readTable(fileName, bytes, options);
  if (table.rows.length === 0 && table.unreadable.length === 0) {
    throw badRequest('no_rows', `${fileName} has no rows of questions.`, { fileName });
  }
  const mapping = resolveMapping(fileName, table, options);
  // Without a text column there is nothing to extract yet: the preview asks staff to pick one.
  const hasText = mapping.columns.some((c) => c.role === 'text');
  const extraction = hasText
    ? extractQuestions(table, mapping, { split: options.split ?? true })
    : { questions: [], personal: [], rejected: [], cellsSplit: 0 };
  const rowsByNumber = new Map(table.rows.map((r) => [r.row, r]));
  const questions = extraction.questions.map((q) => {
    const cell = rowsByNumber.get(q.rowNumber)?.cells[table.columns.indexOf(q.columnName)];
    return { ...q, cellText: q.splitOf > 1 ? (cell ?? null) : null };
  });
  return {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    headerRows: table.headerRows,
    columns: table.columns,
    mapping,
    textColumns: mapping.columns.filter((c) => c.role === 'text').map((c) => c.column),
    rows: table.rows.length + table.unreadable.length,
    preview: table.rows.slice(0, PREVIEW_ROWS),
    facts: table.facts,
    extraction: { ...extraction, questions }
  };
}
