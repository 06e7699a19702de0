import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { findCycle } from '../../../db/queries/cycles.js';
import { findBatch, listBatches } from '../../../db/queries/imports.js';
import { SESSION_OWNER, STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  BatchParams,
  clientErrors,
  CycleParams,
  ImportBatchDto,
  ImportPreviewDto,
  ImportProgressDto,
  ImportQuery,
  MappingDto,
  Ok,
  ProgressParams
} from '../../shared/schemas.js';
import type { Config } from '../config.js';
import { badRequest, notFound, tooLarge } from '../errors.js';
import type { ImportPlan, PlanOptions } from '../import/plan.js';
import type { Delimiter, Encoding } from '../import/table.js';
import { toCsv } from '../lib/csv.js';
import { CSRF_HEADER, requireUser } from '../plugins/auth.js';
import { ImportProgressRegistry } from '../services/import-progress.js';
import { assertUploaded, importFile, limitBody, previewImport, removeImport } from '../services/imports.js';

// Spreadsheets, CSV and text notes arrive as the raw request body: no multipart buffering.
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'text/markdown',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
];

function planOptions(query: Static<typeof ImportQuery>): PlanOptions {
  let mapping: PlanOptions['mapping'];
  if (query.mapping !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(query.mapping);
    } catch {
      throw badRequest('invalid_mapping', 'The column mapping is not valid JSON.');
    }
    if (!Value.Check(MappingDto, parsed)) {
      throw badRequest(
        'invalid_mapping',
        'The column mapping must be {"columns":[{"column","role"}]} with known roles.'
      );
    }
    mapping = parsed;
  }
  return {
    encoding: query.encoding as Encoding | undefined,
    delimiter: query.delimiter as Delimiter | undefined,
    textColumns: query.textColumn,
    mapping,
    split: query.split
  };
}

function previewDto(plan: ImportPlan) {
  return {
    format: plan.format,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    headerRows: plan.headerRows,
    columns: plan.columns,
    mapping: plan.mapping,
    textColumns: plan.textColumns,
    rows: plan.rows,
    questions: plan.extraction.questions.length,
    cellsSplit: plan.extraction.cellsSplit,
    personalRows: plan.extraction.personal.length,
    participantCount: plan.facts.participantCount ?? null,
    preview: plan.preview.map(({ row, cells }) => ({ row, cells })),
    rejected: plan.extraction.rejected,
    sample: plan.extraction.questions
      .slice(0, 10)
      .map((q) => ({ row: q.rowNumber, column: q.columnName, text: q.text }))
  };
}

const imports: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const registry = new ImportProgressRegistry();
  app.addHook('onClose', async () => registry.clear());

  // The body stays a stream: an import reads it as it arrives, and the limit is enforced while it does.
  app.addContentTypeParser(UPLOAD_TYPES, (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > config.maxUploadBytes) {
      payload.resume();
      return done(tooLarge(config.maxUploadBytes), undefined);
    }
    done(null, limitBody(payload, config.maxUploadBytes));
  });

  const cycleOr404 = async (cycleId: number) => {
    if (!(await findCycle(app.db, cycleId))) throw notFound('Cycle', cycleId);
  };

  app.get(
    '/api/cycles/:cycleId/imports',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Import batches, newest first',
        params: CycleParams,
        response: { 200: Type.Array(ImportBatchDto), ...clientErrors }
      }
    },
    async (request) => {
      await cycleOr404(request.params.cycleId);
      return listBatches(app.db, request.params.cycleId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/imports/preview',
    {
      bodyLimit: config.maxUploadBytes,
      schema: {
        'x-roles': STAFF,
        summary: 'Read a file without storing it: detected format, encoding, delimiter, proposed mapping, first rows',
        consumes: UPLOAD_TYPES,
        params: CycleParams,
        querystring: ImportQuery,
        response: { 200: ImportPreviewDto, ...clientErrors }
      }
    },
    async (request) => {
      await cycleOr404(request.params.cycleId);
      const plan = await previewImport(app.db, {
        cycleId: request.params.cycleId,
        sourceId: request.query.sourceId,
        fileName: request.query.fileName,
        bytes: assertUploaded(request.body),
        options: planOptions(request.query),
        userId: requireUser(request).userId
      });
      return previewDto(plan);
    }
  );

  app.post(
    '/api/cycles/:cycleId/imports',
    {
      bodyLimit: config.maxUploadBytes,
      schema: {
        'x-roles': STAFF,
        summary: 'Import a file (CSV of any survey tool, XLSX, focus-group notes) into a source; the file is the body',
        consumes: UPLOAD_TYPES,
        params: CycleParams,
        querystring: ImportQuery,
        response: { 201: ImportBatchDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      await cycleOr404(request.params.cycleId);
      const user = requireUser(request);
      const key = request.query.progress;
      const owner = { tokenHash: request.sessionTokenHash!, csrfToken: user.csrfToken };
      const progress = key ? registry.start(key, owner) : undefined;
      try {
        const batch = await importFile(app.db, {
          cycleId: request.params.cycleId,
          sourceId: request.query.sourceId,
          fileName: request.query.fileName,
          bytes: assertUploaded(request.body),
          options: planOptions(request.query),
          userId: user.userId,
          progress
        });
        progress?.report({
          bytes: batch.sizeBytes,
          rows: batch.rowCount,
          questions: batch.questionCount + batch.duplicateCount
        });
        progress?.finish('done');
        return reply.status(201).send(batch);
      } catch (error) {
        progress?.finish((error as { code?: string }).code === 'import_cancelled' ? 'cancelled' : 'failed');
        throw error;
      }
    }
  );

  app.get(
    '/api/imports/progress/:key',
    {
      schema: {
        'x-roles': SESSION_OWNER,
        summary: 'How far a running import has come: bytes and rows read, questions found',
        params: ProgressParams,
        response: { 200: ImportProgressDto, ...clientErrors }
      }
    },
    async (request) => {
      const progress = registry.get(request.params.key, request.sessionTokenHash);
      if (!progress) throw notFound('Import progress', request.params.key);
      return progress;
    }
  );

  app.post(
    '/api/imports/progress/:key/cancel',
    {
      schema: {
        'x-roles': SESSION_OWNER,
        summary: 'Stop a running import; it rolls back and stores nothing',
        params: ProgressParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      const csrf = request.headers[CSRF_HEADER];
      if (!registry.cancel(request.params.key, request.sessionTokenHash, typeof csrf === 'string' ? csrf : undefined)) {
        throw notFound('Running import', request.params.key);
      }
      return { ok: true as const };
    }
  );

  app.delete(
    '/api/cycles/:cycleId/imports/:batchId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Undo an import (refused once a theme holding its questions was rated)',
        params: BatchParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await removeImport(app.db, request.params.batchId, request.params.cycleId, requireUser(request).userId);
      return { ok: true as const };
    }
  );

  app.get(
    '/api/cycles/:cycleId/imports/:batchId/rejected.csv',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'The rows an import left out, with row number and reason',
        produces: ['text/csv'],
        params: BatchParams,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const batch = await findBatch(app.db, request.params.batchId);
      if (!batch || batch.cycleId !== request.params.cycleId) throw notFound('Import', request.params.batchId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="afgewezen-rijen-import-${batch.id}.csv"`)
        .send(
          toCsv(
            ['row', 'column', 'reason'],
            batch.rejected.map((r) => [r.row, r.column ?? '', r.reason])
          )
        );
    }
  );
};

export default imports;
