import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { findSource } from '../../../db/queries/cycles.js';
import { withConnection } from '../../../db/connect.js';
import { type ImportChunk, openQuestionWriter } from '../../../db/queries/import-copy.js';
import {
  batchIsRated,
  completeBatch,
  deleteBatch,
  findBatch,
  type ImportBatch,
  insertBatch,
  insertBatchHeader,
  saveSourceMapping,
  sourceMapping
} from '../../../db/queries/imports.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import { badRequest, conflict, notFound, tooLarge } from '../errors.js';
import type { Mapping } from '../import/columns.js';
import { assertTextColumn, type ImportPlan, isCsvFile, planImport, type PlanOptions } from '../import/plan.js';
import { planCsvStream, type StreamPlan } from '../import/plan-stream.js';
import type { ProgressReporter } from './import-progress.js';

/** A file as bytes in memory, or as a stream of chunks that can be read once. */
export type FileBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface ImportInput {
  cycleId: number;
  sourceId: number;
  fileName: string;
  bytes: FileBody;
  options?: PlanOptions;
  userId: number | null;
  /** Told how far a streamed import has come; asked between chunks whether to stop. */
  progress?: ProgressReporter;
}

/** A CSV file in memory that is larger than this is imported as a stream too: its rows would take far more. */
export const STREAM_FROM_BYTES = 4 * 1024 * 1024;

/** Questions written per COPY and merge: large enough to amortise a round trip, small enough to stay lean. */
const CHUNK_QUESTIONS = 5_000;

/** Reads a whole body into memory. */
export async function readBody(body: FileBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The first `count` bytes of a stream (fewer if it is shorter), and the whole stream to read on with. */
async function peek(
  body: AsyncIterable<Uint8Array>,
  count: number
): Promise<{ head: Uint8Array; body: AsyncIterable<Uint8Array> }> {
  const iterator = body[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  while (length < count) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    length += next.value.byteLength;
  }
  async function* again(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head: Buffer.concat(seen), body: again() };
}

/** The body as it is, telling `progress` how many bytes have been read of it. */
async function* counted(body: AsyncIterable<Uint8Array>, progress: ProgressReporter): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    progress.report({ bytes });
    yield chunk;
  }
}

