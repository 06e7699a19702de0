import type { ThemeCardDto } from '$shared/curation';

export type BoardSort = 'size' | 'name';

/** What the board's GET form asks for: sorting and filtering happen on the page, so they work without JavaScript. */
export interface BoardFilters {
  sort: BoardSort;
  q: string;
  locked: boolean;
  overarching: boolean;
}

export type SourceKind = ThemeCardDto['bySource'][number]['kind'];

/** The source kinds in the order the board shows them (form, survey, focus group, other). */
export const SOURCE_KINDS: readonly SourceKind[] = ['vraagpunt', 'survey', 'focusgroup', 'other'];

/** The themes the form asks for: text in the name or a keyword, only locked, only overarching; by size or name. */
export function visibleThemes(themes: readonly ThemeCardDto[], filters: BoardFilters, locale: string): ThemeCardDto[] {
  const needle = filters.q.toLocaleLowerCase(locale);
  const matches = (theme: ThemeCardDto) =>
    needle === '' ||
    theme.name.toLocaleLowerCase(locale).includes(needle) ||
    theme.keywords.some((keyword) => keyword.toLocaleLowerCase(locale).includes(needle));
  const byName = (a: ThemeCardDto, b: ThemeCardDto) => a.name.localeCompare(b.name, locale);
  return themes
    .filter(
      (theme) => matches(theme) && (!filters.locked || theme.locked) && (!filters.overarching || theme.isOverarching)
    )
    .sort(filters.sort === 'name' ? byName : (a, b) => b.size - a.size || byName(a, b));
}

/** A count per source kind in SOURCE_KINDS' order, zero where the kind has no questions. */
export function sourceCounts(bySource: ThemeCardDto['bySource']): number[] {
  return SOURCE_KINDS.map((kind) => bySource.find((item) => item.kind === kind)?.count ?? 0);
}

/** The education levels that occur anywhere, in a stable order (alphabetical, "unknown" last). */
export function levelsOf(lists: readonly ThemeCardDto['byLevel'][], locale: string): string[] {
  const levels = new Set(lists.flatMap((list) => list.map((item) => item.level)));
  return [...levels].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, locale)));
}

export function levelCounts(byLevel: ThemeCardDto['byLevel'], levels: readonly string[]): number[] {
  return levels.map((level) => byLevel.find((item) => item.level === level)?.count ?? 0);
}
