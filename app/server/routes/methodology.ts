import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MethodologyDto } from '../../shared/methodology.js';
import { STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams } from '../../shared/schemas.js';
import { methodologyReport } from '../services/methodology.js';
import { methodologyPdf } from '../services/methodology-pdf.js';

/** The methodology report: how the agenda came about, computed from the data at every request. */
const methodology: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/methodology',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'The methodology report of a cycle: questions per source and level, import and cleaning, theme ' +
          'formation, rounds with response rates, criteria, agreement, conflicts, unusual raters, changes between ' +
          'rounds, and the published decision; counts only, no personal data',
        params: CycleParams,
        response: { 200: MethodologyDto, ...clientErrors }
      }
    },
    async (request) => methodologyReport(app.db, request.params.cycleId, new Date())
  );

  app.get(
    '/api/cycles/:cycleId/methodology.pdf',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The methodology report as a PDF',
        produces: ['application/pdf'],
        params: CycleParams,
        response: { 200: Type.Any(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const report = await methodologyReport(app.db, request.params.cycleId, new Date());
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="methodologisch-verslag-${report.cycle.id}.pdf"`)
        .send(await methodologyPdf(report));
    }
  );
};

export default methodology;
