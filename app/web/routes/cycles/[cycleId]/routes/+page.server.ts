import type { CycleRoutesDto } from '$shared/knowledge-routes';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Staff record each theme's route and outputs; the director reads along and may add an ad-hoc theme. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const routes = await apiGet<CycleRoutesDto>(fetch, `/api/cycles/${cycle.id}/routes`);
  return { routes, canEdit: canEdit(me) };
};
