import type { RoundFeedbackDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/** Staff read a feedback round per theme and mark items handled; the director reads along. */
export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  const editor = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  const roundId = idParam(params.roundId);
  return {
    feedback: await apiGet<RoundFeedbackDto>(fetch, `/api/cycles/${cycle.id}/rounds/${roundId}/feedback`),
    canEdit: editor
  };
};
