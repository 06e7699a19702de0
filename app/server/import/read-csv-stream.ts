import { createHash } from 'node:crypto';
import { badRequest } from '../errors.js';
import { type BlockSizes, CsvRecords, FIRST_BLOCK_CHARS, TooLongError } from './csv-records.js';
import { EncodingError, SNIFF_BYTES, sniffEncoding, streamDecoder } from './decode.js';
import { detectDelimiter } from './delimiter.js';
import { readHeader } from './formats.js';
import {
  cellTooLong,
  type Delimiter,
  type Encoding,
  type Format,
  type ReadOptions,
  rowTooLong,
  type Table,
  type TableRow
} from './table.js';

/**
 * Data rows held before importing starts: the mapping is suggested from them, and so is each date column's
 * day/month order. A file of at most this many rows is read exactly as `readCsv` reads it whole.
 */
export const SAMPLE_ROWS = 10_000;

/** Bytes decoded at a time. */
const SLICE_BYTES = 16 * 1024;

/**
 * Bytes taken from the source at a time: a source may hand over a whole file as one chunk (a request body
 * injected in tests, a file in memory), and the limits on a cell or row only bound memory when text arrives in
 * parts. Subarrays, so nothing is copied.
 */
const PIECE_BYTES = 1024 * 1024;

/** Rows handed on at a time. */
const BATCH_ROWS = 2_000;

export interface CsvStream {
  format: Format;
  encoding: Encoding;
  delimiter: Delimiter;
  headerRows: number;
  /** From the header and the sample: cells beyond them in later rows are not read. */
  columns: string[];
  /** The first data rows (at most SAMPLE_ROWS), as a table for suggesting the mapping; `rows()` empties it. */
  sample: Table;
  /** Every data row, the sample first, in batches; reading them reads the rest of the file. */
  rows(): AsyncGenerator<TableRow[]>;
  /** Rows that could not be read; complete once `rows()` is done. */
  readonly unreadable: Table['unreadable'];
  /** Bytes read so far; the file's size once `rows()` is done. */
  readonly size: number;
  /** SHA-256 of the file, hex; call once `rows()` is done. */
  sha256(): string;
  /** Stops reading the source (an upload or a file) when the rows will not all be read. */
  close(): Promise<void>;
}

const UNREADABLE = 'unreadable';

/**
 * Reads a CSV export as it arrives, with memory bounded by the sample and a block of text, not by the file.
 * The first MiB decides the encoding (see `SNIFF_BYTES`), the delimiter (`detectDelimiter`) and how lines end;
 * the first records decide the survey tool and header (`readHeader`). Row numbers, unreadable rows and cells are
 * those `readCsv` finds. An encoding error later in the file throws `invalid_encoding` while rows are read; a cell
 * over MAX_CELL_CHARS `field_too_long` and a line that never ends `row_too_long`, as soon as they are met.
 */
