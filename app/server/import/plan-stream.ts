import { badRequest } from '../errors.js';
import { dateOrder, type Mapping } from './columns.js';
import { type Extraction, type PersonalData, rowExtractor } from './extract.js';
import { type PlannedQuestion, type PlanOptions, resolveMapping } from './plan.js';
import { openCsvStream } from './read-csv-stream.js';
import type { Delimiter, Encoding, Format } from './table.js';

/** What one batch of rows yields. */
export interface PlannedBatch {
  questions: PlannedQuestion[];
  personal: PersonalData[];
}

/** Known once every batch was read. */
export interface StreamSummary {
  /** Data records, header rows excluded, unreadable ones included. */
  rows: number;
  questions: number;
  cellsSplit: number;
  rejected: Extraction['rejected'];
  size: number;
  sha256: string;
}

export interface StreamPlan {
  format: Format;
  encoding: Encoding;
  delimiter: Delimiter;
  headerRows: number;
  columns: string[];
  mapping: Mapping;
  textColumns: string[];
  /** Questions and personal data, batch by batch, in file order; reading them reads the file. */
  batches(): AsyncGenerator<PlannedBatch>;
  /** Rows and questions read so far. */
  progress(): { rows: number; questions: number };
  /** Call once `batches()` is done. */
  summary(): StreamSummary;
  /** Stops reading the file, when the batches will not all be read. */
  close(): Promise<void>;
}

/**
 * `planImport` for a CSV file read as a stream: the same detection, mapping and extraction, but the mapping is
 * suggested (and each date column's day/month order settled) from the first `SAMPLE_ROWS` rows rather than all,
 * and questions come out batch by batch instead of as one list, so memory does not grow with the file.
 */
export async function planCsvStream(
  fileName: string,
  source: AsyncIterable<Uint8Array>,
  options: PlanOptions = {}
): Promise<StreamPlan> {
  const csv = await openCsvStream(fileName, source, { encoding: options.encoding, delimiter: options.delimiter });
  const { sample, columns } = csv;
  let mapping: Mapping;
  try {
    if (sample.rows.length === 0 && sample.unreadable.length === 0) {
      throw badRequest('no_rows', `${fileName} has no rows of questions.`, { fileName });
    }
    mapping = resolveMapping(fileName, sample, options);
  } catch (error) {
    await csv.close();
    throw error;
  }
  const dateOrders = new Map(
    mapping.columns
      .filter((c) => c.role === 'date' && columns.includes(c.column))
      .map((c) => {
        const index = columns.indexOf(c.column);
        return [c.column, dateOrder(sample.rows.map((r) => r.cells[index] ?? ''))] as const;
      })
  );
  const extract = rowExtractor(columns, mapping, { split: options.split ?? true, dateOrders });
  const columnIndex = new Map(columns.map((column, i) => [column, i]));

  let rows = 0;
  let questions = 0;
  let cellsSplit = 0;
  const rejected: Extraction['rejected'] = [];
  let done = false;

  // Without a text column there is nothing to extract (as in `planImport`); an import refuses such a plan.
  const hasText = mapping.columns.some((c) => c.role === 'text');

  async function* batches(): AsyncGenerator<PlannedBatch> {
    for await (const tableRows of csv.rows()) {
      const batch: PlannedBatch = { questions: [], personal: [] };
      for (const row of hasText ? tableRows : []) {
        const one = extract(row);
        for (const q of one.questions) {
          const planned = q as PlannedQuestion;
          planned.cellText = q.splitOf > 1 ? (row.cells[columnIndex.get(q.columnName)!] ?? null) : null;
          batch.questions.push(planned);
        }
        if (one.personal) batch.personal.push(one.personal);
        for (const r of one.rejected) rejected.push(r);
        cellsSplit += one.cellsSplit;
        questions += one.questions.length;
      }
      rows += tableRows.length;
      yield batch;
    }
    done = true;
  }

  return {
    format: csv.format,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    headerRows: csv.headerRows,
    columns,
    mapping,
    textColumns: mapping.columns.filter((c) => c.role === 'text').map((c) => c.column),
    batches,
    close: csv.close,
    progress: () => ({ rows, questions }),
    summary: () => {
      if (!done) throw new Error('summary() before every batch was read');
      for (const { row } of csv.unreadable) rejected.push({ row, column: null, reason: 'unreadable' });
      rejected.sort((a, b) => a.row - b.row);
      return {
        rows: rows + csv.unreadable.length,
        questions,
        cellsSplit,
        rejected,
        size: csv.size,
        sha256: csv.sha256()
      };
    }
  };
}
