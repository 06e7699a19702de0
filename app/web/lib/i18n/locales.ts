export const LOCALES = ['nl-BE', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'nl-BE';
export const LOCALE_COOKIE = 'kw_locale';

/** Dutch unless the visitor chose English with the language switch (a cookie). */
export function pickLocale(cookie: string | undefined): Locale {
  return cookie && (LOCALES as readonly string[]).includes(cookie) ? (cookie as Locale) : BASE_LOCALE;
}
