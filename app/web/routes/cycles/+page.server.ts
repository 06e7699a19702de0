import type { CycleDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  requireRole((await parent()).user, STAFF_AND_DIRECTOR_ROLES, url);
  return { cycles: await apiGet<CycleDto[]>(fetch, '/api/cycles') };
};
