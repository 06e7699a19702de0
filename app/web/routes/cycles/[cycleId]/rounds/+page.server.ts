import type { CommitteeDto, ProgressDto, RoundDto, ThemeDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const editor = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  const [rounds, committees, themes] = await Promise.all([
    apiGet<RoundDto[]>(fetch, `/api/cycles/${cycle.id}/rounds`),
    apiGet<CommitteeDto[]>(fetch, `/api/cycles/${cycle.id}/committees`),
    apiGet<ThemeDto[]>(fetch, `/api/cycles/${cycle.id}/themes`)
  ]);
  // Staff monitor who has rated how much while a round is open; the director sees results after closing.
  const progress: Record<number, ProgressDto> = {};
  if (editor) {
    const open = rounds.filter((round) => round.status === 'open');
    const lists = await Promise.all(
      open.map((round) => apiGet<ProgressDto>(fetch, `/api/rounds/${round.id}/progress`))
    );
    open.forEach((round, i) => (progress[round.id] = lists[i]!));
  }
  return {
    rounds,
    committees: committees.map(({ id, name, kind, members }) => ({
      id,
      name,
      kind,
      raters: members.filter((m) => m.membership !== 'observer').length
    })),
    themes: themes.map(({ id, name, questionCount }) => ({ id, name, questionCount })),
    progress,
    canEdit: editor
  };
};
