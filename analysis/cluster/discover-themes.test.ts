import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { foldAccents } from '../text/tokenize-dutch.js';
import { defaultK, discoverThemes, type QuestionInput } from './discover-themes.js';

const topics = {
  rekenen: [
    'Hoe herken ik dyscalculie bij rekenen in groep 4?',
    'Welke aanpak helpt bij het automatiseren van de tafels bij rekenen?',
    'Hoe remediëren we dyscalculie en rekenproblemen in de bovenbouw?',
    'Werkt het oefenen van tafels met een app voor rekenen?',
    'Hoe geef ik rekenen met breuken betekenisvol vorm?',
    'Wat is de invloed van rekenangst op de rekenvaardigheid?',
    'Hoe verbeteren we de rekenvaardigheden bij dyscalculie?'
  ],
  pesten: [
    'Hoe pakken we pesten in de klas effectief aan?',
    'Wat doet pesten met het welbevinden van leerlingen?',
    'Hoe meten we welbevinden en sociale veiligheid?',
    'Werkt een anti-pestprogramma tegen pesten op het schoolplein?',
    'Hoe merk je dat een kind gepest wordt en wat doe je tegen pesten?',
    'Hoe bevorder je sociale veiligheid in de groep?',
    'Wat is het effect van online pesten op welbevinden?'
  ],
  lezen: [
    'Hoe vergroten we de leesmotivatie bij lezen in groep 6?',
    'Welke aanpak werkt voor begrijpend lezen?',
    'Hoe breiden we de woordenschat uit met voorlezen?',
    'Werkt voorlezen voor de woordenschat van jonge kinderen?',
    'Hoe verbeter je begrijpend lezen met teksten?',
    'Wat is het effect van lezen op de woordenschat?',
    'Hoe stimuleer je leesplezier en leesmotivatie?'
  ]
};

const questions: QuestionInput[] = Object.entries(topics).flatMap(([topic, texts]) =>
  texts.map((text, i) => ({ id: `${topic}-${i}`, text }))
);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('defaultK', () => {
  it.each([
    [1, 2],
    [8, 2],
    [21, 3],
    [700, 19],
    [5000, 30]
  ])('gives %i questions %i themes', (n, k) => {
    expect(defaultK(n)).toBe(k);
  });
});

