import { describe, expect, it } from 'vitest';
import type { ThemeCardDto } from '$shared/curation';
import { type BoardFilters, levelsOf, sourceCounts, visibleThemes } from './board-figures';

function theme(id: number, name: string, size: number, extra: Partial<ThemeCardDto> = {}): ThemeCardDto {
  return {
    id,
    name,
    description: '',
    keywords: [],
    size,
    duplicates: 0,
    version: 1,
    locked: false,
    isOverarching: false,
    isAdHoc: false,
    inRound: false,
    bySource: [],
    byLevel: [],
    representatives: [],
    ...extra
  };
}

const themes = [
  theme(1, 'Lezen', 10, { keywords: ['begrijpend', 'taal'] }),
  theme(2, 'Zorg', 8, { locked: true }),
  theme(3, 'Agressie', 8, { isOverarching: true, keywords: ['gedrag'] }),
  theme(4, 'Ëvaluatie', 3, { locked: true, isOverarching: true })
];
const all: BoardFilters = { sort: 'size', q: '', locked: false, overarching: false };

describe('visibleThemes', () => {
  const cases: { description: string; filters: Partial<BoardFilters>; expected: number[] }[] = [
    { description: 'by size, ties by name', filters: {}, expected: [1, 3, 2, 4] },
    {
      description: 'by name, accents sorted as letters (nl-BE collation)',
      filters: { sort: 'name' },
      expected: [3, 4, 1, 2]
    },
    { description: 'text in the name, case-insensitive', filters: { q: 'zORG' }, expected: [2] },
    { description: 'text in a keyword', filters: { q: 'gedrag' }, expected: [3] },
    { description: 'only locked', filters: { locked: true }, expected: [2, 4] },
    { description: 'only overarching', filters: { overarching: true }, expected: [3, 4] },
    { description: 'locked and overarching together', filters: { locked: true, overarching: true }, expected: [4] },
    { description: 'nothing matches', filters: { q: 'rekenen' }, expected: [] }
  ];
  it.each(cases)('$description', ({ filters, expected }) => {
    expect(visibleThemes(themes, { ...all, ...filters }, 'nl-BE').map((t) => t.id)).toEqual(expected);
  });

  it('leaves the board as it was', () => {
    visibleThemes(themes, { ...all, sort: 'name' }, 'nl-BE');
    expect(themes.map((t) => t.id)).toEqual([1, 2, 3, 4]);
  });
});

describe('shares', () => {
  it('counts per source kind in a fixed order, zero where missing', () => {
    expect(
      sourceCounts([
        { kind: 'focusgroup', count: 2 },
        { kind: 'vraagpunt', count: 5 }
      ])
    ).toEqual([5, 0, 2, 0]);
  });

  it('lists every level once, the unknown level last', () => {
    const lists = [
      [
        { level: 'secundair', count: 1 },
        { level: '', count: 2 }
      ],
      [{ level: 'lager', count: 3 }]
    ];
    expect(levelsOf(lists, 'nl-BE')).toEqual(['lager', 'secundair', '']);
  });
});
