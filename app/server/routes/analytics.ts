import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { AnalyticsQuery, clientErrors, RoundAnalyticsDto, RoundParams } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import { roundAnalytics } from '../services/analytics.js';
import { ANALYTICS_TABLES, analyticsCsv, analyticsXlsx } from '../services/analytics-export.js';

const AnalyticsCsvQuery = Type.Object(
  { ...AnalyticsQuery.properties, table: Type.Optional(Type.Union(ANALYTICS_TABLES.map((t) => Type.Literal(t)))) },
  { additionalProperties: false }
);

const ROLES_NOTE = ' (staff always; the director once the round is closed)';

const analytics: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rounds/:roundId/analytics',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'Rating analytics of a round: figures per theme × committee × criterion, weighted and CHNRI scores, ' +
          'ranks per committee and combined, agreement, unusual raters with a what-if ranking, committees side ' +
          'by side, rank stability' +
          ROLES_NOTE,
        params: RoundParams,
        querystring: AnalyticsQuery,
        response: { 200: RoundAnalyticsDto, ...clientErrors }
      }
    },
    async (request) => roundAnalytics(app.db, request.params.roundId, request.query, requireUser(request).role)
  );

  app.get(
    '/api/rounds/:roundId/analytics.csv',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: `One table of the analytics as CSV: ${ANALYTICS_TABLES.join(', ')} (default ranking)${ROLES_NOTE}`,
        produces: ['text/csv'],
        params: RoundParams,
        querystring: AnalyticsCsvQuery,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const { table = 'ranking', ...query } = request.query;
      const dto = await roundAnalytics(app.db, request.params.roundId, query, requireUser(request).role);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="analyse-ronde-${dto.round.id}-${table}.csv"`)
        .send(analyticsCsv(dto, table));
    }
  );

  app.get(
    '/api/rounds/:roundId/analytics.xlsx',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: `Every analytics table as a sheet of one Excel workbook${ROLES_NOTE}`,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        params: RoundParams,
        querystring: AnalyticsQuery,
        response: { 200: Type.Any(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const dto = await roundAnalytics(app.db, request.params.roundId, request.query, requireUser(request).role);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="analyse-ronde-${dto.round.id}.xlsx"`)
        .send(await analyticsXlsx(dto));
    }
  );
};

export default analytics;
