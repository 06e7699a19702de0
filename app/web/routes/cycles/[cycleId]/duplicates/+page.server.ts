import type { DuplicateGroupDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  return {
    groups: await apiGet<DuplicateGroupDto[]>(fetch, `/api/cycles/${cycle.id}/duplicates`),
    canEdit: canEdit(me)
  };
};
