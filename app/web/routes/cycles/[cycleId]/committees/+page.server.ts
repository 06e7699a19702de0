import type { CommitteeOverviewDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Staff manage the committees and their invitations; the director reads along. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const editor = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  return {
    committees: await apiGet<CommitteeOverviewDto[]>(fetch, `/api/cycles/${cycle.id}/committees/overview`),
    canEdit: editor
  };
};
