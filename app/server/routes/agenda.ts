import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AgendaDto,
  AgendaPreviewDto,
  AgendaVersionDto,
  AgendaVersionListDto,
  NoteBody,
  ProposalParams,
  PublicAgendaDto,
  VersionNumberParams
} from '../../shared/agenda.js';
import { type Access, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import {
  agendaPreview,
  listVersions,
  proposeAgenda,
  publicAgenda,
  publishedAgenda,
  publishProposal,
  reviewProposal
} from '../services/agenda.js';
import { agendaCsv, agendaXlsx, exportFileName } from '../services/agenda-export.js';
import { agendaPdf } from '../services/agenda-pdf.js';

/** Who decides on the agenda: staff propose, the director (or an admin standing in) approves and publishes. */
const DIRECTOR: Access[] = ['admin', 'director'];
const PUBLIC: Access[] = ['public'];

const version = { 200: AgendaVersionDto, ...clientErrors };

const DOWNLOADS = {
  pdf: { type: 'application/pdf', build: agendaPdf },
  csv: { type: 'text/csv; charset=utf-8', build: async (agenda: AgendaDto) => agendaCsv(agenda) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', build: agendaXlsx }
} as const;

/** Publication of the agenda (propose, review, publish) and the published agenda itself, open to anyone. */
const agenda: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/agenda/preview',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The agenda as it would be published now, and its changes against the latest published version',
        params: CycleParams,
        response: { 200: AgendaPreviewDto, ...clientErrors }
      }
    },
    async (request) => agendaPreview(app.db, request.params.cycleId)
  );

  app.get(
    '/api/cycles/:cycleId/agenda/versions',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Every proposal and published version of the cycle, newest first, with who decided when',
        params: CycleParams,
        response: { 200: AgendaVersionListDto, ...clientErrors }
      }
    },
    async (request) => listVersions(app.db, request.params.cycleId)
  );

  app.post(
    '/api/cycles/:cycleId/agenda/proposals',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Freeze the agenda as it stands into a proposal (refused while another proposal is open)',
        params: CycleParams,
        body: NoteBody,
        response: version
      }
    },
    async (request) =>
      proposeAgenda(app.db, {
        cycleId: request.params.cycleId,
        userId: requireUser(request).userId,
        note: request.body.note
      })
  );

  for (const [action, approve] of [
    ['approve', true],
    ['reject', false]
  ] as const) {
    app.post(
      `/api/agenda/proposals/:id/${action}`,
      {
        schema: {
          'x-roles': DIRECTOR,
          summary: `${approve ? 'Approve' : 'Reject'} a proposal waiting for review, with a note`,
          params: ProposalParams,
          body: NoteBody,
          response: version
        }
      },
      async (request) =>
        reviewProposal(app.db, {
          id: request.params.id,
          userId: requireUser(request).userId,
          approve,
          note: request.body.note
        })
    );
  }

  app.post(
    '/api/agenda/proposals/:id/publish',
    {
      schema: {
        'x-roles': DIRECTOR,
        summary: 'Publish an approved proposal as the next numbered, immutable version of its cycle',
        params: ProposalParams,
        response: version
      }
    },
    async (request) => publishProposal(app.db, { id: request.params.id, userId: requireUser(request).userId })
  );

  app.get(
    '/api/agenda',
    {
      schema: {
        'x-roles': PUBLIC,
        summary: 'The latest published agenda (null before the first publication) and the list of its versions',
        response: { 200: PublicAgendaDto, ...clientErrors }
      }
    },
    async () => publicAgenda(app.db)
  );

  app.get(
    '/api/agenda/versions/:number',
    {
      schema: {
        'x-roles': PUBLIC,
        summary: 'A published version of the agenda by its number, and the list of all versions',
        params: VersionNumberParams,
        response: { 200: PublicAgendaDto, ...clientErrors }
      }
    },
    async (request) => publicAgenda(app.db, request.params.number)
  );

  // The published agenda's own addresses, beside the pages at /agenda: static and parametric routes win over the
  // web handler's catch-all, whatever the order of registration.
  app.get(
    '/agenda.json',
    {
      schema: {
        'x-roles': PUBLIC,
        summary: 'The latest published agenda as JSON (404 before the first publication)',
        response: { 200: AgendaDto, ...clientErrors }
      }
    },
    async () => publishedAgenda(app.db)
  );

  app.get(
    '/agenda/v:number(^\\d+).json',
    {
      schema: {
        'x-roles': PUBLIC,
        summary: 'A published version of the agenda as JSON',
        params: VersionNumberParams,
        response: { 200: AgendaDto, ...clientErrors }
      }
    },
    async (request) => publishedAgenda(app.db, request.params.number)
  );

  for (const [extension, download] of Object.entries(DOWNLOADS)) {
    app.get(
      `/agenda/v:number(^\\d+).${extension}`,
      {
        schema: {
          'x-roles': PUBLIC,
          summary: `A published version of the agenda as ${extension.toUpperCase()}`,
          produces: [download.type.split(';')[0]!],
          params: VersionNumberParams,
          response: { 200: Type.Any(), ...clientErrors }
        }
      },
      async (request, reply) => {
        const published = await publishedAgenda(app.db, request.params.number);
        return reply
          .type(download.type)
          .header('content-disposition', `attachment; filename="${exportFileName(published, extension)}"`)
          .send(await download.build(published));
      }
    );
  }
};

export default agenda;
