import type { CommitteeDto, RoundDto, ThemeDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';

/** What the setup form chooses from: committees, themes, and closed rating rounds a new round may follow. */
export async function loadSetupChoices(fetchFn: typeof fetch, cycleId: number) {
  const [rounds, committees, themes] = await Promise.all([
    apiGet<RoundDto[]>(fetchFn, `/api/cycles/${cycleId}/rounds`),
    apiGet<CommitteeDto[]>(fetchFn, `/api/cycles/${cycleId}/committees`),
    apiGet<ThemeDto[]>(fetchFn, `/api/cycles/${cycleId}/themes`)
  ]);
  return {
    committees: committees.map(({ id, name, members }) => ({
      id,
      name,
      raters: members.filter((m) => m.membership !== 'observer').length
    })),
    themes: themes.map(({ id, name, questionCount }) => ({ id, name, questionCount })),
    previousRounds: rounds
      .filter((r) => r.kind === 'rating' && r.scaleKind === 'scale' && r.status === 'closed')
      .map(({ id, name, scaleMax, consensus }) => ({ id, name, scaleMax, consensus }))
  };
}
