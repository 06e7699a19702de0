import Papa from 'papaparse';
import { type Delimiter, MAX_CELL_CHARS, type TableRow } from './table.js';

type Newline = Papa.ParseConfig['newline'];

/**
 * Text held before the first parse: PapaParse's own 1 MiB window for guessing line endings, so the first
 * parse guesses as a parse of the whole file would.
 */
export const FIRST_BLOCK_CHARS = 1024 * 1024;

/**
 * Text held before each later parse: enough to amortise a parse call, and small enough that the strings of a
 * block die young in V8's nursery instead of piling up as large objects until a full collection.
 */
export const BLOCK_CHARS = 48 * 1024;

/**
 * A record still open at the end of the text read so far is read again once more text arrives. A quoted cell
 * that is still open after this many characters is taken as broken quoting (as PapaParse would find at the end
 * of the file) rather than held in memory to the end.
 */
export const MAX_OPEN_RECORD_CHARS = 8 * 1024 * 1024;

/** How much text is held before a parse; tests make the blocks small to put their edges everywhere. */
export interface BlockSizes {
  firstBlockChars?: number;
  blockChars?: number;
  maxOpenRecordChars?: number;
  /** Longest cell read (MAX_CELL_CHARS). */
  maxCellChars?: number;
}

/**
 * Thrown for a cell over the longest a cell may be (`column` is its index), or a line that runs on past
 * `maxOpenRecordChars` without a cell over it (`column` null): so a file that is one endless line is refused
 * before it is held in memory whole.
 */
export class TooLongError extends Error {
  constructor(
    /** The spreadsheet row the record starts on. */
    readonly row: number,
    readonly column: number | null,
    readonly limit: number
  ) {
    super(column === null ? `Row ${row} is longer than ${limit} characters.` : `A cell of row ${row} is too long.`);
    this.name = 'TooLongError';
  }
}

const BREAK = /[\r\n]/;

/** Counts line breaks as an editor does (CRLF, LF or a lone CR) in `text[from, to)`. */
function countBreaks(text: string, from: number, to: number, afterCr: boolean): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    if (!(i === from ? afterCr : text.charCodeAt(i - 1) === 13)) count++;
  }
  for (let i = text.indexOf('\r', from); i >= 0 && i < to; i = text.indexOf('\r', i + 1)) count++;
  return count;
}

const BREAKS = /\r\n?|\n/g;

function cellBreaks(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) count += cell.match(BREAKS)?.length ?? 0;
  }
  return count;
}

/**
 * Splits CSV text that arrives in pieces into records, with the same records, row numbers and unreadable rows
 * as `readCsv` finds in the whole text: records numbered by the spreadsheet row they start on (a multi-line
 * cell is one row), fully empty records left out, and after broken quoting each non-blank line reported
 * unreadable until a line starts a clean record as wide as the first record.
 *
 * PapaParse reads each block of text; the last record of a block may be cut off, so it is held back and read
 * again with the next block (a record still open after twice the text is read again only when the text has
 * doubled, so a long cell costs linear time).
 */
export class CsvRecords {
  /** Text not yet turned into records; starts at a record (or, when recovering, a line) boundary. */
  #pending = '';
  /** File line on which `#pending` starts. */
  #line = 1;
  /** `#pending` follows a CR: a LF at its start ends that line rather than another. */
  #afterCr = false;
  /** Line breaks inside the cells of the records kept so far: the lines a spreadsheet does not count as rows. */
  #extra = 0;
  #newline: Newline;
  /** Cells in the first record kept: a record read again after broken quoting must be as wide. */
  #width: number | undefined;
  /** After broken quoting: looking line by line for a record that reads cleanly. */
  #recovering = false;
  /** While recovering: the first line of `#pending` belongs to the broken record, reported already. */
  #skipFirstLine = false;
  #parseAt: number;
  #records: TableRow[] = [];
  /** Rows that could not be read, as spreadsheet rows, in file order. */
  readonly unreadable: number[] = [];
  /** The cells of the first records kept (at most 3, the most a header takes), to name columns in an error. */
  readonly head: string[][] = [];

  readonly #blockChars: number;
  readonly #maxOpenRecordChars: number;
  readonly #maxCellChars: number;

  constructor(
    readonly delimiter: Delimiter,
    sizes: BlockSizes = {}
  ) {
    this.#parseAt = sizes.firstBlockChars ?? FIRST_BLOCK_CHARS;
    this.#blockChars = sizes.blockChars ?? BLOCK_CHARS;
    this.#maxOpenRecordChars = sizes.maxOpenRecordChars ?? MAX_OPEN_RECORD_CHARS;
    this.#maxCellChars = sizes.maxCellChars ?? MAX_CELL_CHARS;
  }

