import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CurationResultDto,
  CurationStepDto,
  MergeBody,
  MoveBody,
  ScopeBody,
  SplitBody,
  ThemeParams,
  ThemePatchBody,
  UndoBody
} from '../../shared/curation.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import {
  curationHistory,
  deleteTheme,
  mergeThemes,
  moveQuestions,
  patchTheme,
  setScope,
  splitTheme,
  undoStep
} from '../services/curation.js';

const changed = { 200: CurationResultDto, ...clientErrors };

/** Theme curation: every change names the theme versions it was made against and can be undone. */
const curation: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/api/themes/:themeId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Rename, describe, lock or mark a theme as overarching (any of them at once)',
        params: ThemeParams,
        body: ThemePatchBody,
        response: changed
      }
    },
    async (request) =>
      patchTheme(app.db, { themeId: request.params.themeId, body: request.body, userId: requireUser(request).userId })
  );

  app.post(
    '/api/cycles/:cycleId/themes/merge',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Merge two or more themes into the largest (refused for themes in a rating round)',
        params: CycleParams,
        body: MergeBody,
        response: changed
      }
    },
    async (request) =>
      mergeThemes(app.db, { cycleId: request.params.cycleId, body: request.body, userId: requireUser(request).userId })
  );

  app.post(
    '/api/themes/:themeId/split',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Split picked questions off into a new theme, or re-cluster the theme into `parts` themes',
        params: ThemeParams,
        body: SplitBody,
        response: changed
      }
    },
    async (request) =>
      splitTheme(app.db, { themeId: request.params.themeId, body: request.body, userId: requireUser(request).userId })
  );

  app.post(
    '/api/cycles/:cycleId/questions/move',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Move questions to a theme or to "niet toegewezen" (confirm when a theme in a rating round changes)',
        params: CycleParams,
        body: MoveBody,
        response: changed
      }
    },
    async (request) =>
      moveQuestions(app.db, {
        cycleId: request.params.cycleId,
        body: request.body,
        userId: requireUser(request).userId
      })
  );

  app.post(
    '/api/cycles/:cycleId/questions/scope',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Put questions out of scope with a reason, or (without a reason) back in scope, unassigned',
        params: CycleParams,
        body: ScopeBody,
        response: changed
      }
    },
    async (request) =>
      setScope(app.db, { cycleId: request.params.cycleId, body: request.body, userId: requireUser(request).userId })
  );

  app.delete(
    '/api/themes/:themeId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Delete a theme; its questions go to "niet toegewezen" (refused for a theme in a rating round)',
        params: ThemeParams,
        querystring: Type.Object({ version: Type.Integer() }, { additionalProperties: false }),
        response: changed
      }
    },
    async (request) =>
      deleteTheme(app.db, {
        themeId: request.params.themeId,
        version: request.query.version,
        userId: requireUser(request).userId
      })
  );

  app.post(
    '/api/cycles/:cycleId/curation/undo',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Undo the newest curation step not yet undone, if nothing it touched has changed since',
        params: CycleParams,
        body: UndoBody,
        response: changed
      }
    },
    async (request) =>
      undoStep(app.db, {
        cycleId: request.params.cycleId,
        operationId: request.body.operationId,
        userId: requireUser(request).userId
      })
  );

  app.get(
    '/api/cycles/:cycleId/curation/history',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'The curation steps of a cycle, newest first',
        params: CycleParams,
        response: { 200: Type.Array(CurationStepDto), ...clientErrors }
      }
    },
    async (request) => curationHistory(app.db, request.params.cycleId)
  );
};

export default curation;
