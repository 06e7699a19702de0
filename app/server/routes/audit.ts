import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AuditFilterQuery, AuditPageDto, AuditQuery } from '../../shared/audit.js';
import { STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors } from '../../shared/schemas.js';
import { auditCsv, auditPage, MAX_AUDIT_CSV_ROWS } from '../services/audit.js';

/** The audit log: every decision with who, when, before and after; e-mail addresses masked. */
const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'A page of the audit log, newest first, filtered by kind of record, action, person, days and entity id',
        querystring: AuditQuery,
        response: { 200: AuditPageDto, ...clientErrors }
      }
    },
    async (request) => auditPage(app.db, request.query)
  );

  app.get(
    '/api/audit.csv',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: `The audit log under the same filters as CSV (at most ${MAX_AUDIT_CSV_ROWS} entries, newest first)`,
        produces: ['text/csv'],
        querystring: AuditFilterQuery,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="auditlog.csv"')
        .send(await auditCsv(app.db, request.query))
  );
};

export default audit;
