import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { insertSource, listCycles, listSources } from '../../db/queries/cycles.js';
import type { Database, SourceKind } from '../../db/schema.js';
import { type ImportPlan, isCsvFile, planImport } from '../server/import/plan.js';
import type { Format } from '../server/import/table.js';
import { importFile } from '../server/services/imports.js';

const SOURCE_KINDS = ['vraagpunt', 'survey', 'focusgroup'] as const;
const SAMPLE_SIZE = 5;

/** Which source a file lands in when the command line does not say. */
const DEFAULT_SOURCE_NAMES: Record<SourceKind, string> = {
  vraagpunt: 'Vraagpunt',
  survey: 'Bevraging',
  focusgroup: 'Focusgroepen',
  other: 'Andere bron'
};

export class CliUsageError extends Error {}

/** The dry-run contract: exactly these keys, in this order. */
export function dryRunReport(plan: ImportPlan) {
  return {
    format: plan.format,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    headerRows: plan.headerRows,
    rows: plan.rows,
    textColumns: plan.textColumns,
    questions: plan.extraction.questions.length,
    rejected: plan.extraction.rejected.map(({ row, reason }) => ({ row, reason })),
    sample: plan.extraction.questions
      .slice(0, SAMPLE_SIZE)
      .map((q) => ({ row: q.rowNumber, column: q.columnName, text: q.text }))
  };
}

function defaultKind(format: Format): SourceKind {
  if (format === 'vraagpunt') return 'vraagpunt';
  if (format === 'notes') return 'focusgroup';
  return 'survey';
}

/** Bytes read to recognise a CSV file's survey tool: its header is at the top. */
const HEAD_BYTES = 64 * 1024;

/** The first `length` bytes of a file (fewer when it is shorter). */
async function readHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The format of a file, for choosing its source: a CSV file by its head (cut after a whole line), others whole. */
async function formatOf(file: string, fileName: string, head: Uint8Array): Promise<Format> {
  if (!isCsvFile(fileName, head)) return (await planImport(fileName, await readFile(file))).format;
  const lastBreak = head.length < HEAD_BYTES ? head.length : head.lastIndexOf(0x0a) + 1;
  return (await planImport(fileName, head.subarray(0, lastBreak || head.length))).format;
}

export async function importCommand(
  args: string[],
  withDatabase: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'text-column': { type: 'string', multiple: true },
      'source-kind': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false }
    }
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliUsageError('import needs exactly one FILE.');
  const kind = values['source-kind'];
  if (kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new CliUsageError(`--source-kind must be one of ${SOURCE_KINDS.join(', ')}; got "${kind}".`);
  }
  const fileName = path.basename(file);
  let head: Uint8Array;
  try {
    head = await readHead(file, HEAD_BYTES);
  } catch {
    throw new CliUsageError(`Cannot read ${file}.`);
  }

  if (values['dry-run']) {
    const plan = await planImport(fileName, await readFile(file), { textColumns: values['text-column'] });
    const report = dryRunReport(plan);
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `${fileName}: ${report.format}, ${report.encoding ?? '-'}, ${report.rows} rows → ${report.questions} questions from ${report.textColumns.join(', ')}; ${report.rejected.length} rejected (nothing stored).`
      );
    }
    return;
  }

  const sourceKind = (kind as SourceKind | undefined) ?? defaultKind(await formatOf(file, fileName, head));
  const batch = await withDatabase(async (db) => {
    const [cycle] = await listCycles(db);
    if (!cycle) throw new CliUsageError('There is no cycle to import into yet; start the app once to create one.');
    const source =
      (await listSources(db, cycle.id)).find((s) => s.kind === sourceKind) ??
      (await insertSource(db, {
        cycleId: cycle.id,
        kind: sourceKind,
        name: DEFAULT_SOURCE_NAMES[sourceKind],
        participantCount: null
      }));
    // Streamed: a CSV file is imported as it is read, whatever its size.
    return importFile(db, {
      cycleId: cycle.id,
      sourceId: source.id,
      fileName,
      bytes: createReadStream(file),
      options: { textColumns: values['text-column'] },
      userId: null
    });
  });
  if (values.json) console.log(JSON.stringify(batch));
  else {
    console.log(
      `Imported ${fileName} into "${batch.sourceName}": ${batch.questionCount} questions added, ${batch.duplicateCount} already present, ${batch.cellsSplit} cells split, ${batch.rejected.length} rows rejected.`
    );
  }
}
