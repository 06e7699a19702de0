import type { MessageKey } from '$lib/i18n';
import type { BrokenDependencyDto, PlacementReasonDto } from '$shared/timeline';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** "2024-09-01" → "2024–2025": a school year runs 1 September – 31 August. */
export function yearLabel(startsOn: string): string {
  const year = Number(startsOn.slice(0, 4));
  return `${year}–${year + 1}`;
}

/** "A", "A en B", "A, B en C" in the page's language. */
function list(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The sentence that says why a theme sits where it does; null reason: never placed. */
export function reasonText(reason: PlacementReasonDto | null, t: Translate): string {
  if (!reason) return t('timeline.reason.none');
  const p = reason.params;
  const name = text(p.afterThemeName);
  const rank = typeof p.rank === 'number' ? p.rank : null;
  const and = t('timeline.and');
  switch (reason.code) {
    case 'overarching':
      return t('timeline.reason.overarching');
    case 'pinned':
      return typeof p.year === 'string'
        ? t('timeline.reason.pinned', { year: yearLabel(p.year) })
        : t('timeline.reason.pinnedOut');
    case 'priority':
      return rank === null ? t('timeline.reason.priorityUnranked') : t('timeline.reason.priority', { rank });
    case 'after_dependency':
      return t('timeline.reason.afterDependency', { name });
    case 'capacity': {
      const years = Array.isArray(p.fullYears) ? p.fullYears.map(yearLabel) : [];
      return t('timeline.reason.capacity', { count: years.length, years: list(years, and) });
    }
    case 'no_capacity':
      return t('timeline.reason.noCapacity');
    case 'no_later_year':
      return t('timeline.reason.noLaterYear', { name });
    case 'dependency_unplaced':
      return t('timeline.reason.dependencyUnplaced', { name });
    case 'dependency_cycle': {
      const names = Array.isArray(p.themeNames) ? p.themeNames.map((n) => `‘${n}’`) : [];
      return t('timeline.reason.dependencyCycle', { names: list(names, and) });
    }
    case 'manual':
      return t('timeline.reason.manual');
    default:
      return t('timeline.reason.none');
  }
}

/** What is wrong with one of a theme's dependencies. */
export function brokenText(broken: BrokenDependencyDto, afterName: string, t: Translate): string {
  const name = afterName;
  if (broken.reason === 'before') return t('timeline.broken.before', { name });
  if (broken.reason === 'same_year') return t('timeline.broken.sameYear', { name });
  return t('timeline.broken.unplacedPrerequisite', { name });
}
