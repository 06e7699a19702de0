import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  QuestionListDto,
  QuestionListQuery,
  QuestionMapDto,
  ThemeBoardDto,
  ThemeParams
} from '../../shared/curation.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams } from '../../shared/schemas.js';
import { questionTextFor } from '../services/ballot.js';
import { requireUser } from '../plugins/auth.js';
import {
  cycleThemeBoard,
  mapBoardTexts,
  mapCardTexts,
  questionList,
  questionMap,
  themeLineageCsv
} from '../services/theme-board.js';

/** Question texts reach staff as written; others see e-mail addresses and phone numbers masked. */

/**
 * The read side of theme curation: the board, a theme's (or a bin's) questions, its lineage, the question map.
 *
 * A theme's questions answer at GET /api/cycles/:cycleId/questions/search?theme=… — not at
 * /api/cycles/:cycleId/questions, which app/server/routes/cycles.ts already serves (all of a cycle's questions as
 * QuestionDto[], used by the themes page and by tests); one path cannot have two handlers.
 */
const themeBoard: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/theme-board',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          'Every theme with its size, sources, levels and representative questions; the "niet toegewezen" and ' +
          'out-of-scope bins; the latest curation steps',
        params: CycleParams,
        response: { 200: ThemeBoardDto, ...clientErrors }
      }
    },
    async (request) => {
      const board = await cycleThemeBoard(app.db, request.params.cycleId);
      const role = requireUser(request).role;
      return STAFF.includes(role) ? board : mapBoardTexts(board, questionTextFor(role));
    }
  );

  app.get(
    '/api/cycles/:cycleId/questions/search',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          "A theme's questions, or the unassigned or out-of-scope ones, with their provenance; Dutch full-text " +
          'search (q), filters by source kind, level and role; `limit` (default 200) from `offset`',
        params: CycleParams,
        querystring: QuestionListQuery,
        response: { 200: QuestionListDto, ...clientErrors }
      }
    },
    async (request) => {
      const list = await questionList(app.db, request.params.cycleId, request.query);
      const role = requireUser(request).role;
      if (STAFF.includes(role)) return list;
      const show = questionTextFor(role);
      return {
        ...list,
        theme: list.theme && mapCardTexts(list.theme, show),
        questions: list.questions.map((q) => ({ ...q, text: show(q.text) }))
      };
    }
  );

  app.get(
    '/api/themes/:themeId/lineage.csv',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          "The source row of each of the theme's questions as CSV (question_id, text, source, source_kind, file, " +
          'row, column, level, role, asked_on, duplicate_of); no personal data',
        produces: ['text/csv'],
        params: ThemeParams,
        response: { 200: Type.String(), ...clientErrors }
      }
    },
    async (request, reply) => {
      const csv = await themeLineageCsv(app.db, request.params.themeId, questionTextFor(requireUser(request).role));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="herkomst-thema-${request.params.themeId}.csv"`)
        .send(csv);
    }
  );

  app.get(
    '/api/cycles/:cycleId/question-map',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary:
          "The cycle's active questions on a plane (the first two principal components of their TF-IDF vectors, " +
          'each axis in [-1, 1]), with their theme',
        params: CycleParams,
        response: { 200: QuestionMapDto, ...clientErrors }
      }
    },
    async (request) => questionMap(app.db, request.params.cycleId)
  );
};

export default themeBoard;
