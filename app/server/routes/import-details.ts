import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findBatch, listPersonalData } from '../../../db/queries/imports.js';
import { listSplitCells } from '../../../db/queries/questions.js';
import { STAFF } from '../../shared/roles.js';
import {
  BatchParams,
  clientErrors,
  PersonalRecordDto,
  QuestionParams,
  SplitCellDto,
  UndoSplitDto
} from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { requireUser } from '../plugins/auth.js';
import { undoSplit } from '../services/questions.js';

/** What an import did to its cells, and the askers' personal data it set apart: staff only. */
const importDetails: FastifyPluginAsyncTypebox = async (app) => {
  const batchOr404 = async (cycleId: number, batchId: number) => {
    const batch = await findBatch(app.db, batchId);
    if (!batch || batch.cycleId !== cycleId) throw notFound('Import', batchId);
    return batch;
  };

  app.get(
    '/api/cycles/:cycleId/imports/:batchId/splits',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Cells of an import that were split into several questions',
        params: BatchParams,
        response: { 200: Type.Array(SplitCellDto), ...clientErrors }
      }
    },
    async (request) => {
      await batchOr404(request.params.cycleId, request.params.batchId);
      return listSplitCells(app.db, request.params.batchId);
    }
  );

  app.get(
    '/api/cycles/:cycleId/imports/:batchId/personal-data',
    {
      schema: {
        'x-roles': STAFF,
        summary: "Askers' personal data from an import (name, e-mail, phone, IP), kept apart from the questions",
        params: BatchParams,
        response: { 200: Type.Array(PersonalRecordDto), ...clientErrors }
      }
    },
    async (request) => {
      await batchOr404(request.params.cycleId, request.params.batchId);
      return listPersonalData(app.db, request.params.batchId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/questions/:questionId/undo-split',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Undo the split of a cell: its parts become one question again',
        params: QuestionParams,
        response: { 200: UndoSplitDto, ...clientErrors }
      }
    },
    async (request) =>
      undoSplit(app.db, {
        cycleId: request.params.cycleId,
        questionId: request.params.questionId,
        userId: requireUser(request).userId
      })
  );
};

export default importDetails;
