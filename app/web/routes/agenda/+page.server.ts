import type { PublicAgendaDto } from '$shared/agenda';
import { apiGet } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** The latest published agenda, open to anyone; before the first publication the page says so. */
export const load: PageServerLoad = async ({ fetch }) => ({
  published: await apiGet<PublicAgendaDto>(fetch, '/api/agenda')
});