export async function openCsvStream(
  fileName: string,
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions = {},
  sizes: BlockSizes & { sampleRows?: number } = {}
): Promise<CsvStream> {
  const sampleSize = sizes.sampleRows ?? SAMPLE_ROWS;
  const iterator = source[Symbol.asyncIterator]();
  const hash = createHash('sha256');
  let size = 0;
  let ended = false;
  /** The part of a chunk over PIECE_BYTES not handed on yet. */
  let rest: Uint8Array | null = null;
  const nextBytes = async (): Promise<Uint8Array | null> => {
    let bytes = rest;
    rest = null;
    if (!bytes) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        return null;
      }
      bytes = next.value;
    }
    if (bytes.byteLength > PIECE_BYTES) {
      rest = bytes.subarray(PIECE_BYTES);
      bytes = bytes.subarray(0, PIECE_BYTES);
    }
    hash.update(bytes);
    size += bytes.byteLength;
    return bytes;
  };

  const close = async () => {
    await iterator.return?.();
  };
  try {
    return await open();
  } catch (error) {
    await close();
    throw error;
  }

  async function open(): Promise<CsvStream> {
    const head: Uint8Array[] = [];
    let headBytes = 0;
    while (headBytes < SNIFF_BYTES) {
      const bytes = await nextBytes();
      if (!bytes) break;
      head.push(bytes);
      headBytes += bytes.byteLength;
    }
    if (size === 0) throw badRequest('empty_file', `${fileName} is empty.`, { fileName });
    const encoding = sniffEncoding(Buffer.concat(head), ended, options.encoding);
    const decoder = streamDecoder(encoding, !options.encoding && encoding === 'utf-8');
    const decode = (bytes: Uint8Array | null): string => {
      try {
        return bytes ? decoder.write(bytes) : decoder.end();
      } catch (error) {
        if (!(error instanceof EncodingError)) throw error;
        throw badRequest(
          'invalid_encoding',
          `${fileName} reads as UTF-8 at the start, but not after byte ${error.offset}. Save it as UTF-8, or choose its encoding.`,
          { fileName, encoding, offset: error.offset }
        );
      }
    };

    // Enough text to detect the delimiter and guess line endings as a whole-file read would.
    let text = head.map((bytes) => decode(bytes)).join('');
    while (!ended && text.length < (sizes.firstBlockChars ?? FIRST_BLOCK_CHARS)) text += decode(await nextBytes());
    if (ended) text += decode(null);
    const delimiter = options.delimiter ?? detectDelimiter(text);
    const records = new CsvRecords(delimiter, sizes);
    /** Column names once the header is read, to name a column with a cell that is too long. */
    let names: readonly string[] = [];
    const parse = (read: () => TableRow[]): TableRow[] => {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof TooLongError)) throw error;
        if (names.length === 0) names = readHeader(records.head).columns;
        throw error.column === null
          ? rowTooLong(fileName, error.row, error.limit)
          : cellTooLong(fileName, error.row, names[error.column] ?? `Kolom ${error.column + 1}`, error.limit);
      }
    };

    /** Reads on; null at the end of the file. */
    const more = async (): Promise<TableRow[] | null> => {
      if (ended) return null;
      const bytes = await nextBytes();
      if (!bytes) return parse(() => records.push(decode(null)).concat(records.end()));
      // Decoded a slice at a time, so no string is large enough to outlive V8's nursery (see BLOCK_CHARS).
      const found: TableRow[] = [];
      for (let i = 0; i < bytes.byteLength; i += SLICE_BYTES) {
        for (const record of parse(() => records.push(decode(bytes.subarray(i, i + SLICE_BYTES))))) found.push(record);
      }
      return found;
    };

    const first = parse(() => records.push(text).concat(ended ? records.end() : []));
    // Header rows (at most 3) and the sample.
    while (first.length < sampleSize + 3) {
      const next = await more();
      if (!next) break;
      for (const record of next) first.push(record);
    }
    const { format, headerRows, columns } = readHeader(first.slice(0, sampleSize + 3).map((r) => r.cells));
    names = columns;
    const toRow = ({ row, cells }: TableRow): TableRow => ({
      row,
      cells: columns.map((_, i) => cells[i] ?? '')
    });
    const sampleRows = first.slice(headerRows, headerRows + sampleSize).map(toRow);
    const rest = first.slice(headerRows + sampleSize).map(toRow);
    const unreadable: Table['unreadable'] = [];
    const syncUnreadable = () => {
      for (let i = unreadable.length; i < records.unreadable.length; i++) {
        unreadable.push({ row: records.unreadable[i]!, reason: UNREADABLE });
      }
    };
    syncUnreadable();

    const sample: Table = {
      format,
      encoding,
      delimiter,
      headerRows,
      columns,
      rows: sampleRows,
      unreadable: [...unreadable],
      facts: {}
    };

    async function* rows(): AsyncGenerator<TableRow[]> {
      // The sample is handed on and let go of, so it is not held for the rest of the file.
      first.length = 0;
      while (sampleRows.length > 0) yield sampleRows.splice(0, BATCH_ROWS);
      if (rest.length > 0) yield rest.splice(0);
      let batch: TableRow[] = [];
      for (;;) {
        const next = await more();
        syncUnreadable();
        if (!next) break;
        for (const record of next) batch.push(toRow(record));
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }

    return {
      format,
      encoding,
      delimiter,
      headerRows,
      columns,
      sample,
      rows,
      unreadable,
      get size() {
        return size;
      },
      sha256: () => hash.digest('hex'),
      close
    };
  }
}
