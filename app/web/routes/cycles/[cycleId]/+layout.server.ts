import type { CycleDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { LayoutServerLoad } from './$types';

/** The cycle every page below works on; the pages narrow the roles further where needed. */
export const load: LayoutServerLoad = async ({ fetch, parent, params, url }) => {
  requireRole((await parent()).user, STAFF_AND_DIRECTOR_ROLES, url);
  const cycleId = idParam(params.cycleId);
  return { cycle: await apiGet<CycleDto>(fetch, `/api/cycles/${cycleId}`) };
};
