import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ThemeParams } from '../../shared/curation.js';
import { STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, CycleParams } from '../../shared/schemas.js';
import {
  CapacityBody,
  DependencyBody,
  DependencyParams,
  PlacementBody,
  SchoolYearParams,
  TimelineDto
} from '../../shared/timeline.js';
import { requireUser } from '../plugins/auth.js';
import {
  addDependency,
  makeProposal,
  moveTheme,
  removeDependency,
  setCapacity,
  timeline
} from '../services/timeline.js';

const answer = { 200: TimelineDto, ...clientErrors };

/** The timeline of a cycle: staff and the director both adjust it; every change is audited. */
const timelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cycles/:cycleId/timeline',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'School years with capacity and their themes, overarching and unplaced themes, dependencies, flags',
        params: CycleParams,
        response: answer
      }
    },
    async (request) => timeline(app.db, request.params.cycleId)
  );

  app.post(
    '/api/cycles/:cycleId/timeline/proposal',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Propose a timeline: pinned themes stay, the others by priority, capacity and dependencies',
        params: CycleParams,
        response: answer
      }
    },
    async (request) => makeProposal(app.db, { cycleId: request.params.cycleId, userId: requireUser(request).userId })
  );

  app.put(
    '/api/themes/:themeId/placement',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Move a theme to a school year (or off the timeline); pinned unless `pinned: false`',
        params: ThemeParams,
        body: PlacementBody,
        response: answer
      }
    },
    async (request) =>
      moveTheme(app.db, { themeId: request.params.themeId, body: request.body, userId: requireUser(request).userId })
  );

  app.put(
    '/api/cycles/:cycleId/school-years/:startsOn',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Set how many themes a school year can take',
        params: SchoolYearParams,
        body: CapacityBody,
        response: answer
      }
    },
    async (request) =>
      setCapacity(app.db, {
        cycleId: request.params.cycleId,
        startsOn: request.params.startsOn,
        capacity: request.body.capacity,
        userId: requireUser(request).userId
      })
  );

  app.post(
    '/api/cycles/:cycleId/timeline/dependencies',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Say that a theme comes after another (a later school year); refused when it closes a circle',
        params: CycleParams,
        body: DependencyBody,
        response: answer
      }
    },
    async (request) =>
      addDependency(app.db, {
        cycleId: request.params.cycleId,
        body: request.body,
        userId: requireUser(request).userId
      })
  );

  app.delete(
    '/api/cycles/:cycleId/timeline/dependencies/:themeId/:afterThemeId',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Remove a dependency between two themes',
        params: DependencyParams,
        response: answer
      }
    },
    async (request) => removeDependency(app.db, { ...request.params, userId: requireUser(request).userId })
  );
};

export default timelineRoutes;
