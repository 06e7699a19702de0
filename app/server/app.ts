import type { PGlite } from '@electric-sql/pglite';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import retentionPlugin from './plugins/retention.js';
import securityPlugin, { LOG_REDACT } from './plugins/security.js';
import webPlugin, { loadWebHandler } from './plugins/web.js';
import agendaRoutes from './routes/agenda.js';
import analyticsRoutes from './routes/analytics.js';
import auditRoutes from './routes/audit.js';
import authRoutes from './routes/auth.js';
import ballotRoutes from './routes/ballot.js';
import committeeRoutes from './routes/committees.js';
import curationRoutes from './routes/curation.js';
import cycleRoutes from './routes/cycles.js';
import duplicateRoutes from './routes/duplicates.js';
import healthRoutes from './routes/health.js';
import importDetailRoutes from './routes/import-details.js';
import importRoutes from './routes/imports.js';
import knowledgeRouteRoutes from './routes/knowledge-routes.js';
import methodologyRoutes from './routes/methodology.js';
import openapiRoutes from './routes/openapi.js';
import privacyRoutes from './routes/privacy.js';
import raterReviewRoutes from './routes/rater-reviews.js';
import roundRoutes from './routes/rounds.js';
import themeBoardRoutes from './routes/theme-board.js';
import themeRoutes from './routes/themes.js';
import timelineRoutes from './routes/timeline.js';
import vraagpuntRoutes from './routes/vraagpunt.js';
import { type DiscoveryRunner, WorkerDiscoveryRunner } from './workers/discovery-runner.js';

export interface AppOptions {
  /** Tests hand in a fresh embedded database. */
  pglite?: PGlite;
  /** Tests of the API alone skip the pages. */
  serveWeb?: boolean;
  /** Where theme discovery runs; by default a worker thread per run. */
  discoveryRunner?: DiscoveryRunner;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/** Builds the whole server, ready for `inject()` or `listen()`; never listens itself. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: LOG_REDACT, ...(options.logStream && { stream: options.logStream }) },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // One line per request drowns the console; failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(securityPlugin, {
    loginPerMinute: config.loginRateLimitPerMinute,
    publicPerMinute: config.publicRateLimitPerMinute
  });
  await app.register(dbPlugin, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, pglite: options.pglite });
  await app.register(authPlugin, { cookieSecure: config.cookieSecure });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Kennisagenda Werkbank API',
        version: '0.1.0',
        description: 'JSON API of the workbench. Every operation lists the roles allowed in x-roles.'
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kw_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' }
        }
      }
    }
  });

  await app.register(healthRoutes);
  await app.register(openapiRoutes);
  await app.register(authRoutes, { config });
  await app.register(cycleRoutes);
  await app.register(committeeRoutes, { config });
  await app.register(importRoutes, { config });
  await app.register(importDetailRoutes);
  await app.register(themeRoutes, { runner: options.discoveryRunner ?? new WorkerDiscoveryRunner() });
  await app.register(roundRoutes);
  await app.register(analyticsRoutes);
  await app.register(raterReviewRoutes);
  await app.register(methodologyRoutes);
  await app.register(auditRoutes);
  await app.register(ballotRoutes);
  await app.register(duplicateRoutes);
  await app.register(themeBoardRoutes);
  await app.register(curationRoutes);
  await app.register(timelineRoutes);
  await app.register(knowledgeRouteRoutes);
  await app.register(agendaRoutes);
  await app.register(privacyRoutes);
  await app.register(vraagpuntRoutes, { config });
  await app.register(retentionPlugin, { months: config.retentionMonths });

  if (options.serveWeb !== false && config.webBuildDir) {
    const handler = await loadWebHandler(config.webBuildDir);
    if (handler) await app.register(webPlugin, { handler });
  }
  return app;
}
