import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import {
  type ClusteringRun,
  findRun,
  latestRun,
  listRunThemes,
  questionTexts
} from '../../../db/queries/clustering-runs.js';
import { findCycle } from '../../../db/queries/cycles.js';
import { listThemes } from '../../../db/queries/themes.js';
import type { Database } from '../../../db/schema.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  AssignNewDto,
  clientErrors,
  ClusteringRunDto,
  CycleParams,
  DiscoveryBody,
  RunComparisonDto,
  RunParams,
  ThemeDto
} from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { questionTextFor } from '../services/ballot.js';
import { requireUser } from '../plugins/auth.js';
import { ThemeRuns } from '../services/theme-runs.js';
import { acceptRun, assignNewQuestions, compareRun, MOVES_LIMIT } from '../services/themes.js';
import type { DiscoveryRunner } from '../workers/discovery-runner.js';

const REPRESENTATIVES = 3;

/** Question texts reach staff as written; others see e-mail addresses and phone numbers masked. */

async function runDto(db: Kysely<Database>, run: ClusteringRun, show: (text: string) => string) {
  const themes = run.status === 'running' || run.status === 'failed' ? [] : await listRunThemes(db, run.id);
  const texts = await questionTexts(
    db,
    themes.flatMap((t) => t.representativeQuestionIds.slice(0, REPRESENTATIVES))
  );
  const params = run.params as { k?: number | 'auto'; seedSource?: 'none' | 'list' | 'current' };
  return {
    id: run.id,
    cycleId: run.cycleId,
    method: run.method,
    status: run.status,
    phase: run.phase,
    error: run.error,
    errorDetail: run.errorDetail,
    kRequested: params.k ?? 'auto',
    seed: run.seed,
    seedSource: params.seedSource ?? 'none',
    seedThemes: run.seedThemes,
    questionCount: run.questionCount,
    k: run.k,
    metrics: run.metrics,
    durationMs: run.durationMs,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    decidedAt: run.decidedAt,
    themes: themes.map((theme) => ({
      cluster: theme.cluster,
      label: theme.label,
      description: theme.description,
      keywords: theme.keywords,
      size: theme.size,
      seedName: theme.seedName,
      representatives: theme.representativeQuestionIds
        .slice(0, REPRESENTATIVES)
        .flatMap((id) => (texts.has(id) ? [{ id, text: show(texts.get(id)!) }] : []))
    }))
  };
}

const themes: FastifyPluginAsyncTypebox<{ runner: DiscoveryRunner }> = async (app, options) => {
  const runs = new ThemeRuns(app.db, options.runner, app.log);
  await runs.recover();
  // Before the database closes: the runs cut off are marked interrupted.
  app.addHook('preClose', () => runs.close());

  const requireCycle = async (cycleId: number) => {
    if (!(await findCycle(app.db, cycleId))) throw notFound('Cycle', cycleId);
  };

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
      await requireCycle(request.params.cycleId);
      return listThemes(app.db, request.params.cycleId);
    }
  );

  app.post(
    '/api/cycles/:cycleId/themes/assign-new',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Put active questions without a theme in the nearest current theme (the current themes as seeds); ' +
          'other questions stay where they are',
        params: CycleParams,
        response: { 200: AssignNewDto, ...clientErrors }
      }
    },
    async (request) =>
      assignNewQuestions(app.db, options.runner, {
        cycleId: request.params.cycleId,
        userId: requireUser(request).userId
      })
  );

  app.get(
    '/api/cycles/:cycleId/clustering-runs/latest',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The newest theme discovery run, whatever its status (null when none)',
        params: CycleParams,
        response: { 200: Type.Union([ClusteringRunDto, Type.Null()]), ...clientErrors }
      }
    },
    async (request) => {
      await requireCycle(request.params.cycleId);
      const run = await latestRun(app.db, request.params.cycleId);
      return run ? runDto(app.db, run, questionTextFor(requireUser(request).role)) : null;
    }
  );

  app.post(
    '/api/cycles/:cycleId/clustering-runs',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Start grouping the questions into themes (TF-IDF + k-means, optionally from seed themes) in the ' +
          'background; answers 202 with the run to poll. The proposal replaces nothing until it is accepted.',
        params: CycleParams,
        body: DiscoveryBody,
        response: { 202: ClusteringRunDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const user = requireUser(request);
      const run = await runs.start({ cycleId: request.params.cycleId, ...request.body, userId: user.userId });
      return reply.status(202).send(await runDto(app.db, run, questionTextFor(user.role)));
    }
  );

  app.get(
    '/api/cycles/:cycleId/clustering-runs/:runId',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'A theme discovery run: status and phase while it runs, its proposed themes once done',
        params: RunParams,
        response: { 200: ClusteringRunDto, ...clientErrors }
      }
    },
    async (request) => {
      const run = await findRun(app.db, request.params.cycleId, request.params.runId);
      if (!run) throw notFound('Clustering run', request.params.runId);
      return runDto(app.db, run, questionTextFor(requireUser(request).role));
    }
  );

  app.get(
    '/api/cycles/:cycleId/clustering-runs/:runId/comparison',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: "The current themes against the run's proposal: questions per pair of themes, and those that move",
        params: RunParams,
        response: { 200: RunComparisonDto, ...clientErrors }
      }
    },
    async (request) => {
      const comparison = await compareRun(app.db, request.params);
      const show = questionTextFor(requireUser(request).role);
      return {
        runId: request.params.runId,
        ...comparison,
        moves: comparison.moves.map((move) => ({ ...move, text: show(move.text) })),
        movesLimit: MOVES_LIMIT
      };
    }
  );

  app.post(
    '/api/cycles/:cycleId/clustering-runs/:runId/accept',
    {
      schema: {
        'x-roles': STAFF,
        summary: "Make the run's proposal the cycle's themes (refused while the themes are in a rating round)",
        params: RunParams,
        response: { 200: ClusteringRunDto, ...clientErrors }
      }
    },
    async (request) => {
      const user = requireUser(request);
      const run = await acceptRun(app.db, { ...request.params, userId: user.userId });
      return runDto(app.db, run, questionTextFor(user.role));
    }
  );

  app.post(
    '/api/cycles/:cycleId/clustering-runs/:runId/discard',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Set the run aside (stopping it when it still runs); the current themes stay',
        params: RunParams,
        response: { 200: ClusteringRunDto, ...clientErrors }
      }
    },
    async (request) => {
      const user = requireUser(request);
      const run = await runs.discard({ ...request.params, userId: user.userId });
      return runDto(app.db, run, questionTextFor(user.role));
    }
  );
};

export default themes;
