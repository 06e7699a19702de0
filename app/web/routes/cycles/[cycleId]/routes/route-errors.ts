import { ApiError } from '$lib/api';
import { errorText } from '$lib/errors';
import { t, type MessageKey } from '$lib/i18n';
import nl from '$lib/i18n/messages/nl-BE.json';

/** A refusal of the route API in the page's language: this page's own wording first, then the shared one. */
export function routeErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const key = `routes.error.${err.code}`;
    if (key in nl) {
      const params = Object.fromEntries(
        Object.entries(err.details).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])
      );
      return t(key as MessageKey, params);
    }
  }
  return errorText(err);
}

/** The refusal's code, to mark the field it is about. */
export function errorCode(err: unknown): string | null {
  return err instanceof ApiError ? err.code : null;
}
