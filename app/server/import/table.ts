/** What every importer produces: a rectangular table with provenance, before any mapping. */

import { badRequest } from '../errors.js';

/**
 * The longest cell any importer reads, in characters: twice what Google Sheets holds in a cell (50,000) and three
 * times Excel's 32,767, so no survey export comes near it. A question over MAX_QUESTION_LENGTH is rejected row by
 * row; a cell over this is no answer at all (a quote never closed, a file that is not an export) and refuses the
 * file, before it costs the memory and time of reading it.
 */
export const MAX_CELL_CHARS = 100_000;

/** A cell over MAX_CELL_CHARS (or `limit`), named by row and column so staff can find it. */
export const cellTooLong = (fileName: string, row: number, column: string, limit = MAX_CELL_CHARS) =>
  badRequest(
    'field_too_long',
    `${fileName}: the cell in row ${row}, column "${column}" holds more than ${limit} characters. ` +
      'No answer is that long: check that every quote in that cell is closed, or that this is a survey export.',
    { fileName, row, column, limit }
  );

/** A single line of a CSV file that is longer than anything a row can hold (`limit` characters). */
export const rowTooLong = (fileName: string, row: number, limit: number) =>
  badRequest(
    'row_too_long',
    `${fileName}: row ${row} runs on for more than ${limit} characters without ending. ` +
      'Check that the file is a survey export with one answer per row.',
    { fileName, row, limit }
  );

/** Refuses a table with a cell, or a column name, over MAX_CELL_CHARS (or `limit`). */
export function assertCellSizes(fileName: string, table: Table, limit = MAX_CELL_CHARS): void {
  const longName = table.columns.findIndex((name) => name.length > limit);
  if (longName >= 0) throw cellTooLong(fileName, 1, `Kolom ${longName + 1}`, limit);
  for (const { row, cells } of table.rows) {
    const column = cells.findIndex((cell) => cell.length > limit);
    if (column >= 0) throw cellTooLong(fileName, row, table.columns[column] ?? `Kolom ${column + 1}`, limit);
  }
}

export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const FORMATS = [
  'googleforms',
  'msforms',
  'surveymonkey',
  'limesurvey',
  'qualtrics',
  'kobo',
  'vraagpunt',
  'notes',
  'csv',
  'xlsx'
] as const;
export type Format = (typeof FORMATS)[number];

export interface TableRow {
  /** The row a spreadsheet shows the record on: the first row of the file is 1, a multi-line cell is one row. */
  row: number;
  /** One cell per column, '' where the record is short. */
  cells: string[];
  /** Context that applies to the row but is not a column (e.g. the heading above a focus-group note). */
  context?: Record<string, string>;
}

export interface Table {
  format: Format;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  /** How many rows at the top of the file are headers (merged into `columns`). */
  headerRows: number;
  /** One unique, readable name per column. */
  columns: string[];
  rows: TableRow[];
  /** Rows that could not be read at all (e.g. broken quoting), by row number. */
  unreadable: { row: number; reason: string }[];
  /** Facts the file itself states, e.g. a focus group's participant count. */
  facts: { participantCount?: number };
}

export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
}
