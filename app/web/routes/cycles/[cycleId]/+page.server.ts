import { redirect } from '@sveltejs/kit';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The cycle itself has no page: staff land on its sources, the director on its themes. */
export const load: PageServerLoad = async ({ parent, params, url }) => {
  const user = requireRole((await parent()).user, STAFF_AND_DIRECTOR_ROLES, url);
  redirect(303, `/cycles/${params.cycleId}/${canEdit(user) ? 'imports' : 'themes'}`);
};
