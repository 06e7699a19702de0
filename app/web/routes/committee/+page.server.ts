import type { MemberRoundDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { COMMITTEE_ROLES, requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  requireRole((await parent()).user, COMMITTEE_ROLES, url);
  return { rounds: await apiGet<MemberRoundDto[]>(fetch, '/api/me/rounds') };
};
