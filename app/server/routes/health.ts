import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthDto } from '../../shared/schemas.js';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    { schema: { 'x-roles': ['public'], summary: 'Service status', response: { 200: HealthDto } } },
    async () => ({ status: 'ok' as const, database: app.dbInfo.kind, migration: app.dbInfo.migration })
  );
};

export default health;
