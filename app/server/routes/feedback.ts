import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  clientErrors,
  FeedbackBody,
  FeedbackChangeBody,
  FeedbackHandledBody,
  FeedbackParams,
  MemberFeedbackDto,
  Ok,
  RoundFeedbackDto,
  RoundInCycleParams,
  RoundParams
} from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import { addFeedback, editFeedback, markFeedbackHandled, removeFeedback, roundFeedback } from '../services/feedback.js';

const MEMBER = ['committee' as const];

/** Feedback rounds: members comment per theme in categories; staff read it and mark it handled. */
const feedback: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/rounds/:roundId/feedback',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Add my feedback on a theme (gaps, literature, naming, fit with the mission)',
        params: RoundParams,
        body: FeedbackBody,
        response: { 201: MemberFeedbackDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const item = await addFeedback(app.db, {
        ...request.body,
        roundId: request.params.roundId,
        userId: requireUser(request).userId,
        now: new Date()
      });
      return reply.status(201).send(item);
    }
  );

  app.put(
    '/api/feedback/:feedbackId',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Change my own feedback while the round is open',
        params: FeedbackParams,
        body: FeedbackChangeBody,
        response: { 200: MemberFeedbackDto, ...clientErrors }
      }
    },
    async (request) =>
      editFeedback(app.db, {
        ...request.body,
        feedbackId: request.params.feedbackId,
        userId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.delete(
    '/api/feedback/:feedbackId',
    {
      schema: {
        'x-roles': MEMBER,
        summary: 'Delete my own feedback while the round is open',
        params: FeedbackParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await removeFeedback(app.db, {
        feedbackId: request.params.feedbackId,
        userId: requireUser(request).userId,
        now: new Date()
      });
      return { ok: true as const };
    }
  );

  app.get(
    '/api/cycles/:cycleId/rounds/:roundId/feedback',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: "A round's feedback per theme and category, with who wrote it and whether it was handled",
        params: RoundInCycleParams,
        response: { 200: RoundFeedbackDto, ...clientErrors }
      }
    },
    async (request) => roundFeedback(app.db, request.params.cycleId, request.params.roundId)
  );

  app.put(
    '/api/feedback/:feedbackId/handled',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Mark feedback handled, or not handled again',
        params: FeedbackParams,
        body: FeedbackHandledBody,
        response: { 200: MemberFeedbackDto, ...clientErrors }
      }
    },
    async (request) =>
      markFeedbackHandled(app.db, {
        feedbackId: request.params.feedbackId,
        handled: request.body.handled,
        userId: requireUser(request).userId,
        now: new Date()
      })
  );
};

export default feedback;
