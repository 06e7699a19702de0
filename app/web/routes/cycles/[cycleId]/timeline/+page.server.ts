import type { TimelineDto } from '$shared/timeline';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Staff and the director both adjust the timeline (the director decides, staff propose). */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  return { timeline: await apiGet<TimelineDto>(fetch, `/api/cycles/${cycle.id}/timeline`) };
};
