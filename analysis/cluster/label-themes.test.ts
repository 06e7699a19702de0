import { describe, expect, it } from 'vitest';
import { themeKeywords } from './label-themes.js';
import type { TermDocument } from './vectorize.js';

/** A document of words; the stem is the word without a final "en" or "s", to show that labels are unstemmed. */
const doc = (text: string): TermDocument => {
  const words = text.split(' ');
  const stem = (w: string) => w.replace(/(en|s)$/, '');
  const terms = words.map(stem);
  for (let i = 1; i < words.length; i++) terms.push(`${stem(words[i - 1]!)} ${stem(words[i]!)}`);
  return { terms: [...terms, '#concept'], surfaces: words.map((w) => ({ stem: stem(w), surface: w })) };
};

describe('themeKeywords', () => {
  const docs = [
    doc('toetsen punten rapport'),
    doc('toetsen punten examen'),
    doc('toetsen rapport feedback'),
    doc('pesten welbevinden feedback'),
    doc('pesten welbevinden angst'),
    doc('pesten angst')
  ];
  const clusters = [0, 0, 0, 1, 1, 1];

  it.each([
    { description: 'words frequent in the theme and rare elsewhere come first', theme: 0, first: 'toetsen' },
    { description: 'each theme gets its own words', theme: 1, first: 'pesten' }
  ])('$description', ({ theme, first }) => {
    expect(themeKeywords(docs, clusters, 2)[theme]![0]).toBe(first);
  });

  it('shows words as written, never a word met once in the theme, nor concept terms', () => {
    const [evaluation] = themeKeywords(docs, clusters, 2);
    expect(evaluation).not.toContain('examen');
    expect(evaluation!.join(' ')).not.toContain('#');
    expect(evaluation).toEqual(expect.arrayContaining(['toetsen']));
  });

  it('keeps to at most 4 words, a two-word keyword counting two, without repeating a word', () => {
    for (const keywords of themeKeywords(docs, clusters, 2)) {
      const words = keywords.flatMap((k) => k.split(' '));
      expect(words.length).toBeLessThanOrEqual(4);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('leaves out unassigned documents and gives an empty theme no keywords', () => {
    expect(themeKeywords(docs, [0, 0, 0, -1, -1, -1], 2)[1]).toEqual([]);
  });
});
