import { error } from '@sveltejs/kit';
import { toError } from '$lib/api';

/** GET from the JSON API inside a server load (through the in-process bridge); refusals become page errors. */
export async function apiGet<T>(fetchFn: typeof fetch, path: string): Promise<T> {
  const response = await fetchFn(path);
  if (!response.ok) {
    const failure = await toError(response);
    error(response.status, { message: failure.message, code: failure.code });
  }
  return (await response.json()) as T;
}
