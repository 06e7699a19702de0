import { error } from '@sveltejs/kit';
import type { AuditPageDto } from '$shared/audit';
import { toError } from '$lib/api';
import { requireRole, STAFF_AND_DIRECTOR_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

const FILTER_FIELDS = ['entity', 'action', 'actorId', 'from', 'to', 'entityId'] as const;

/** The audit log with the filters of the form (a GET form: the address holds the filter, so it can be shared). */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  requireRole((await parent()).user, STAFF_AND_DIRECTOR_ROLES, url);
  const filter = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = url.searchParams.get(field)?.trim();
    if (value) filter.set(field, value);
  }
  const query = new URLSearchParams(filter);
  const page = url.searchParams.get('page');
  if (page) query.set('page', page);
  const response = await fetch(`/api/audit?${query}`);
  if (response.ok) {
    return { log: (await response.json()) as AuditPageDto, filter: filter.toString(), problem: null };
  }
  const failure = await toError(response);
  // A filter the API refuses (a start after the end) reads as a message next to the form.
  if (response.status !== 400) error(response.status, { message: failure.message, code: failure.code });
  const empty = await fetch('/api/audit?pageSize=1');
  const log = (await empty.json()) as AuditPageDto;
  return {
    log: { ...log, entries: [], total: 0, page: 1 },
    filter: filter.toString(),
    problem: failure.message
  };
};
