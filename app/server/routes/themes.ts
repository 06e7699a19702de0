import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCycle } from '../../../db/queries/cycles.js';
import { latestRun, listThemes } from '../../../db/queries/themes.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, ClusteringRunDto, CycleParams, DiscoveryBody, ThemeDto } from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { requireUser } from '../plugins/auth.js';
import { runThemeDiscovery } from '../services/themes.js';

const themes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/themes',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Themes with sizes and keywords, largest first',
        params: CycleParams,
        response: { 200: Type.Array(ThemeDto), ...clientErrors }
      }
    },
    async (request) => {
      if (!(await findCycle(app.db, request.params.cycleId))) throw notFound('Cycle', request.params.cycleId);
      return listThemes(app.db, request.params.cycleId);
    }
  );

  app.get(
    '/api/cycles/:cycleId/clustering-runs/latest',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The latest theme discovery run (null when none)',
        params: CycleParams,
        response: { 200: Type.Union([ClusteringRunDto, Type.Null()]), ...clientErrors }
      }
    },
    async (request) => {
      if (!(await findCycle(app.db, request.params.cycleId))) throw notFound('Cycle', request.params.cycleId);
      return latestRun(app.db, request.params.cycleId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/clustering-runs',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Group the questions into themes (TF-IDF + k-means); replaces the current themes',
        params: CycleParams,
        body: DiscoveryBody,
        response: { 201: ClusteringRunDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const user = requireUser(request);
      const run = await runThemeDiscovery(app.db, {
        cycleId: request.params.cycleId,
        k: request.body.k,
        seed: request.body.seed,
        userId: user.userId
      });
      return reply.status(201).send(run);
    }
  );
};

export default themes;
