import type { EvaluationDto } from '$shared/knowledge-routes';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The end-of-cycle evaluation: staff and the director read it. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  return { evaluation: await apiGet<EvaluationDto>(fetch, `/api/cycles/${cycle.id}/evaluation`) };
};
