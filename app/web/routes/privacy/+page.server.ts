import { error } from '@sveltejs/kit';
import type { PersonExportDto } from '$shared/privacy';
import { toError } from '$lib/api';
import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** What is held about the person whose address the form asks for (a GET form, as on the audit page). */
export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  requireRole((await parent()).user, STAFF_ROLES, url);
  const email = url.searchParams.get('email')?.trim() ?? '';
  if (!email) return { email, held: null, problem: null };
  const response = await fetch(`/api/privacy/person?email=${encodeURIComponent(email)}`);
  if (response.ok) return { email, held: (await response.json()) as PersonExportDto, problem: null };
  const failure = await toError(response);
  // Nothing held, or not an address: an answer next to the form, not an error page.
  if (response.status !== 404 && response.status !== 400) {
    error(response.status, { message: failure.message, code: failure.code });
  }
  return { email, held: null, problem: { code: failure.code, details: failure.details } };
};
