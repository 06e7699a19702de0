import Papa from 'papaparse';
import { decode } from './decode.js';
import { detectDelimiter } from './delimiter.js';
import { readHeader } from './formats.js';
import type { Delimiter, ReadOptions, Table, TableRow } from './table.js';

/** Code of the message staff see for a record that cannot be read (`import.reason.unreadable`). */
const UNREADABLE = 'unreadable';

interface Records {
  records: TableRow[];
  unreadable: Table['unreadable'];
}

/** Offsets at which each line starts; a line ends at CRLF, LF or a lone CR, as in an editor. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n?|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

type Newline = Papa.ParseConfig['newline'];

/** Reads the one record that starts at `offset`, if it reads cleanly. */
function recordAt(text: string, offset: number, delimiter: Delimiter, newline: Newline): string[] | null {
  const parsed = Papa.parse<string[]>(text.slice(offset), { delimiter, newline, preview: 1 });
  return parsed.errors.length === 0 ? (parsed.data[0] ?? null) : null;
}

/**
 * Splits the text into records, each with the line on which it starts (line 1 is the first).
 * PapaParse reads a broken quoted cell to the end of the file, so after one we report the
 * record as unreadable and skip line by line, reporting each non-blank line as unreadable,
 * until a line starts a clean record as wide as the first record: from there on the file
 * is read normally again. Fully empty records are left out.
 */
function readRecords(text: string, delimiter: Delimiter): Records {
  const starts = lineStarts(text);
  const lineAt = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const records: TableRow[] = [];
  const unreadable: Table['unreadable'] = [];
  // Guessed once on the whole text, so that reading on after a broken record splits lines alike.
  let newline: Newline;
  let offset = 0;
  while (offset < text.length) {
    let start = offset;
    let broken = -1;
    Papa.parse<string[]>(text.slice(offset), {
      delimiter,
      newline,
      step: (result, parser) => {
        newline ??= result.meta.linebreak as Newline;
        if (result.errors.length > 0) {
          broken = start;
          parser.abort();
          return;
        }
        const cells = result.data;
        if (cells.some((cell) => cell.trim() !== '')) records.push({ row: lineAt(start), cells });
        start = offset + result.meta.cursor;
      }
    });
    if (broken < 0) break;
    const brokenLine = lineAt(broken);
    unreadable.push({ row: brokenLine, reason: UNREADABLE });
    const width = records[0]?.cells.length;
    offset = text.length;
    for (let line = brokenLine + 1; line <= starts.length; line++) {
      const lineStart = starts[line - 1]!;
      const lineText = text.slice(lineStart, starts[line] ?? text.length);
      if (lineText.trim() === '') continue;
      const record = recordAt(text, lineStart, delimiter, newline);
      if (record && (width === undefined || record.length === width)) {
        offset = lineStart;
        break;
      }
      unreadable.push({ row: line, reason: UNREADABLE });
    }
  }
  return { records, unreadable };
}

/**
 * Maps a line of the file to the row a spreadsheet shows it on: a cell spanning several lines
 * is one row there, so staff find a reported row where Excel or LibreOffice puts it.
 */
function spreadsheetRows(records: readonly TableRow[]): (line: number) => number {
  const shifts: { line: number; extra: number }[] = [];
  let extra = 0;
  for (const { row, cells } of records) {
    shifts.push({ line: row, extra });
    const breaks = cells.reduce((n, cell) => n + (cell.match(/\r\n?|\n/g)?.length ?? 0), 0);
    // Lines after the record (an unreadable one) sit as many rows higher as its cells hold line breaks.
    if (breaks > 0) shifts.push({ line: row + 1, extra: (extra += breaks) });
  }
  return (line) => {
    let shift = 0;
    for (const s of shifts) {
      if (s.line > line) break;
      shift = s.extra;
    }
    return line - shift;
  };
}

/**
 * Reads a CSV export of any supported survey tool into a table: decodes the bytes, finds the
 * delimiter (unless given), recognises the tool and its header rows from the header, and
 * keeps for every record the spreadsheet row on which it starts.
 */
export function readCsv(_fileName: string, bytes: Uint8Array, options: ReadOptions = {}): Table {
  const { text, encoding } = decode(bytes, options.encoding);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const { records, unreadable } = readRecords(text, delimiter);
  const toRow = spreadsheetRows(records);
  const { format, headerRows, columns } = readHeader(records.map((r) => r.cells));
  const rows = records.slice(headerRows).map(({ row, cells }) => ({
    row: toRow(row),
    cells: columns.map((_, i) => cells[i] ?? '')
  }));
  return {
    format,
    encoding,
    delimiter,
    headerRows,
    columns,
    rows,
    unreadable: unreadable.map((u) => ({ ...u, row: toRow(u.row) })),
    facts: {}
  };
}
