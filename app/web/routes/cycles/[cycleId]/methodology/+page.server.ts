import type { MethodologyDto } from '$shared/methodology';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The methodology report: how the agenda came about, computed by the API from the data at every visit. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  return { report: await apiGet<MethodologyDto>(fetch, `/api/cycles/${cycle.id}/methodology`) };
};
