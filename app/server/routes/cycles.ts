import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCycle, insertSource, listCommittees, listCycles, listSources } from '../../../db/queries/cycles.js';
import { listQuestions } from '../../../db/queries/questions.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  clientErrors,
  CommitteeDto,
  CycleDto,
  CycleParams,
  NewSourceBody,
  QuestionDto,
  SourceDto
} from '../../shared/schemas.js';
import { conflict, notFound } from '../errors.js';
import { questionTextFor } from '../services/ballot.js';
import { requireUser } from '../plugins/auth.js';

const cycles: FastifyPluginAsyncTypebox = async (app) => {
  const cycleOr404 = async (cycleId: number) => {
    const cycle = await findCycle(app.db, cycleId);
    if (!cycle) throw notFound('Cycle', cycleId);
    return cycle;
  };

  app.get(
    '/api/cycles',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'All agenda cycles, newest first',
        response: { 200: Type.Array(CycleDto), ...clientErrors }
      }
    },
    async () => listCycles(app.db)
  );

  app.get(
    '/api/cycles/:cycleId',
    { schema: { 'x-roles': STAFF_AND_DIRECTOR, params: CycleParams, response: { 200: CycleDto, ...clientErrors } } },
    async (request) => cycleOr404(request.params.cycleId)
  );

  app.get(
    '/api/cycles/:cycleId/sources',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Sources of questions with their question counts',
        params: CycleParams,
        response: { 200: Type.Array(SourceDto), ...clientErrors }
      }
    },
    async (request) => {
      await cycleOr404(request.params.cycleId);
      return listSources(app.db, request.params.cycleId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/sources',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Add a source (form, survey, focus group, other)',
        params: CycleParams,
        body: NewSourceBody,
        response: { 201: SourceDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const user = requireUser(request);
      await cycleOr404(request.params.cycleId);
      const existing = await listSources(app.db, request.params.cycleId);
      const name = request.body.name.trim();
      if (existing.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw conflict('source_exists', `This cycle already has a source called "${name}".`, { name });
      }
      const source = await app.db.transaction().execute(async (trx) => {
        const created = await insertSource(trx, {
          cycleId: request.params.cycleId,
          kind: request.body.kind,
          name,
          participantCount: request.body.participantCount ?? null
        });
        await writeAudit(trx, {
          actorId: user.userId,
          action: 'source.create',
          entity: 'source',
          entityId: created.id,
          after: created
        });
        return created;
      });
      return reply.status(201).send(source);
    }
  );

  app.get(
    '/api/cycles/:cycleId/committees',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Committees with their members',
        params: CycleParams,
        response: { 200: Type.Array(CommitteeDto), ...clientErrors }
      }
    },
    async (request) => {
      await cycleOr404(request.params.cycleId);
      return listCommittees(app.db, request.params.cycleId);
    }
  );

  app.get(
    '/api/cycles/:cycleId/questions',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Questions with their provenance',
        params: CycleParams,
        querystring: Type.Object(
          { themeId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false }
        ),
        response: { 200: Type.Array(QuestionDto), ...clientErrors }
      }
    },
    async (request) => {
      await cycleOr404(request.params.cycleId);
      const questions = await listQuestions(app.db, request.params.cycleId, { themeId: request.query.themeId });
      const show = questionTextFor(requireUser(request).role);
      return questions.map((q) => ({ ...q, text: show(q.text) }));
    }
  );
};

export default cycles;
