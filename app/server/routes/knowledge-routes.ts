import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ThemeParams } from '../../shared/curation.js';
import {
  AdHocThemeBody,
  AdHocThemeDto,
  CycleRoutesDto,
  EvaluationDto,
  OutputBody,
  OutputDto,
  OutputParams,
  RouteAnswerDto,
  RouteBody
} from '../../shared/knowledge-routes.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams, Ok } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import {
  addAdHocTheme,
  addOutput,
  cycleEvaluation,
  cycleRoutes,
  evaluationCsv,
  removeOutput,
  replaceOutput,
  setRoute
} from '../services/knowledge-routes.js';

/** The knowledge route of each theme and its outputs, ad-hoc themes, and the end-of-cycle evaluation. */
const knowledgeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/routes',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Every theme of the cycle with its evidence status, planned output, note and outputs',
        params: CycleParams,
        response: { 200: CycleRoutesDto, ...clientErrors }
      }
    },
    async (request) => cycleRoutes(app.db, request.params.cycleId)
  );

  app.put(
    '/api/themes/:themeId/route',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          "Record a theme's evidence status, planned output and note; a planned output that does not fit the " +
          'evidence is kept, with a warning',
        params: ThemeParams,
        body: RouteBody,
        response: { 200: RouteAnswerDto, ...clientErrors }
      }
    },
    async (request) =>
      setRoute(app.db, { themeId: request.params.themeId, body: request.body, userId: requireUser(request).userId })
  );

  app.post(
    '/api/themes/:themeId/outputs',
    {
      schema: {
        'x-roles': STAFF,
        summary: "Add an output to a theme, with the theme's questions it covers (a list, or coversAll)",
        params: ThemeParams,
        body: OutputBody,
        response: { 201: OutputDto, ...clientErrors }
      }
    },
    async (request, reply) =>
      reply.code(201).send(
        await addOutput(app.db, {
          themeId: request.params.themeId,
          body: request.body,
          userId: requireUser(request).userId
        })
      )
  );

  app.put(
    '/api/outputs/:outputId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Replace an output: its fields and the questions it covers',
        params: OutputParams,
        body: OutputBody,
        response: { 200: OutputDto, ...clientErrors }
      }
    },
    async (request) =>
      replaceOutput(app.db, {
        outputId: request.params.outputId,
        body: request.body,
        userId: requireUser(request).userId
      })
  );

  app.delete(
    '/api/outputs/:outputId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Delete an output (to keep it in the evaluation, set its status to cancelled instead)',
        params: OutputParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await removeOutput(app.db, { outputId: request.params.outputId, userId: requireUser(request).userId });
      return { ok: true as const };
    }
  );

  app.post(
    '/api/cycles/:cycleId/themes/ad-hoc',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'Add an ad-hoc theme for an urgent need, with a justification (required); optionally with questions ' +
          'from "niet toegewezen"',
        params: CycleParams,
        body: AdHocThemeBody,
        response: { 201: AdHocThemeDto, ...clientErrors }
      }
    },
    async (request, reply) =>
      reply.code(201).send(
        await addAdHocTheme(app.db, {
          cycleId: request.params.cycleId,
          body: request.body,
          userId: requireUser(request).userId
        })
      )
  );

  app.get(
    '/api/cycles/:cycleId/evaluation',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'End-of-cycle evaluation: per theme its outputs and the share of its questions they cover; outputs per ' +
          'kind and status; themes without output',
        params: CycleParams,
        response: { 200: EvaluationDto, ...clientErrors }
      }
    },
    async (request) => cycleEvaluation(app.db, request.params.cycleId)
  );

  app.get(
    '/api/cycles/:cycleId/evaluation.csv',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The evaluation as CSV, one row per theme',
        produces: ['text/csv'],
        params: CycleParams,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const dto = await cycleEvaluation(app.db, request.params.cycleId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="evaluatie-cyclus-${dto.cycleId}.csv"`)
        .send(evaluationCsv(dto));
    }
  );
};

export default knowledgeRoutes;
