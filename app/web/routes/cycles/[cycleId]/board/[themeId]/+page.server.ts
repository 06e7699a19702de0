import { error } from '@sveltejs/kit';
import type { QuestionListDto, ThemeBoardDto } from '$shared/curation';
import type { QuestionDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { QuestionFilters, Target } from './theme-page';
import type { PageServerLoad } from './$types';

const SOURCE_KINDS: readonly QuestionDto['sourceKind'][] = ['vraagpunt', 'survey', 'focusgroup', 'other'];

/** The page's URL word ("unassigned", "out-of-scope" or a theme id) as the API's `theme` value. */
function targetOf(value: string): Target {
  if (value === 'unassigned') return { kind: 'unassigned', api: 'unassigned' };
  if (value === 'out-of-scope') return { kind: 'out_of_scope', api: 'out_of_scope' };
  return { kind: 'theme', api: String(idParam(value)) };
}

function filtersFrom(url: URL): QuestionFilters {
  const text = (name: string, max: number) => (url.searchParams.get(name) ?? '').trim().slice(0, max);
  const kind = text('sourceKind', 20);
  return {
    q: text('q', 200),
    sourceKind: SOURCE_KINDS.find((option) => option === kind) ?? '',
    level: text('level', 40),
    role: text('role', 40)
  };
}

function queryOf(api: string, filters: Partial<QuestionFilters>, limit = 1000): string {
  const query = new URLSearchParams({ theme: api, limit: String(limit) });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return query.toString();
}

/** A theme's questions (or a bin's) with their provenance; staff move, split and scope them here. */
export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  const me = requireRole(user, STAFF_AND_DIRECTOR_ROLES, url);
  const target = targetOf(params.themeId);
  const filters = filtersFrom(url);
  const filtered = Object.values(filters).some(Boolean);
  const base = `/api/cycles/${cycle.id}/questions/search`;
  const [list, board, all] = await Promise.all([
    apiGet<QuestionListDto>(fetch, `${base}?${queryOf(target.api, filters)}`),
    apiGet<ThemeBoardDto>(fetch, `/api/cycles/${cycle.id}/theme-board`),
    // The filters offer the levels and roles of all the page's questions, not only of those that match.
    filtered ? apiGet<QuestionListDto>(fetch, `${base}?${queryOf(target.api, {})}`) : null
  ]);
  if (target.kind === 'theme' && !list.theme) error(404, { message: 'not_found', code: 'not_found' });
  const everything = (all ?? list).questions;
  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((value): value is string => !!value))].sort((a, b) => a.localeCompare(b, 'nl'));
  return {
    target: target.kind,
    list,
    board,
    filters,
    filtered,
    options: {
      levels: distinct(everything.map((question) => question.level)),
      roles: distinct(everything.map((question) => question.askerRole))
    },
    canEdit: canEdit(me)
  };
};
