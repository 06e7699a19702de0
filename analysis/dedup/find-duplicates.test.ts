import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { buildTfIdf, cosine } from '../text/tfidf.js';
import { foldAccents, tokenizeDutch } from '../text/tokenize-dutch.js';
import {
  DEFAULT_DUPLICATE_THRESHOLD,
  type DuplicateLink,
  findDuplicates,
  normaliseForDuplicates
} from './find-duplicates.js';

/** Unrelated questions, so that idf behaves as in a real import rather than a two-text corpus. */
const BACKGROUND = [
  'Hoe kan ik beter differentiëren in een klas met grote niveauverschillen?',
  'Wat zegt onderzoek over zittenblijven in het lager onderwijs?',
  'Hoe ga ik om met ouders die elke avond mailen?',
  'Hoe hou ik orde in een drukke klas na de middagpauze?',
  'Hoeveel schermtijd is gezond voor kleuters?',
  'Welke aanpak werkt voor nieuwkomers zonder kennis van het Nederlands?'
];
const FIRST = BACKGROUND.length;
const SECOND = FIRST + 1;

describe('normaliseForDuplicates', () => {
  it.each([
    { text: '  Hoe pak ik PESTEN aan?! ', expected: 'hoe pak ik pesten aan' },
    { text: 'Zorgcoördinator:\n„meer tijd” … graag', expected: 'zorgcoordinator meer tijd graag' },
    { text: 'Cafe\u0301, ĳs en ﬁches', expected: 'cafe ijs en fiches' },
    { text: 'sociaal-emotioneel\t(SEO)', expected: 'sociaal emotioneel seo' },
    { text: ' ?! … ', expected: '' }
  ])('normalises $text', ({ text, expected }) => {
    expect(normaliseForDuplicates(text)).toBe(expected);
  });
});

