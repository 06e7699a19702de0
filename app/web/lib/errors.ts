import { ApiError } from '$lib/api';
import { t, type MessageKey } from '$lib/i18n';
import nl from '$lib/i18n/messages/nl-BE.json';

/** A detail as it reads in a sentence: lists of columns or ids separated by commas. */
function detail(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

/** A translated message for an API refusal; the server's own words when there is no translation. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    if (key in nl)
      return t(key as MessageKey, Object.fromEntries(Object.entries(err.details).map(([k, v]) => [k, detail(v)])));
    return err.message;
  }
  return t('error.network');
}
