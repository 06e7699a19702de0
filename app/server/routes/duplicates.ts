import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { questionTexts } from '../../../db/queries/clustering-runs.js';
import { findCycle } from '../../../db/queries/cycles.js';
import { listDuplicateLinks } from '../../../db/queries/duplicates.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  clientErrors,
  CycleParams,
  DuplicateDecisionBody,
  DuplicateDetectionDto,
  DuplicateGroupDto,
  DuplicateLinkDto,
  DuplicateParams,
  DuplicateQuery
} from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { questionTextFor } from '../services/ballot.js';
import { requireUser } from '../plugins/auth.js';
import { decideDuplicate, detectDuplicates } from '../services/duplicates.js';

const duplicates: FastifyPluginAsyncTypebox = async (app) => {
  const requireCycle = async (cycleId: number) => {
    if (!(await findCycle(app.db, cycleId))) throw notFound('Cycle', cycleId);
  };

  app.post(
    '/api/cycles/:cycleId/duplicates/detect',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Compare the active questions and propose repeats (exact after normalisation, or near) as duplicates of ' +
          'the earliest question of their group; decisions already taken stay',
        params: CycleParams,
        response: { 200: DuplicateDetectionDto, ...clientErrors }
      }
    },
    async (request) => detectDuplicates(app.db, request.params.cycleId, requireUser(request).userId)
  );

  app.get(
    '/api/cycles/:cycleId/duplicates',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Duplicate groups: each original with the questions linked to it (optionally of one status)',
        params: CycleParams,
        querystring: DuplicateQuery,
        response: { 200: Type.Array(DuplicateGroupDto), ...clientErrors }
      }
    },
    async (request) => {
      await requireCycle(request.params.cycleId);
      const show = questionTextFor(requireUser(request).role);
      const links = await listDuplicateLinks(app.db, request.params.cycleId, request.query.status);
      const groups = new Map<number, DuplicateGroupDto>();
      for (const link of links) {
        let group = groups.get(link.duplicateOf);
        if (!group) {
          group = { original: { id: link.duplicateOf, text: show(link.originalText) }, members: [] };
          groups.set(link.duplicateOf, group);
        }
        group.members.push({
          linkId: link.id,
          id: link.questionId,
          text: show(link.text),
          similarity: link.similarity,
          exact: link.exact,
          status: link.status,
          decidedAt: link.decidedAt
        });
      }
      return [...groups.values()];
    }
  );

  app.post(
    '/api/cycles/:cycleId/duplicates/:linkId/decision',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          "Confirm or reject a proposed duplicate, or take the decision back ('proposed'). A confirmed duplicate " +
          'counts once in theme sizes and stays listed.',
        params: DuplicateParams,
        body: DuplicateDecisionBody,
        response: { 200: DuplicateLinkDto, ...clientErrors }
      }
    },
    async (request) => {
      const { cycleId, linkId } = request.params;
      const link = await decideDuplicate(app.db, cycleId, linkId, request.body.decision, requireUser(request).userId);
      const texts = await questionTexts(app.db, [link.questionId]);
      return {
        linkId: link.id,
        id: link.questionId,
        text: texts.get(link.questionId) ?? '',
        similarity: link.similarity,
        exact: link.exact,
        status: link.status,
        decidedAt: link.decidedAt
      };
    }
  );
};

export default duplicates;