  /**
   * Throws `TooLongError` for a record with a cell over the limit: a complete record, or one still open at the end
   * of the text read so far (its last cell may grow yet, the others are complete). The one exception is an open
   * quoted cell spanning lines, which may be broken quoting rather than one cell: `maxOpenRecordChars` decides that.
   * An open record without such a cell is refused once it runs on past `maxOpenRecordChars` on one line.
   */
  #checkSize(cells: readonly string[], row: number, open: 'no' | 'plain' | 'quoted', size: number): void {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.length <= this.#maxCellChars) continue;
      if (open === 'quoted' && i === cells.length - 1 && BREAK.test(cell)) continue;
      throw new TooLongError(row, i, this.#maxCellChars);
    }
    if (open === 'plain' && size > this.#maxOpenRecordChars) {
      throw new TooLongError(row, null, this.#maxOpenRecordChars);
    }
  }

  /** Adds text; returns the records that are complete so far. */
  push(text: string): TableRow[] {
    this.#pending += text;
    if (this.#pending.length >= this.#parseAt) this.#drain(false);
    return this.#take();
  }

  /** The end of the file: returns the last records. */
  end(): TableRow[] {
    this.#drain(true);
    return this.#take();
  }

  #take(): TableRow[] {
    const records = this.#records;
    this.#records = [];
    return records;
  }

  /** Drops the first `lines` lines of `#pending`, which end at `offset`. */
  #consumeLines(offset: number, lines: number): void {
    if (offset === 0) return;
    this.#line += lines;
    this.#afterCr = this.#pending.charCodeAt(offset - 1) === 13;
    this.#pending = this.#pending.slice(offset);
  }

  #drain(final: boolean): void {
    while (!(this.#recovering ? this.#recover(final) : this.#read(final)));
    if (final) this.#pending = '';
    else this.#parseAt = Math.max(this.#pending.length + this.#blockChars, 2 * this.#pending.length);
  }

  /** Reads records to the end of the text or to broken quoting; true when it needs more text. */
  #read(final: boolean): boolean {
    const text = this.#pending;
    let consumed = 0;
    let line = this.#line;
    let broken = false;
    Papa.parse<string[]>(text, {
      delimiter: this.delimiter,
      newline: this.#newline,
      step: (result, parser) => {
        this.#newline ??= result.meta.linebreak as Newline;
        const end = result.meta.cursor;
        const open = end >= text.length && !final;
        const quoted = result.errors.length > 0;
        // A broken record (quoting errors, not open) is reported unreadable whatever its size.
        if (open || !quoted) {
          this.#checkSize(
            result.data,
            line - this.#extra,
            open ? (quoted ? 'quoted' : 'plain') : 'no',
            text.length - consumed
          );
        }
        const hopeless = quoted && text.length - consumed > this.#maxOpenRecordChars;
        if (open && !hopeless) {
          parser.abort();
          return;
        }
        if (result.errors.length > 0) {
          broken = true;
          parser.abort();
          return;
        }
        const cells = result.data;
        if (cells.some((cell) => cell.trim() !== '')) {
          this.#width ??= cells.length;
          if (this.head.length < 3) this.head.push(cells);
          this.#records.push({ row: line - this.#extra, cells });
          this.#extra += cellBreaks(cells);
        }
        const afterCr = consumed === 0 ? this.#afterCr : text.charCodeAt(consumed - 1) === 13;
        line += countBreaks(text, consumed, end, afterCr);
        consumed = end;
      }
    });
    this.#consumeLines(consumed, line - this.#line);
    if (!broken) return true;
    this.unreadable.push(this.#line - this.#extra);
    this.#recovering = true;
    this.#skipFirstLine = true;
    return false;
  }

  /**
   * After broken quoting: skips line by line, reporting each non-blank line as unreadable, until a line starts a
   * record that reads cleanly and is as wide as the first record. True when it needs more text first.
   */
  #recover(final: boolean): boolean {
    const text = this.#pending;
    const starts = [0];
    for (const match of text.matchAll(BREAKS)) starts.push(match.index + match[0].length);
    const stopAt = (i: number): void => {
      if (i > 0) this.#skipFirstLine = false;
      this.#consumeLines(starts[i]!, i);
    };
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const next = starts[i + 1];
      // A line without its end yet, or ending in a CR that a LF may follow, waits for more text.
      if (!final && (next === undefined || (next === text.length && text.endsWith('\r')))) {
        if (text.length - start > this.#maxOpenRecordChars) {
          throw new TooLongError(this.#line + i - this.#extra, null, this.#maxOpenRecordChars);
        }
        stopAt(i);
        return true;
      }
      if (i === 0 && this.#skipFirstLine) continue;
      if (text.slice(start, next ?? text.length).trim() === '') continue;
      let cells: string[] | null = null;
      let open = false;
      Papa.parse<string[]>(text.slice(start), {
        delimiter: this.delimiter,
        newline: this.#newline,
        preview: 1,
        step: (result) => {
          const hopeless = result.errors.length > 0 && text.length - start > this.#maxOpenRecordChars;
          open = !final && !hopeless && start + result.meta.cursor >= text.length;
          cells = result.errors.length === 0 ? result.data : null;
        }
      });
      if (open) {
        stopAt(i);
        return true;
      }
      const record = cells as string[] | null;
      if (record && (this.#width === undefined || record.length === this.#width)) {
        stopAt(i);
        this.#recovering = false;
        return false;
      }
      this.unreadable.push(this.#line + i - this.#extra);
    }
    stopAt(starts.length - 1);
    return true;
  }
}
