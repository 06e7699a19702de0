import type { QuestionMapDto, ThemeBoardDto } from '$shared/curation';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { BoardFilters } from './board-figures';
import type { PageServerLoad } from './$types';

function filtersFrom(url: URL): BoardFilters {
  const on = (name: string) => ['1', 'on', 'true'].includes(url.searchParams.get(name) ?? '');
  return {
    sort: url.searchParams.get('sort') === 'name' ? 'name' : 'size',
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    locked: on('locked'),
    overarching: on('overarching')
  };
}

/** Staff shape the themes on the board; the director reads along. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const [board, map] = await Promise.all([
    apiGet<ThemeBoardDto>(fetch, `/api/cycles/${cycle.id}/theme-board`),
    // The map is an extra: when it cannot be computed the board still shows.
    fetch(`/api/cycles/${cycle.id}/question-map`)
      .then((response) => (response.ok ? (response.json() as Promise<QuestionMapDto>) : null))
      .catch(() => null)
  ]);
  return { board, map, filters: filtersFrom(url), canEdit: canEdit(me) };
};