describe('discoverThemes', () => {
  const result = discoverThemes(questions);
  const clusterOf = new Map(result.assignments.map((a) => [a.id, a.cluster]));

  it('recovers the three topics', () => {
    expect(result.k).toBe(3);
    const clustersPerTopic = Object.keys(topics).map(
      (topic) => new Set(questions.filter((q) => q.id.startsWith(topic)).map((q) => clusterOf.get(q.id)))
    );
    for (const clusters of clustersPerTopic) expect(clusters.size).toBe(1);
    expect(new Set(clustersPerTopic.map((clusters) => [...clusters][0])).size).toBe(3);
  });

  it('labels each topic with its own readable words', () => {
    const themeOf = (id: string) => result.themes.find((t) => t.cluster === clusterOf.get(id))!;
    expect(themeOf('rekenen-0').keywords).toEqual(expect.arrayContaining(['rekenen', 'dyscalculie']));
    expect(themeOf('pesten-0').keywords).toEqual(expect.arrayContaining(['pesten', 'welbevinden']));
    expect(themeOf('lezen-0').keywords).toEqual(expect.arrayContaining(['lezen', 'woordenschat']));
    expect(themeOf('rekenen-0').label).toMatch(/^[A-Z][a-zë]+(, [a-zë]+){2}$/);
  });

  it('shows keywords as words from the questions, not as stems', () => {
    const words = new Set(questions.flatMap((q) => q.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
    for (const theme of result.themes) {
      expect(theme.keywords).toHaveLength(4);
      for (const keyword of theme.keywords) expect(words).toContain(keyword);
      expect(foldAccents(theme.label.toLowerCase())).toBe(foldAccents(theme.keywords.slice(0, 3).join(', ')));
    }
  });

  it('numbers themes by size and picks representatives from the theme', () => {
    expect(result.themes.map((t) => t.cluster)).toEqual([0, 1, 2]);
    expect(result.themes.map((t) => t.size)).toEqual([7, 7, 7]);
    for (const theme of result.themes) {
      expect(theme.representativeIds).toHaveLength(3);
      for (const id of theme.representativeIds) expect(clusterOf.get(id)).toBe(theme.cluster);
    }
  });

  it('reports metrics for a well-separated clustering', () => {
    expect(result.metrics.inertia).toBeGreaterThan(0);
    expect(result.metrics.silhouette).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    expect(discoverThemes(questions, { seed: 7 })).toEqual(discoverThemes(questions, { seed: 7 }));
  });

  it('numbers themes by partition, not by the seed that found it', () => {
    for (const seed of [2, 3, 4, 5]) expect(discoverThemes(questions, { seed }).themes).toEqual(result.themes);
  });

  it.each([1, 2, 3, 4, 5])('does not depend on input order (shuffle %i)', (shuffle) => {
    expect(discoverThemes(shuffled(questions, shuffle))).toEqual(result);
  });

  it('returns assignments sorted by id', () => {
    const ids = result.assignments.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(questions.length);
  });

  it('leaves questions without usable words unassigned', () => {
    const withNoise = [...questions, { id: 'leeg', text: 'Hoe kunnen we dit doen?' }, { id: 'getal', text: '2024' }];
    const { assignments, themes } = discoverThemes(withNoise);
    expect(assignments.filter((a) => a.cluster === -1).map((a) => a.id)).toEqual(['getal', 'leeg']);
    expect(themes.reduce((sum, t) => sum + t.size, 0)).toBe(questions.length);
  });

  it('returns no themes for no questions', () => {
    expect(discoverThemes([])).toEqual({
      k: 0,
      seed: 1,
      assignments: [],
      themes: [],
      metrics: { inertia: 0, silhouette: null }
    });
  });

  it('returns no themes when no question has usable words', () => {
    const { k, themes, assignments } = discoverThemes([{ id: 'a', text: 'Hoe doen we dat?' }]);
    expect({ k, themes, assignments }).toEqual({ k: 0, themes: [], assignments: [{ id: 'a', cluster: -1 }] });
  });

  it('makes one theme of a single question', () => {
    const single = discoverThemes([{ id: 'a', text: 'Hoe remediëren we dyscalculie?' }]);
    expect(single.k).toBe(1);
    expect(single.themes).toEqual([
      {
        cluster: 0,
        label: 'Dyscalculie, remediëren',
        keywords: ['dyscalculie', 'remediëren'],
        size: 1,
        representativeIds: ['a']
      }
    ]);
    expect(single.metrics.silhouette).toBeNull();
  });

  it('caps k at the number of distinct questions', () => {
    const repeated = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, text: i % 2 ? 'pesten' : 'Rekenen?' }));
    const { k, themes } = discoverThemes(repeated, { k: 10 });
    expect(k).toBe(2);
    expect(themes.map((t) => t.representativeIds)).toEqual([
      ['a', 'c'],
      ['b', 'd']
    ]);
  });

  it('honours an explicit k', () => {
    expect(discoverThemes(questions, { k: 1 }).themes).toHaveLength(1);
    expect(discoverThemes(questions, { k: 5 }).themes).toHaveLength(5);
  });

  it('capitalises a leading ij as a whole', () => {
    const { themes } = discoverThemes([{ id: 'a', text: 'ijsbaan' }]);
    expect(themes[0]!.label).toBe('IJsbaan');
  });

  it.each([
    [
      'duplicate ids',
      [
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' }
      ],
      {}
    ],
    ['k = 0', questions, { k: 0 }],
    ['fractional k', questions, { k: 2.5 }]
  ])('rejects %s', (_case, input, options) => {
    expect(() => discoverThemes(input, options)).toThrow(RangeError);
  });
});
