import { error } from '@sveltejs/kit';
import type { CycleDto, RankingDto, RoundDto } from '$shared/schemas';
import { toError } from '$lib/api';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  requireRole((await parent()).user, STAFF_AND_DIRECTOR_ROLES, url);
  const roundId = idParam(params.roundId);
  const response = await fetch(`/api/rounds/${roundId}/ranking`);
  if (!response.ok) {
    const failure = await toError(response);
    // The director sees results only after closing: that is a state of the round, not an error.
    if (failure.code !== 'round_open') error(response.status, { message: failure.message, code: failure.code });
    const round = await apiGet<RoundDto>(fetch, `/api/rounds/${roundId}`);
    const cycle = await apiGet<CycleDto>(fetch, `/api/cycles/${round.cycleId}`);
    return { round, cycle, cycleId: cycle.id, method: null, ranking: null };
  }
  const ranking = (await response.json()) as RankingDto;
  const cycle = await apiGet<CycleDto>(fetch, `/api/cycles/${ranking.round.cycleId}`);
  return { round: ranking.round, cycle, cycleId: cycle.id, method: ranking.method, ranking: ranking.themes };
};
