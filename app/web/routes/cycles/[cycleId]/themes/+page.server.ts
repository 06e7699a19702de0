import type { ClusteringRunDto, QuestionDto, RoundDto, ThemeDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const [run, themes, questions, rounds] = await Promise.all([
    apiGet<ClusteringRunDto | null>(fetch, `/api/cycles/${cycle.id}/clustering-runs/latest`),
    apiGet<ThemeDto[]>(fetch, `/api/cycles/${cycle.id}/themes`),
    apiGet<QuestionDto[]>(fetch, `/api/cycles/${cycle.id}/questions`),
    apiGet<RoundDto[]>(fetch, `/api/cycles/${cycle.id}/rounds`)
  ]);
  // Only the texts of the representative questions travel to the page, not the whole inventory.
  const wanted = new Set(themes.flatMap((theme) => theme.representativeQuestionIds.slice(0, 3)));
  const examples: Record<number, string> = {};
  for (const question of questions) if (wanted.has(question.id)) examples[question.id] = question.text;
  return {
    run,
    themes,
    examples,
    questionTotal: questions.length,
    canEdit: canEdit(me),
    // Themes that a round rates stay as they are (the API refuses to group again).
    locked: rounds.length > 0
  };
};
