import { error } from '@sveltejs/kit';
import type { RoundDetailDto, RoundMonitorDto, RoundSummaryDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/** Staff follow a round here (the director reads along): its setup, who answered, and the figures. */
export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  const editor = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  const roundId = idParam(params.roundId);
  const [round, monitor] = await Promise.all([
    apiGet<RoundDetailDto>(fetch, `/api/rounds/${roundId}`),
    apiGet<RoundMonitorDto>(fetch, `/api/rounds/${roundId}/monitor`)
  ]);
  if (round.cycleId !== cycle.id) error(404, { message: 'not_found', code: 'not_found' });
  // Staff see the figures while the round runs (to monitor); the director once it is closed.
  const figures =
    round.kind === 'rating' && round.status !== 'draft' && (editor || round.status === 'closed')
      ? await apiGet<RoundSummaryDto>(fetch, `/api/rounds/${roundId}/summary`)
      : null;
  const saved = url.searchParams.get('saved');
  return {
    round,
    monitor,
    summary: figures,
    saved: saved === 'opened' || saved === 'draft' ? saved : null,
    canEdit: editor
  };
};
