import { error, redirect } from '@sveltejs/kit';
import type { RoundDetailDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import { loadSetupChoices } from '../../setup-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_ROLES, url);
  const round = await apiGet<RoundDetailDto>(fetch, `/api/rounds/${idParam(params.roundId)}`);
  if (round.cycleId !== cycle.id) error(404, { message: 'not_found', code: 'not_found' });
  // Only a draft's setup can change; an opened round shows what it is.
  if (round.status !== 'draft') redirect(303, `/cycles/${cycle.id}/rounds/${round.id}`);
  const choices = await loadSetupChoices(fetch, cycle.id);
  return { round, ...choices, previousRounds: choices.previousRounds.filter((r) => r.id !== round.id) };
};
