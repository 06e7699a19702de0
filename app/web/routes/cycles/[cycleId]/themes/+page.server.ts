import type { ClusteringRunDto, QuestionDto, RoundDto, RunComparisonDto, ThemeDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const runs = `/api/cycles/${cycle.id}/clustering-runs`;
  const [latest, themes, questions, rounds] = await Promise.all([
    apiGet<ClusteringRunDto | null>(fetch, `${runs}/latest`),
    apiGet<ThemeDto[]>(fetch, `/api/cycles/${cycle.id}/themes`),
    apiGet<QuestionDto[]>(fetch, `/api/cycles/${cycle.id}/questions`),
    apiGet<RoundDto[]>(fetch, `/api/cycles/${cycle.id}/rounds`)
  ]);
  // The grouping behind the current themes, for its facts (often the latest run itself), and a finished proposal
  // against the current themes.
  const currentRunId = themes.find((theme) => theme.runId !== null)?.runId ?? null;
  const loadCurrentRun = async () => {
    if (currentRunId === null) return null;
    if (currentRunId === latest?.id) return latest;
    return apiGet<ClusteringRunDto>(fetch, `${runs}/${currentRunId}`);
  };
  const [currentRun, comparison] = await Promise.all([
    loadCurrentRun(),
    latest?.status === 'done' ? apiGet<RunComparisonDto>(fetch, `${runs}/${latest.id}/comparison`) : null
  ]);
  // Only the texts of the representative questions travel to the page, not the whole inventory.
  const wanted = new Set(themes.flatMap((theme) => theme.representativeQuestionIds.slice(0, 3)));
  const examples: Record<number, string> = {};
  for (const question of questions) if (wanted.has(question.id)) examples[question.id] = question.text;
  return {
    latest,
    currentRun,
    comparison,
    themes,
    examples,
    questionTotal: questions.length,
    unassigned: questions.filter((q) => q.status === 'active' && q.themeId === null).length,
    canEdit: canEdit(me),
    // Themes that a round rates stay as they are (the API refuses to replace them).
    locked: rounds.length > 0
  };
};
