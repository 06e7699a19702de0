/** What every importer produces: a rectangular table with provenance, before any mapping. */

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
