import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  BallotCommentBody,
  BallotDto,
  BallotRankingBody,
  clientErrors,
  DeclarationBody,
  DeclarationDto,
  MemberRoundDto,
  Ok,
  RoundConflictsDto,
  RoundInCycleParams,
  RoundParams,
  SavedScoreDto,
  ScoreBody,
  SubmissionDto
} from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import {
  declareInterests,
  getBallot,
  memberRounds,
  roundConflicts,
  saveComment,
  saveRanking,
  saveScore,
  submitBallot
} from '../services/ballot.js';
import feedbackRoutes from './feedback.js';

const MEMBER = ['committee' as const];

/** What a committee member does in a round: declare interests, score or rank, comment, submit. */
const ballot: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(feedbackRoutes);

  app.get(
    '/api/me/rounds',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Rounds of my committees, with my progress',
        response: { 200: Type.Array(MemberRoundDto), ...clientErrors }
      }
    },
    async (request) => memberRounds(app.db, requireUser(request).userId, new Date())
  );

  app.get(
    '/api/rounds/:roundId/ballot',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'My ballot: the round, its criteria, its themes, my declaration and my own answers',
        params: RoundParams,
        response: { 200: BallotDto, ...clientErrors }
      }
    },
    async (request) => getBallot(app.db, request.params.roundId, requireUser(request).userId, new Date())
  );

  app.put(
    '/api/rounds/:roundId/declaration',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Declare my interests in the round (none, general, per theme); a theme conflict recuses me from it',
        params: RoundParams,
        body: DeclarationBody,
        response: { 200: DeclarationDto, ...clientErrors }
      }
    },
    async (request) =>
      declareInterests(app.db, {
        ...request.body,
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.put(
    '/api/rounds/:roundId/scores',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Save my score (or "weet ik niet") for a theme and criterion; sending again replaces it',
        params: RoundParams,
        body: ScoreBody,
        response: { 200: SavedScoreDto, ...clientErrors }
      }
    },
    async (request) =>
      saveScore(app.db, {
        ...request.body,
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.put(
    '/api/rounds/:roundId/my-top',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Save my top N in a ranking round, first place first; replaces my earlier ranking',
        params: RoundParams,
        body: BallotRankingBody,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await saveRanking(app.db, {
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        themeIds: request.body.themeIds,
        now: new Date()
      });
      return { ok: true as const };
    }
  );

  app.put(
    '/api/rounds/:roundId/comments',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Save my comment on a theme (an empty comment removes it)',
        params: RoundParams,
        body: BallotCommentBody,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await saveComment(app.db, {
        ...request.body,
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        now: new Date()
      });
      return { ok: true as const };
    }
  );

  app.post(
    '/api/rounds/:roundId/submit',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Submit my ballot; I can still change it until the round closes',
        params: RoundParams,
        response: { 200: SubmissionDto, ...clientErrors }
      }
    },
    async (request) =>
      submitBallot(app.db, { roundId: request.params.roundId, userId: requireUser(request).userId, now: new Date() })
  );

  app.get(
    '/api/cycles/:cycleId/rounds/:roundId/conflicts',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: "Every member's declaration of interests in the round, and who has not declared yet",
        params: RoundInCycleParams,
        response: { 200: RoundConflictsDto, ...clientErrors }
      }
    },
    async (request) => roundConflicts(app.db, request.params.cycleId, request.params.roundId)
  );
};

export default ballot;
