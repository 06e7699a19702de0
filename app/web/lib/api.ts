import { page } from '$app/state';
import { ApiError, parseError } from './api-error';

export { ApiError };

export async function toError(response: Response): Promise<ApiError> {
  return parseError(response.status, await response.text().catch(() => ''), response.statusText);
}

/** The session's CSRF token as a header, for every call that changes something. */
export function csrfHeaders(): Record<string, string> {
  const csrf = page.data.csrfToken as string | null | undefined;
  return csrf ? { 'x-csrf-token': csrf } : {};
}

/** Calls the JSON API from the browser, with the session's CSRF token on every change. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { json?: unknown; body?: BodyInit; contentType?: string; fetch?: typeof fetch } = {}
): Promise<T> {
  const headers: Record<string, string> = method === 'GET' ? {} : csrfHeaders();
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) headers['content-type'] = options.contentType;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}
