import { csrfHeaders, toError } from '$lib/api';
import { ApiError } from '$lib/api-error';
import type { CurationResultDto } from '$shared/curation';

/** A curation change from the browser (PATCH too, which `api()` does not send), with the session's CSRF token. */
export async function curate(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  json?: unknown
): Promise<CurationResultDto> {
  const headers: Record<string, string> = csrfHeaders();
  if (json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      credentials: 'same-origin'
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!response.ok) throw await toError(response);
  return (await response.json()) as CurationResultDto;
}
