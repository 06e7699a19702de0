import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type Access, STAFF } from '../../shared/roles.js';
import { clientErrors, CycleParams, ErrorBody } from '../../shared/schemas.js';
import {
  InboxDto,
  InboxQuery,
  SubmissionBody,
  SubmissionReceivedDto,
  TriageBody,
  TriageResultDto,
  VraagpuntFormDto
} from '../../shared/vraagpunt.js';
import type { Config } from '../config.js';
import { requireUser } from '../plugins/auth.js';
import { inbox, inboxCsv, submitQuestion, triage, vraagpuntForm } from '../services/vraagpunt.js';

const PUBLIC: Access[] = ['public'];
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The public Vraagpunt form, and the staff inbox where what it collects is triaged. */
const vraagpunt: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const limits = { minFillMs: config.vraagpuntMinFillSeconds * 1000, maxAgeMs: DAY };

  app.get(
    '/api/vraagpunt/form',
    {
      schema: {
        'x-roles': PUBLIC,
        summary: 'What the public form needs: its signed start time, the retention term, the receiving cycle',
        response: { 200: VraagpuntFormDto, ...clientErrors }
      }
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return vraagpuntForm(app.db, new Date(), config.retentionMonths);
    }
  );

  app.post(
    '/api/vraagpunt/submissions',
    {
      config: { rateLimit: { max: config.vraagpuntPerHour, timeWindow: HOUR } },
      schema: {
        'x-roles': PUBLIC,
        summary:
          'Send a question through the public form. 400 vraagpunt_invalid names each field that is wrong ' +
          '(details.fields); form_too_fast and form_expired ask to send it again; 429 past the hourly limit',
        body: SubmissionBody,
        response: { 201: SubmissionReceivedDto, 429: ErrorBody, ...clientErrors }
      }
    },
    async (request, reply) => {
      const outcome = await submitQuestion(app.db, request.body, {
        now: new Date(),
        limits,
        locale: request.body.locale ?? 'nl-BE'
      });
      if (outcome === 'honeypot') request.log.info('Vraagpunt: a filled-in honeypot, nothing stored');
      return reply.code(201).send({ received: true });
    }
  );

  app.get(
    '/api/cycles/:cycleId/submissions',
    {
      schema: {
        'x-roles': STAFF,
        summary: "The cycle's Vraagpunt inbox (and what waits for a cycle), newest first, with counts per status",
        params: CycleParams,
        querystring: InboxQuery,
        response: { 200: InboxDto, ...clientErrors }
      }
    },
    async (request) => inbox(app.db, request.params.cycleId, request.query.status ?? null)
  );

  app.get(
    '/api/cycles/:cycleId/submissions.csv',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'The Vraagpunt inbox as CSV, contact details included',
        produces: ['text/csv'],
        params: CycleParams,
        querystring: InboxQuery,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const { cycleId } = request.params;
      const status = request.query.status ?? null;
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="vraagpunt-cyclus-${cycleId}${status ? `-${status}` : ''}.csv"`
        )
        .send(await inboxCsv(app.db, cycleId, status));
    }
  );

  app.post(
    '/api/cycles/:cycleId/submissions/triage',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Triage submissions, all or nothing: accept into the cycle (questions of its Vraagpunt source), out of ' +
          'scope (with a reason), duplicate of one of its questions, or back to the inbox',
        params: CycleParams,
        body: TriageBody,
        response: { 200: TriageResultDto, ...clientErrors }
      }
    },
    async (request) => triage(app.db, request.params.cycleId, request.body, { id: requireUser(request).userId })
  );
};

export default vraagpunt;
