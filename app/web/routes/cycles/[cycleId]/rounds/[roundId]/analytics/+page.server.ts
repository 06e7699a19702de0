import { error } from '@sveltejs/kit';
import type { RaterReviewsDto } from '$shared/rater-reviews';
import type { RoundAnalyticsDto, RoundDetailDto, RoundMonitorDto } from '$shared/schemas';
import { toError } from '$lib/api';
import { apiGet } from '$lib/server/api';
import { canEdit, requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { AnalyticsSettings } from './figures';
import type { PageServerLoad } from './$types';

const WEIGHT_FIELD = /^weight-(\d+)$/;

/**
 * The form's fields as the API's query: `topN`, `level`, and `weights=id:w,…`. Values go through unchecked, so
 * the API judges them and its refusal (400) reads as a message next to the form.
 */
function settingsFrom(url: URL): { settings: AnalyticsSettings; query: URLSearchParams } {
  const settings: AnalyticsSettings = {
    topN: url.searchParams.get('topN')?.trim() ?? '',
    level: url.searchParams.get('level')?.trim() ?? '',
    weights: {}
  };
  // A Dutch decimal comma would split the API's "id:weight,…" list.
  for (const [name, value] of url.searchParams) {
    const id = WEIGHT_FIELD.exec(name)?.[1];
    if (id !== undefined && value.trim() !== '') settings.weights[Number(id)] = value.trim().replace(',', '.');
  }
  const query = new URLSearchParams();
  if (settings.topN) query.set('topN', settings.topN);
  const weights = Object.entries(settings.weights).map(([id, weight]) => `${id}:${weight}`);
  if (weights.length > 0) query.set('weights', weights.join(','));
  if (settings.level) query.set('level', settings.level);
  return { settings, query };
}

/** Staff (and the director once the round is closed) study a rating round's scores in depth. */
export const load: PageServerLoad = async ({ fetch, parent, params, url }) => {
  const { user, cycle } = await parent();
  const editable = canEdit(requireRole(user, STAFF_AND_DIRECTOR_ROLES, url));
  const roundId = idParam(params.roundId);
  const { settings, query } = settingsFrom(url);
  const [round, response] = await Promise.all([
    apiGet<RoundDetailDto>(fetch, `/api/rounds/${roundId}`),
    fetch(`/api/rounds/${roundId}/analytics${query.size > 0 ? `?${query}` : ''}`)
  ]);
  if (round.cycleId !== cycle.id || round.kind !== 'rating') error(404, { message: 'not_found', code: 'not_found' });
  const base = { round, settings, query: query.toString(), editable, reviews: [] as RaterReviewsDto['reviews'] };
  if (response.ok) {
    const analytics = (await response.json()) as RoundAnalyticsDto;
    const committees = analytics.committees.map(({ committeeId, name }) => ({ committeeId, name }));
    const { reviews } = await apiGet<RaterReviewsDto>(fetch, `/api/rounds/${roundId}/rater-reviews`);
    return { ...base, reviews, analytics, committees, problem: null, pending: false };
  }
  const failure = await toError(response);
  // The director sees the figures once the round is closed: that is a state of the round, not an error.
  const pending = failure.code === 'round_open';
  if (!pending && response.status !== 400) error(response.status, { message: failure.message, code: failure.code });
  const monitor = await apiGet<RoundMonitorDto>(fetch, `/api/rounds/${roundId}/monitor`);
  return {
    ...base,
    analytics: null,
    committees: monitor.committees.map(({ committeeId, name }) => ({ committeeId, name })),
    problem: pending ? null : { code: failure.code, message: failure.message, details: failure.details },
    pending
  };
};
