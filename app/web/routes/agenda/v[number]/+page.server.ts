import { error } from '@sveltejs/kit';
import type { PublicAgendaDto } from '$shared/agenda';
import { apiGet } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** An earlier (or the latest) published version by its number; anything else is a page that does not exist. */
export const load: PageServerLoad = async ({ fetch, params }) => {
  if (!/^[1-9]\d{0,8}$/.test(params.number)) error(404, { message: 'not_found', code: 'not_found' });
  return { published: await apiGet<PublicAgendaDto>(fetch, `/api/agenda/versions/${params.number}`) };
};
