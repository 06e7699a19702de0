import type { BallotDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { COMMITTEE_ROLES, requireRole } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  requireRole((await parent()).user, COMMITTEE_ROLES, url);
  return { ballot: await apiGet<BallotDto>(fetch, `/api/rounds/${idParam(params.roundId)}/ballot`) };
};
