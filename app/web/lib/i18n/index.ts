import { page } from '$app/state';
import i18next, { type i18n } from 'i18next';
import en from './messages/en.json';
import nl from './messages/nl-BE.json';
import { BASE_LOCALE, type Locale } from './locales';

type CatalogKey = keyof typeof nl;
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
/** "x_one" and "x_other" in the catalogue are asked for as "x" with a `count`; i18next picks the form. */
type PluralBase<K> = K extends `${infer Base}_${PluralSuffix}` ? Base : never;
export type MessageKey = CatalogKey | PluralBase<CatalogKey>;

// One ready instance per language: no shared mutable "current language" between server requests.
function instance(lng: Locale, messages: Record<string, string>): i18n {
  const i = i18next.createInstance();
  void i.init({
    lng,
    resources: { [lng]: { translation: messages } },
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    // Keeps i18next's advertisement out of the server log and the browser console.
    showSupportNotice: false
  });
  return i;
}

const instances: Record<Locale, i18n> = { 'nl-BE': instance('nl-BE', nl), en: instance('en', en) };

export function currentLocale(): Locale {
  return (page.data.locale as Locale | undefined) ?? BASE_LOCALE;
}

/** The message in the page's language; call it while rendering. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return instances[currentLocale()].t(key, params);
}

export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits
  }).format(value);
}

/** A share in [0, 1] as a whole percentage ("87 %" in Dutch). */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

// Belgian time on server and browser alike, so server-rendered dates match after hydration.
const TIME_ZONE = 'Europe/Brussels';

/** A day: ISO dates ("2024-09-01") and timestamps alike. */
export function formatDate(value: string | Date): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatDateTime(value: string | Date): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE
  }).format(new Date(value));
}
