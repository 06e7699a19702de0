import type { Handle, HandleFetch } from '@sveltejs/kit';
import { API_BRIDGE, type ApiBridge } from '$shared/bridge';
import { LOCALE_COOKIE, pickLocale } from '$lib/i18n/locales';

export const handle: Handle = async ({ event, resolve }) => {
  const locale = pickLocale(event.cookies.get(LOCALE_COOKIE));
  event.locals.locale = locale;
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};

function bridgeOf(platform: App.Platform | undefined): ApiBridge | undefined {
  const req = (platform as { req?: Record<symbol, unknown> } | undefined)?.req;
  return req?.[API_BRIDGE] as ApiBridge | undefined;
}

/** Server-side `fetch('/api/…')` goes straight into the Fastify app, with the visitor's cookie. */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const bridge = bridgeOf(event.platform);
  if (!bridge || url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  const cookie = event.request.headers.get('cookie');
  if (cookie) headers.cookie = cookie;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  const response = await bridge({ method: request.method, url: url.pathname + url.search, headers, body });

  const out = new Headers();
  for (const [key, value] of Object.entries(response.headers)) {
    if (value === undefined || key === 'set-cookie') continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
  }
  return new Response(response.status === 204 ? null : new Uint8Array(response.body), {
    status: response.status,
    headers: out
  });
};
