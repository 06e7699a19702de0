import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  findRound,
  listBallot,
  listCriteria,
  listRounds,
  listRoundsForMember,
  memberProgress,
  roundMembership
} from '../../../db/queries/rounds.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  BallotDto,
  clientErrors,
  CycleParams,
  MemberRoundDto,
  NewRoundBody,
  Ok,
  ProgressDto,
  RankingDto,
  RoundDto,
  RoundParams,
  ScoreBody
} from '../../shared/schemas.js';
import { forbidden, notFound } from '../errors.js';
import { requireUser } from '../plugins/auth.js';
import { closeRound, openRound, ranking, rankingCsv, saveScore } from '../services/rounds.js';

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
        summary: 'Rating rounds of a cycle, newest first',
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
        summary: 'Open a rating round (default: all themes, all committees, scale 1–5)',
        params: CycleParams,
        body: NewRoundBody,
        response: { 201: RoundDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const user = requireUser(request);
      const round = await openRound(app.db, {
        cycleId: request.params.cycleId,
        name: request.body.name,
        scaleMax: request.body.scaleMax ?? 5,
        themeIds: request.body.themeIds,
        committeeIds: request.body.committeeIds,
        userId: user.userId,
        now: new Date()
      });
      return reply.status(201).send(round);
    }
  );

  app.get(
    '/api/rounds/:roundId',
    { schema: { 'x-roles': STAFF_AND_DIRECTOR, params: RoundParams, response: { 200: RoundDto, ...clientErrors } } },
    async (request) => roundOr404(request.params.roundId)
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
    '/api/rounds/:roundId/ranking',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Themes ranked by mean score (the director sees closed rounds only)',
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
        .send(rankingCsv(result.themes));
    }
  );

  app.get(
    '/api/me/rounds',
    {
      schema: {
        'x-roles': ['committee'],
        summary: 'Rounds of my committees',
        response: { 200: Type.Array(MemberRoundDto), ...clientErrors }
      }
    },
    async (request) => listRoundsForMember(app.db, requireUser(request).userId)
  );

  app.get(
    '/api/rounds/:roundId/ballot',
    {
      schema: {
        'x-roles': ['committee'],
        summary: 'My ballot: the round, its criteria, its themes and my own scores',
        params: RoundParams,
        response: { 200: BallotDto, ...clientErrors }
      }
    },
    async (request) => {
      const user = requireUser(request);
      const round = await roundOr404(request.params.roundId);
      const membership = await roundMembership(app.db, round.id, user.userId);
      if (!membership) throw forbidden('You are not a member of a committee in this round.');
      return {
        round: { ...round, membership },
        criteria: await listCriteria(app.db, round.id),
        themes: await listBallot(app.db, round.id, user.userId)
      };
    }
  );

  app.put(
    '/api/rounds/:roundId/scores',
    {
      schema: {
        'x-roles': ['committee'],
        summary: 'Save my score for a theme (sending again replaces it)',
        params: RoundParams,
        body: ScoreBody,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await saveScore(app.db, {
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        themeId: request.body.themeId,
        criterionId: request.body.criterionId,
        value: request.body.value,
        now: new Date()
      });
      return { ok: true as const };
    }
  );
};

export default rounds;
