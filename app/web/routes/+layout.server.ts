import type { MeDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ fetch, locals }) => {
  const me = await apiGet<MeDto>(fetch, '/api/auth/me');
  return { user: me.user, csrfToken: me.csrfToken, locale: locals.locale };
};
