import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCycle } from '../../../db/queries/cycles.js';
import { findRound, listRounds, memberProgress } from '../../../db/queries/rounds.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  clientErrors,
  CycleParams,
  NewRoundBody,
  Ok,
  ProgressDto,
  RankingDto,
  RoundDetailDto,
  RoundDto,
  RoundMonitorDto,
  RoundParams,
  RoundSummaryDto,
  SummaryQuery
} from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { requireUser } from '../plugins/auth.js';
import {
  closeRound,
  createRound,
  monitorRound,
  openDraft,
  ranking,
  rankingCsv,
  removeRound,
  resultsRound,
  roundDetail,
  ruleFromQuery,
  scoresCsv,
  summariseRound,
  updateDraft
} from '../services/rounds.js';

const rounds: FastifyPluginAsyncTypebox = async (app) => {
  const roundOr404 = async (roundId: number) => {
    const round = await findRound(app.db, roundId);
    if (!round) throw notFound('Round', roundId);
    return round;
  };

  app.get(
    '/api/cycles/:cycleId/rounds',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Rating and feedback rounds of a cycle, newest first',
        params: CycleParams,
        response: { 200: Type.Array(RoundDto), ...clientErrors }
      }
    },
    async (request) => {
      if (!(await findCycle(app.db, request.params.cycleId))) throw notFound('Cycle', request.params.cycleId);
      return listRounds(app.db, request.params.cycleId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/rounds',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Set up a round, as a draft or opened at once (defaults: a rating round, all themes, all committees, ' +
          'scale 1–5, one criterion, blind, consensus ≥ 70 % in the top third and IQR ≤ 1)',
        params: CycleParams,
        body: NewRoundBody,
        response: { 201: RoundDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const round = await createRound(app.db, {
        cycleId: request.params.cycleId,
        body: request.body,
        userId: requireUser(request).userId,
        now: new Date()
      });
      return reply.status(201).send(round);
    }
  );

  app.get(
    '/api/rounds/:roundId',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'A round with its criteria and themes',
        params: RoundParams,
        response: { 200: RoundDetailDto, ...clientErrors }
      }
    },
    async (request) => roundDetail(app.db, request.params.roundId)
  );

  app.put(
    '/api/rounds/:roundId',
    {
      schema: {
        'x-roles': STAFF,
        summary: "Change a draft's setup (status 'open' opens it too)",
        params: RoundParams,
        body: NewRoundBody,
        response: { 200: RoundDto, ...clientErrors }
      }
    },
    async (request) =>
      updateDraft(app.db, {
        roundId: request.params.roundId,
        body: request.body,
        userId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.delete(
    '/api/rounds/:roundId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Delete a round nobody has answered in (a draft, or one opened by mistake)',
        params: RoundParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await removeRound(app.db, request.params.roundId, requireUser(request).userId);
      return { ok: true as const };
    }
  );

  app.post(
    '/api/rounds/:roundId/open',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Open a draft: members can answer from now on',
        params: RoundParams,
        response: { 200: RoundDto, ...clientErrors }
      }
    },
    async (request) => openDraft(app.db, request.params.roundId, requireUser(request).userId, new Date())
  );

  app.post(
    '/api/rounds/:roundId/close',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Close a round: no more scores',
        params: RoundParams,
        response: { 200: RoundDto, ...clientErrors }
      }
    },
    async (request) => closeRound(app.db, request.params.roundId, requireUser(request).userId, new Date())
  );

  app.get(
    '/api/rounds/:roundId/progress',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Per member the number of themes scored',
        params: RoundParams,
        response: { 200: ProgressDto, ...clientErrors }
      }
    },
    async (request) => {
      await roundOr404(request.params.roundId);
      return memberProgress(app.db, request.params.roundId);
    }
  );

  app.get(
    '/api/rounds/:roundId/monitor',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Response progress per committee and per member: answered, submitted, latest activity',
        params: RoundParams,
        response: { 200: RoundMonitorDto, ...clientErrors }
      }
    },
    async (request) => monitorRound(app.db, request.params.roundId)
  );

  app.get(
    '/api/rounds/:roundId/summary',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'Delphi figures per theme × criterion: n, median, quartiles, IQR, share in the top third, consensus ' +
          '(the director sees closed rounds only; topShare and maxIqr try another rule)',
        params: RoundParams,
        querystring: SummaryQuery,
        response: { 200: RoundSummaryDto, ...clientErrors }
      }
    },
    async (request) => {
      await resultsRound(app.db, request.params.roundId, requireUser(request).role);
      return summariseRound(app.db, request.params.roundId, { rule: ruleFromQuery(request.query) });
    }
  );

  app.get(
    '/api/rounds/:roundId/scores.csv',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Every raw score of the round as CSV (staff only: blind rounds too, to monitor)',
        produces: ['text/csv'],
        params: RoundParams,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const { round, csv } = await scoresCsv(app.db, request.params.roundId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="scores-ronde-${round.id}.csv"`)
        .send(csv);
    }
  );

  app.get(
    '/api/rounds/:roundId/ranking',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'Themes ranked by weighted mean score, or by Borda points in a ranking round (the director sees closed ' +
          'rounds only)',
        params: RoundParams,
        response: { 200: RankingDto, ...clientErrors }
      }
    },
    async (request) => ranking(app.db, request.params.roundId, requireUser(request).role)
  );

  app.get(
    '/api/rounds/:roundId/ranking.csv',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The ranking as CSV',
        produces: ['text/csv'],
        params: RoundParams,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const result = await ranking(app.db, request.params.roundId, requireUser(request).role);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="ranking-ronde-${result.round.id}.csv"`)
        .send(rankingCsv(result));
    }
  );
};

export default rounds;
