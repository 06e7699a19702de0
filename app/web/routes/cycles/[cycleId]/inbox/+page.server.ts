import type { InboxDto, SubmissionStatus } from '$shared/vraagpunt';
import { SUBMISSION_STATUSES } from '$shared/vraagpunt';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Staff only: the inbox holds the askers' contact details. Without ?status the new ones show; ?status=all all. */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_ROLES, url);
  const asked = url.searchParams.get('status');
  const status: SubmissionStatus | 'all' =
    asked === 'all' ? 'all' : (SUBMISSION_STATUSES.find((s) => s === asked) ?? 'new');
  const query = status === 'all' ? '' : `?status=${status}`;
  return { status, inbox: await apiGet<InboxDto>(fetch, `/api/cycles/${cycle.id}/submissions${query}`) };
};