async function* chunksOf(bytes: Uint8Array, size = 1024 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

async function rememberedMapping(db: Kysely<Database>, input: ImportInput): Promise<Mapping | null | undefined> {
  const source = await findSource(db, input.cycleId, input.sourceId);
  if (!source) throw notFound('Source', input.sourceId);
  return input.options?.mapping ? undefined : ((await sourceMapping(db, source.id)) as Mapping | null);
}

/** What staff see before importing: the detected choices, the proposed mapping and the first rows. */
export async function previewImport(db: Kysely<Database>, input: ImportInput): Promise<ImportPlan> {
  const remembered = await rememberedMapping(db, input);
  return planImport(input.fileName, await readBody(input.bytes), { ...input.options, remembered });
}

/**
 * Reads a file into a source as one transaction: all of it lands, or nothing does. A CSV file that arrives as a
 * stream, or is large, is read as a stream (`importCsvStream`); XLSX and notes are read whole.
 */
export async function importFile(db: Kysely<Database>, input: ImportInput): Promise<ImportBatch> {
  const body =
    input.progress && !(input.bytes instanceof Uint8Array) ? counted(input.bytes, input.progress) : input.bytes;
  if (body instanceof Uint8Array) {
    if (body.byteLength > STREAM_FROM_BYTES && isCsvFile(input.fileName, body)) {
      return importCsvStream(db, { ...input, bytes: chunksOf(body) });
    }
    return importWhole(db, { ...input, bytes: body });
  }
  const peeked = await peek(body, 4);
  if (isCsvFile(input.fileName, peeked.head)) return importCsvStream(db, { ...input, bytes: peeked.body });
  return importWhole(db, { ...input, bytes: await readBody(peeked.body) });
}

/**
 * Imports a CSV file as it is read, in one transaction on one connection: the batch first, then the questions in
 * chunks (COPY into a staging table and a merge on PostgreSQL; see `openQuestionWriter`), then the counts. While
 * the database merges one chunk, the next is read and extracted. Any error, including an upload cut off or too
 * large and an encoding error deep in the file, rolls the whole import back.
 */
export async function importCsvStream(
  db: Kysely<Database>,
  input: ImportInput & { bytes: AsyncIterable<Uint8Array> }
): Promise<ImportBatch> {
  const remembered = await rememberedMapping(db, input);
  const plan = await planCsvStream(input.fileName, input.bytes, { ...input.options, remembered });
  try {
    assertTextColumn(input.fileName, plan);
    return await writeStreamed(db, input, plan);
  } finally {
    await plan.close();
  }
}

async function writeStreamed(db: Kysely<Database>, input: ImportInput, plan: StreamPlan): Promise<ImportBatch> {
  return withConnection(db, (connection, client) =>
    inTransaction(connection, async (trx) => {
      const batchId = await insertBatchHeader(trx, {
        sourceId: input.sourceId,
        fileName: input.fileName,
        sha256: '',
        format: plan.format,
        encoding: plan.encoding,
        delimiter: plan.delimiter,
        headerRows: plan.headerRows,
        mapping: plan.mapping,
        textColumns: plan.textColumns,
        sizeBytes: 0,
        rowCount: 0,
        cellsSplit: 0,
        rejected: [],
        createdBy: input.userId
      });
      const writer = await openQuestionWriter(
        trx,
        { cycleId: input.cycleId, sourceId: input.sourceId, batchId },
        client
      );
      let inserted = 0;
      let writing: Promise<number> = Promise.resolve(0);
      const write = async (chunk: ImportChunk) => {
        inserted += await writing;
        writing = writer.write(chunk);
        // Awaited before the next chunk or on the way out; this only keeps a failure from going unhandled meanwhile.
        writing.catch(() => {});
      };
      try {
        let chunk: ImportChunk = { questions: [], personal: [] };
        for await (const batch of plan.batches()) {
          input.progress?.throwIfCancelled();
          input.progress?.report(plan.progress());
          for (const q of batch.questions) chunk.questions.push(q);
          for (const p of batch.personal) chunk.personal.push(p);
          if (chunk.questions.length >= CHUNK_QUESTIONS) {
            await write(chunk);
            chunk = { questions: [], personal: [] };
          }
        }
        input.progress?.throwIfCancelled();
        input.progress?.report(plan.progress());
        await write(chunk);
        inserted += await writing;
      } catch (error) {
        await writing.catch(() => {});
        throw error;
      }
      await writer.close();
      const summary = plan.summary();
      await completeBatch(trx, batchId, {
        questionCount: inserted,
        duplicateCount: summary.questions - inserted,
        sha256: summary.sha256,
        sizeBytes: summary.size,
        rowCount: summary.rows,
        cellsSplit: summary.cellsSplit,
        rejected: summary.rejected
      });
      await saveSourceMapping(trx, input.sourceId, plan.mapping);
      const batch = (await findBatch(trx, batchId))!;
      await auditImport(trx, input.userId, batch);
      return batch;
    })
  );
}

async function auditImport(db: Kysely<Database>, userId: number | null, batch: ImportBatch): Promise<void> {
  await writeAudit(db, {
    actorId: userId,
    action: 'import.create',
    entity: 'import_batch',
    entityId: batch.id,
    after: {
      fileName: batch.fileName,
      sha256: batch.sha256,
      format: batch.format,
      questions: batch.questionCount,
      duplicates: batch.duplicateCount,
      split: batch.cellsSplit,
      rejected: batch.rejected.length
    }
  });
}

/** Imports a file read whole: XLSX, notes and small CSV files. */
async function importWhole(db: Kysely<Database>, input: ImportInput & { bytes: Uint8Array }): Promise<ImportBatch> {
  const plan = await previewImport(db, input);
  assertTextColumn(input.fileName, plan);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  return inTransaction(db, async (trx) => {
    const batch = await insertBatch(
      trx,
      input.cycleId,
      {
        sourceId: input.sourceId,
        fileName: input.fileName,
        sha256,
        format: plan.format,
        encoding: plan.encoding ?? 'binary',
        delimiter: plan.delimiter ?? '',
        headerRows: plan.headerRows,
        mapping: plan.mapping,
        textColumns: plan.textColumns,
        sizeBytes: input.bytes.byteLength,
        rowCount: plan.rows,
        cellsSplit: plan.extraction.cellsSplit,
        rejected: plan.extraction.rejected,
        createdBy: input.userId
      },
      plan.extraction.questions.map((q) => ({
        rowNumber: q.rowNumber,
        columnName: q.columnName,
        text: q.text,
        textHash: q.textHash,
        level: q.level,
        askerRole: q.askerRole,
        askedOn: q.askedOn,
        splitIndex: q.splitIndex,
        splitOf: q.splitOf,
        cellText: q.cellText
      })),
      plan.extraction.personal
    );
    await saveSourceMapping(trx, input.sourceId, plan.mapping);
    if (plan.facts.participantCount !== undefined) {
      await trx
        .updateTable('sources')
        .set({ participant_count: plan.facts.participantCount })
        .where('id', '=', input.sourceId)
        .where('participant_count', 'is', null)
        .execute();
    }
    await auditImport(trx, input.userId, batch);
    return batch;
  });
}

/** Undo an import: its questions and personal data go, as long as no theme holding them was rated. */
export async function removeImport(
  db: Kysely<Database>,
  batchId: number,
  cycleId: number,
  userId: number | null
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const batch = await findBatch(trx, batchId);
    if (!batch || batch.cycleId !== cycleId) throw notFound('Import', batchId);
    if (await batchIsRated(trx, batchId)) {
      throw conflict('batch_rated', `Questions of ${batch.fileName} are in a theme that was rated; the import stays.`, {
        fileName: batch.fileName
      });
    }
    await deleteBatch(trx, batchId);
    await writeAudit(trx, {
      actorId: userId,
      action: 'import.delete',
      entity: 'import_batch',
      entityId: batchId,
      before: batch
    });
  });
}

/** The file sent as the request body: bytes, or a stream (the upload routes parse bodies as streams). */
export function assertUploaded(body: unknown): FileBody {
  const isStream = typeof (body as AsyncIterable<Uint8Array> | null)?.[Symbol.asyncIterator] === 'function';
  if (!(body instanceof Uint8Array) && !isStream) {
    throw badRequest('no_file', 'Send the file as the request body (e.g. Content-Type text/csv).');
  }
  return body as FileBody;
}

/**
 * Passes a request body on as it arrives, failing with `too_large` as soon as it exceeds `limit` bytes, so an
 * oversized upload is never held in memory nor half imported.
 */
export async function* limitBody(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    yield chunk;
  }
}
