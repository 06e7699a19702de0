import type { RoundConflictsDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/** Staff (and the director) read every declaration of interests in a round. */
export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const roundId = idParam(params.roundId);
  return {
    conflicts: await apiGet<RoundConflictsDto>(fetch, `/api/cycles/${cycle.id}/rounds/${roundId}/conflicts`)
  };
};
