import type { CommitteeDto, RoundDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const editor = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  const [rounds, committees] = await Promise.all([
    apiGet<RoundDto[]>(fetch, `/api/cycles/${cycle.id}/rounds`),
    apiGet<CommitteeDto[]>(fetch, `/api/cycles/${cycle.id}/committees`)
  ]);
  return {
    rounds,
    committees: committees.map(({ id, name }) => ({ id, name })),
    deleted: url.searchParams.get('deleted'),
    canEdit: editor
  };
};
