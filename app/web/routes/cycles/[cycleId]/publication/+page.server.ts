import type { AgendaPreviewDto, AgendaVersionListDto } from '$shared/agenda';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The agenda as it would be published now, its changes against the latest version, and every proposal so far. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const [preview, { versions }] = await Promise.all([
    apiGet<AgendaPreviewDto>(fetch, `/api/cycles/${cycle.id}/agenda/preview`),
    apiGet<AgendaVersionListDto>(fetch, `/api/cycles/${cycle.id}/agenda/versions`)
  ]);
  // Staff propose; the director (or an admin standing in) approves, rejects and publishes.
  return { preview, versions, canDecide: me.role === 'director' || me.role === 'admin' };
};