describe('findDuplicates', () => {
  it('links exact duplicates that differ only in case, spacing and punctuation to the first occurrence', () => {
    const texts = [
      'Hoe pak ik pesten aan?',
      'Wat zegt onderzoek over zittenblijven?',
      'hoe pak ik  Pesten aan',
      'HOE PAK IK PESTEN AAN!!!'
    ];
    expect(findDuplicates(texts)).toEqual([
      { index: 2, duplicateOf: 0, similarity: 1, exact: true },
      { index: 3, duplicateOf: 0, similarity: 1, exact: true }
    ]);
  });

  it.each([
    {
      change: 'another word order and other function words',
      first: 'Werkt directe instructie beter dan ontdekkend leren?',
      second: 'Is ontdekkend leren beter dan directe instructie?'
    },
    {
      change: 'an extra pronoun and no question mark',
      first: 'Hoe motiveer ik leerlingen voor wiskunde in de tweede graad?',
      second: 'Hoe motiveer ik mijn leerlingen voor wiskunde in de tweede graad'
    },
    {
      change: 'a greeting, a thank-you and a filler word',
      first: 'Hoeveel huiswerk is zinvol in het vijfde leerjaar?',
      second: 'Dag, hoeveel huiswerk is nog zinvol in het vijfde leerjaar? Alvast bedankt!'
    },
    {
      change: 'a typo',
      first: 'Welke leesmethode werkt het best voor zwakke lezers?',
      second: 'Welke leesmetode werkt best voor zwakke lezers?'
    },
    {
      change: 'other inflections and derivations',
      first: 'Hoe evalueer je groepswerk eerlijk?',
      second: 'Hoe kan je groepswerken op een eerlijke manier evalueren?'
    }
  ])('links a rewording with $change', ({ first, second }) => {
    const links = findDuplicates([...BACKGROUND, first, second]);
    expect(links).toEqual([{ index: SECOND, duplicateOf: FIRST, similarity: expect.any(Number), exact: false }]);
    expect(links[0]!.similarity).toBeGreaterThanOrEqual(DEFAULT_DUPLICATE_THRESHOLD);
    expect(links[0]!.similarity).toBeLessThanOrEqual(1);
  });

  it.each([
    {
      relation: 'the same sentence pattern on another topic',
      first: 'Hoe pak ik pesten aan?',
      second: 'Hoe pak ik spijbelen aan?'
    },
    {
      relation: 'the same pattern with a related learning disorder',
      first: 'Hoe help ik een leerling met dyslexie bij het lezen?',
      second: 'Hoe help ik een leerling met dyscalculie bij het rekenen?'
    },
    {
      relation: 'the same topic, another question (pesten)',
      first: 'Hoe voorkom ik pesten op de speelplaats?',
      second: 'Hoe betrek ik ouders bij een pestprobleem?'
    },
    {
      relation: 'the same topic, another question (huiswerk)',
      first: 'Hoeveel huiswerk is zinvol in het vijfde leerjaar?',
      second: 'Hoeveel huiswerk geef je in het eerste middelbaar?'
    },
    {
      relation: 'the same topic, another question (ChatGPT)',
      first: 'Hoe gebruik ik ChatGPT verantwoord in de les?',
      second: 'Hoe ontdek ik of een taak met ChatGPT geschreven is?'
    }
  ])('keeps apart two questions with $relation', ({ first, second }) => {
    expect(findDuplicates([...BACKGROUND, first, second])).toEqual([]);
  });

  it('ignores greetings and thanks around a short question', () => {
    const texts = [...BACKGROUND, 'Hoe pak ik pesten aan?', 'Dag,\nhoe pak ik pesten aan? Alvast bedankt, groetjes'];
    expect(findDuplicates(texts)).toEqual([
      { index: SECOND, duplicateOf: FIRST, similarity: expect.closeTo(1, 12), exact: false }
    ]);
  });

  it('does not catch a paraphrase in other words: another verb and a compound share too little', () => {
    // The same need, but only "pest-" is shared; word overlap cannot tell this from a topic neighbour.
    const texts = [...BACKGROUND, 'Hoe ga ik om met pesten in de klas?', 'Hoe pak ik pestgedrag in mijn klas aan?'];
    expect(findDuplicates(texts)).toEqual([]);
  });

  it('points every member of a chain to the first occurrence, even one not similar to it', () => {
    const wiskunde = 'Hoe motiveer ik leerlingen voor wiskunde?';
    const fysica = 'Hoe motiveer ik leerlingen voor fysica?';
    const beide = 'Hoe motiveer ik leerlingen voor wiskunde en fysica?';
    expect(findDuplicates([...BACKGROUND, wiskunde, fysica])).toEqual([]);

    const links = findDuplicates([...BACKGROUND, wiskunde, fysica, beide]);
    expect(links.map(({ index, duplicateOf, exact }) => ({ index, duplicateOf, exact }))).toEqual([
      { index: FIRST + 1, duplicateOf: FIRST, exact: false },
      { index: FIRST + 2, duplicateOf: FIRST, exact: false }
    ]);
    // The similarity is to the text linked to, here below the threshold: the chain went through "beide".
    expect(links[0]!.similarity).toBeLessThan(DEFAULT_DUPLICATE_THRESHOLD);
    expect(links[1]!.similarity).toBeGreaterThanOrEqual(DEFAULT_DUPLICATE_THRESHOLD);
  });

  it('marks a link exact only when the text equals the first occurrence', () => {
    const near = 'Hoe motiveer ik mijn leerlingen voor wiskunde?';
    const texts = ['Hoe motiveer ik leerlingen voor wiskunde?', near, near.toUpperCase()];
    expect(findDuplicates(texts)).toEqual([
      { index: 1, duplicateOf: 0, similarity: 1, exact: false },
      { index: 2, duplicateOf: 0, similarity: 1, exact: false }
    ]);
  });

  it('depends only on the texts and their order', () => {
    const texts = [
      ...BACKGROUND,
      'Hoe motiveer ik leerlingen voor wiskunde?',
      'Hoe pak ik pesten aan?',
      'Hoe motiveer ik leerlingen voor wiskunde en fysica?',
      'hoe pak ik pesten aan',
      'Hoe motiveer ik leerlingen voor fysica?'
    ];
    const links = findDuplicates(texts);
    expect(findDuplicates([...texts])).toEqual(links);

    // Reversed, the same groups form, each now led by its last text in the original order.
    const groupsOf = (input: readonly string[], found: DuplicateLink[]) =>
      found
        .map(({ index, duplicateOf }) => `${input[index]} → ${input[duplicateOf]}`)
        .sort()
        .join('\n');
    const reversed = [...texts].reverse();
    const reversedLinks = findDuplicates(reversed);
    expect(reversedLinks.map((l) => l.duplicateOf)).toEqual([0, 1, 0]);
    expect(groupsOf(reversed, reversedLinks)).toBe(
      [
        'Hoe motiveer ik leerlingen voor wiskunde en fysica? → Hoe motiveer ik leerlingen voor fysica?',
        'Hoe motiveer ik leerlingen voor wiskunde? → Hoe motiveer ik leerlingen voor fysica?',
        'Hoe pak ik pesten aan? → hoe pak ik pesten aan'
      ].join('\n')
    );
  });

  it('never links texts without letters or digits, and texts without content words only when exact', () => {
    expect(findDuplicates(['', '   ', '?!', '…'])).toEqual([]);
    expect(findDuplicates(['Hoe doe ik dat?', 'Hoe doe je dat?', 'hoe doe ik dat'])).toEqual([
      { index: 2, duplicateOf: 0, similarity: 1, exact: true }
    ]);
  });

  it('links texts whose content words are identical even at threshold 1', () => {
    const texts = [
      ...BACKGROUND,
      'Werkt directe instructie beter dan ontdekkend leren?',
      'Is ontdekkend leren beter dan directe instructie?'
    ];
    expect(findDuplicates(texts, { threshold: 1 })).toEqual([
      { index: SECOND, duplicateOf: FIRST, similarity: 1, exact: false }
    ]);
  });

  it.each([0, -0.5, 1.5, Number.NaN])('rejects threshold %s', (threshold) => {
    expect(() => findDuplicates(['a'], { threshold })).toThrow(RangeError);
  });

  describe('against a comparison of every pair', () => {
    /** The documented similarity, computed naively for every pair. */
    function naiveDuplicates(texts: readonly string[], threshold: number): DuplicateLink[] {
      const keys = texts.map(normaliseForDuplicates);
      const distinct = new Map<string, number>();
      const first: number[] = [];
      const distinctOf = keys.map((key, index) => {
        if (key === '') return -1;
        if (!distinct.has(key)) distinct.set(key, first.push(index) - 1);
        return distinct.get(key)!;
      });
      const tokens = first.map((index) => tokenizeDutch(texts[index]!));
      const grams = (word: string) => {
        const marked = `<${foldAccents(word)}>`;
        const out: string[] = [];
        for (let n = 3; n <= 5; n++) for (let s = 0; s + n <= marked.length; s++) out.push(marked.slice(s, s + n));
        return out;
      };
      const words = buildTfIdf(
        tokens.map((ts) => ts.map((t) => t.stem)),
        { sublinearTf: true }
      ).vectors;
      const chars = buildTfIdf(
        tokens.map((ts) => ts.flatMap((t) => grams(t.surface))),
        { sublinearTf: true }
      ).vectors;
      const similarity = (a: number, b: number) =>
        Math.min(1, (cosine(words[a]!, words[b]!) + cosine(chars[a]!, chars[b]!)) / 2);
      const parent = first.map((_, d) => d);
      const root = (d: number): number => (parent[d] === d ? d : root(parent[d]!));
      for (let a = 0; a < first.length; a++) {
        for (let b = a + 1; b < first.length; b++) {
          if (similarity(a, b) < threshold - 1e-9) continue;
          const [ra, rb] = [root(a), root(b)];
          parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
      return distinctOf.flatMap((d, index) => {
        if (d === -1 || first[root(d)] === index) return [];
        const r = root(d);
        return [{ index, duplicateOf: first[r]!, similarity: r === d ? 1 : similarity(d, r), exact: r === d }];
      });
    }

    // Short questions from a small vocabulary (compounds sharing parts), some reworded, shouted or prefixed copies.
    const random = mulberry32(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const openings = ['Hoe', 'Wat doe ik als', 'Waarom', 'Welke aanpak helpt als', 'Is het zinvol dat'];
    const subjects = [
      'kleuters',
      'nieuwkomers',
      'zwakke lezers',
      'anderstalige ouders',
      'de zorgcoördinator',
      'stagiairs'
    ];
    const verbs = ['oefenen', 'rekenen', 'samenwerken', 'plannen', 'reflecteren', 'differentiëren', 'debatteren'];
    const topics = [
      'lees',
      'reken',
      'schrijf',
      'taal',
      'wiskunde',
      'spel',
      'groeps',
      'huis',
      'muziek',
      'sport'
    ].flatMap((part) => ['werk', 'les', 'toets', 'boek', 'plan', 'regels'].map((head) => part + head));
    const texts: string[] = [];
    for (let i = 0; i < 160; i++) {
      const roll = random();
      if (i > 0 && roll < 0.2) {
        const words = pick(texts).split(' ');
        words.splice(Math.floor(random() * words.length), 1, pick([...verbs, ...topics]));
        texts.push(words.join(' '));
      } else if (i > 0 && roll < 0.3) {
        texts.push(random() < 0.5 ? pick(texts).toUpperCase() : `Vraag: ${pick(texts).replace(/^Hoe/, 'Waarom')}`);
      } else {
        texts.push(`${pick(openings)} ${pick(subjects)} ${pick(verbs)} met ${pick(topics)}?`);
      }
    }

    it.each([0.2, 0.45, 0.55, 0.65, 0.8, 0.9, 1])('finds the same groups at threshold %s', (threshold) => {
      const expected = naiveDuplicates(texts, threshold);
      const links = findDuplicates(texts, { threshold });
      expect(links).toEqual(expected.map((link) => ({ ...link, similarity: expect.closeTo(link.similarity, 12) })));
    });
  });
});
