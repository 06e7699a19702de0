import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import { loadSetupChoices } from '../setup-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_ROLES, url);
  return loadSetupChoices(fetch, cycle.id);
};
