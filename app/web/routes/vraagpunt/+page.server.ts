import { fail } from '@sveltejs/kit';
import { toError } from '$lib/api';
import { apiGet } from '$lib/server/api';
import type { MeDto } from '$shared/schemas';
import type { VraagpuntFormDto } from '$shared/vraagpunt';
import type { Actions, PageServerLoad } from './$types';

/** What a person filled in, handed back with a refusal so nothing typed is lost (never the honeypot). */
export interface FormValues {
  text: string;
  level: string;
  role: string;
  name: string;
  email: string;
  consent: boolean;
}

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  // The signed start time is per visit: no shared cache may hand one visitor's form to another.
  setHeaders({ 'cache-control': 'private, no-store' });
  return { form: await apiGet<VraagpuntFormDto>(fetch, '/api/vraagpunt/form') };
};

/**
 * The form posts here, with or without the page's script: the question goes to the API through the in-process
 * bridge (so the visitor's address counts for the hourly limit), and a refusal comes back with what was filled in.
 */
export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const data = await request.formData();
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const values: FormValues = {
      text: field('text'),
      level: field('level'),
      role: field('role'),
      name: field('name'),
      email: field('email'),
      consent: data.get('consent') === 'on'
    };
    // A signed-in member of staff trying the form sends their session's CSRF token, as every change does.
    const me = (await (await fetch('/api/auth/me')).json()) as MeDto;
    const response = await fetch('/api/vraagpunt/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) },
      body: JSON.stringify({
        ...values,
        token: field('token'),
        website: field('website'),
        locale: locals.locale
      })
    });
    if (response.ok) return { sent: true as const };
    const failure = await toError(response);
    const fields = (failure.details.fields ?? {}) as Record<string, string>;
    const retryAfter = Number(response.headers.get('retry-after')) || null;
    // A stale form gets a fresh start time, so sending it again works; a too quick one keeps its own, now older.
    const token =
      failure.code === 'form_expired'
        ? (await apiGet<VraagpuntFormDto>(fetch, '/api/vraagpunt/form')).token
        : field('token');
    return fail(response.status, { code: failure.code, fields, retryAfter, values, token });
  }
};
