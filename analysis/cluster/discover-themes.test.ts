import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { discoverThemes, MIN_THEME_SIZE, type QuestionInput } from './discover-themes.js';

const topics = {
  rekenen: [
    'Hoe herken ik dyscalculie bij rekenen in groep 4?',
    'Welke aanpak helpt bij het automatiseren van de tafels bij rekenen?',
    'Hoe remediëren we dyscalculie en rekenproblemen in de bovenbouw?',
    'Werkt het oefenen van tafels met een app voor rekenen?',
    'Hoe geef ik rekenen met breuken betekenisvol vorm?',
    'Wat is de invloed van rekenangst op rekenen bij dyscalculie?',
    'Hoe verbeteren we rekenen bij dyscalculie?'
  ],
  pesten: [
    'Hoe pakken we pesten in de klas effectief aan?',
    'Wat doet pesten met het welbevinden van leerlingen?',
    'Hoe meten we welbevinden en sociale veiligheid?',
    'Werkt een programma tegen pesten op het schoolplein?',
    'Hoe merk je dat een kind gepest wordt en wat doe je tegen pesten?',
    'Hoe bevorder je welbevinden in de groep en wat doe je tegen pesten?',
    'Wat is het effect van online pesten op welbevinden?'
  ],
  lezen: [
    'Hoe vergroten we de motivatie voor lezen in groep 6?',
    'Welke aanpak werkt voor begrijpend lezen?',
    'Hoe breiden we de woordenschat uit met voorlezen?',
    'Werkt voorlezen voor de woordenschat van jonge kinderen?',
    'Hoe verbeter je begrijpend lezen met teksten?',
    'Wat is het effect van lezen op de woordenschat?',
    'Hoe stimuleer je plezier in lezen en voorlezen?'
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

/** For each topic, the set of clusters its questions landed in. */
function clustersPerTopic(result: ReturnType<typeof discoverThemes>) {
  const clusterOf = new Map(result.assignments.map((a) => [a.id, a.cluster]));
  return Object.keys(topics).map(
    (topic) => new Set(questions.filter((q) => q.id.startsWith(topic)).map((q) => clusterOf.get(q.id)))
  );
}

describe('discoverThemes without seed themes', () => {
  const result = discoverThemes(questions, { k: 3 });
  const clusterOf = new Map(result.assignments.map((a) => [a.id, a.cluster]));

  it('recovers the three topics', () => {
    const clusters = clustersPerTopic(result);
    for (const set of clusters) expect(set.size).toBe(1);
    expect(new Set(clusters.map((set) => [...set][0])).size).toBe(3);
  });

  it('labels each topic with 2 to 4 readable words from its questions', () => {
    const themeOf = (id: string) => result.themes.find((t) => t.cluster === clusterOf.get(id))!;
    expect(themeOf('rekenen-0').keywords).toContain('dyscalculie');
    expect(themeOf('pesten-0').keywords).toContain('pesten');
    expect(themeOf('lezen-0').keywords).toContain('woordenschat');
    const words = new Set(questions.flatMap((q) => q.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
    for (const theme of result.themes) {
      const shown = theme.keywords.flatMap((k) => k.split(' '));
      expect(shown.length).toBeGreaterThanOrEqual(2);
      expect(shown.length).toBeLessThanOrEqual(4);
      for (const word of shown) expect(words).toContain(word);
      expect(theme.label.toLowerCase()).toBe(theme.keywords.join(', '));
    }
  });

  it('gives each theme its 3 most representative questions, and each question a confidence and its deciding words', () => {
    for (const theme of result.themes) {
      expect(theme.representativeIds).toHaveLength(3);
      for (const id of theme.representativeIds) expect(clusterOf.get(id)).toBe(theme.cluster);
    }
    for (const a of result.assignments) {
      expect(a.confidence).toBeGreaterThan(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      expect(a.terms.length).toBeGreaterThan(0);
    }
    const reken = result.assignments.find((a) => a.id === 'rekenen-0')!;
    expect(reken.terms).toEqual(expect.arrayContaining(['dyscalculie']));
  });

  it('numbers themes by size, then by lowest id, whatever the seed', () => {
    expect(result.themes.map((t) => t.cluster)).toEqual([0, 1, 2]);
    for (const seed of [2, 3, 4]) expect(discoverThemes(questions, { k: 3, seed }).themes).toEqual(result.themes);
  });

  it.each([1, 2, 3])('does not depend on input order (shuffle %i)', (shuffle) => {
    expect(discoverThemes(shuffled(questions, shuffle), { k: 3 })).toEqual(result);
  });

  it('chooses k automatically by silhouette, never merging distinct topics, and reports the candidates', () => {
    const auto = discoverThemes(questions);
    // Rekenen may split in two (dyscalculie apart from tafels and breuken); no theme mixes topics.
    expect(auto.k).toBeGreaterThanOrEqual(3);
    expect(auto.k).toBeLessThanOrEqual(4);
    expect(auto.metrics.kCandidates.map((c) => c.k)).toEqual([2, 3, 4]);
    for (const theme of auto.themes) {
      const topicsInTheme = new Set(
        auto.assignments.filter((a) => a.cluster === theme.cluster).map((a) => a.id.split('-')[0])
      );
      expect(topicsInTheme.size).toBe(1);
    }
  });

  it('puts questions that fit nowhere in the unassigned bucket (-1)', () => {
    const withNoise = [
      ...questions,
      { id: 'leeg', text: 'Hoe kunnen we dit doen?' },
      { id: 'getal', text: '2024' },
      { id: 'anders', text: 'Mag ik parkeren op de speelplaats tijdens de vakantie?' }
    ];
    const { assignments, themes, metrics } = discoverThemes(withNoise, { k: 3 });
    const unassigned = assignments.filter((a) => a.cluster === -1).map((a) => a.id);
    expect(unassigned).toEqual(expect.arrayContaining(['getal', 'leeg', 'anders']));
    expect(metrics.unassigned).toBe(unassigned.length);
    expect(themes.reduce((sum, t) => sum + t.size, 0)).toBe(withNoise.length - unassigned.length);
  });

  it(`dissolves a new theme of fewer than ${MIN_THEME_SIZE} questions into the unassigned bucket`, () => {
    const many = [1, 2, 3].flatMap((copy) =>
      questions.map((q) => ({ id: `${q.id}-${copy}`, text: `${q.text} (${copy})` }))
    );
    const { themes } = discoverThemes(many, { k: 12 });
    for (const theme of themes) expect(theme.size).toBeGreaterThanOrEqual(MIN_THEME_SIZE);
  });

  it('keeps small themes when staff ask for many themes on few questions (half a fair share, at least 1)', () => {
    const { themes, metrics } = discoverThemes(questions.slice(0, 6), { k: 3 });
    expect(themes.length + metrics.unassigned).toBeGreaterThan(0);
    expect(themes.every((t) => t.size >= 1)).toBe(true);
  });

  it('returns no themes for no questions', () => {
    expect(discoverThemes([])).toMatchObject({ k: 0, assignments: [], themes: [], metrics: { unassigned: 0 } });
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

describe('discoverThemes with seed themes', () => {
  const seedThemes = [
    { name: 'Wiskunde', description: 'Rekenen, tafels, breuken en dyscalculie.' },
    { name: 'Welbevinden', description: 'Pesten, sociale veiligheid en welbevinden van kinderen.' }
  ];
  const result = discoverThemes(questions, { seedThemes, k: 'auto' });
  const clusterOf = new Map(result.assignments.map((a) => [a.id, a.cluster]));

  it('assigns questions to the seed theme they fit, named as the seed', () => {
    expect(result.themes.slice(0, 2).map((t) => [t.label, t.seed])).toEqual([
      ['Wiskunde', 0],
      ['Welbevinden', 1]
    ]);
    for (const q of questions.filter((q) => q.id.startsWith('rekenen'))) expect(clusterOf.get(q.id)).toBe(0);
    for (const q of questions.filter((q) => q.id.startsWith('pesten'))) expect(clusterOf.get(q.id)).toBe(1);
  });

  it('proposes new themes for the questions no seed theme fits', () => {
    // "motivatie voor lezen" may go to Welbevinden (motivation); the other reading questions share nothing with a seed.
    const lezen = questions.filter((q) => q.id.startsWith('lezen')).map((q) => clusterOf.get(q.id)!);
    expect(lezen.filter((c) => c >= 2).length).toBeGreaterThanOrEqual(6);
    for (const c of new Set(lezen.filter((c) => c >= 2))) {
      expect(result.themes.find((t) => t.cluster === c)!.seed).toBeNull();
    }
  });

  it('says which words decided a seeded assignment', () => {
    expect(result.assignments.find((a) => a.id === 'pesten-0')!.terms).toContain('pesten');
  });

  it('learns from example questions', () => {
    const withExamples = discoverThemes(questions, {
      seedThemes: [{ name: 'Lezen', examples: ['Hoe oefen ik begrijpend lezen?', 'Welke boeken lezen we voor?'] }]
    });
    const lezen = withExamples.assignments.filter((a) => a.id.startsWith('lezen-'));
    expect(lezen.filter((a) => a.cluster === 0).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps a seed theme that no question fits, empty', () => {
    const { themes } = discoverThemes(questions, { seedThemes: [{ name: 'Huiswerk', description: 'taken thuis' }] });
    expect(themes[0]).toMatchObject({ label: 'Huiswerk', size: 0, seed: 0 });
  });
});
