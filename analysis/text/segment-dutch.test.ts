import { describe, expect, it } from 'vitest';
import { segmentDutch } from './segment-dutch.js';

const clauses = (text: string) => segmentDutch(text).map((clause) => clause.words.map((word) => word.surface));

describe('segmentDutch', () => {
  it.each([
    {
      description: 'lowercases and keeps accents',
      input: 'Remediëren BIJ Dyscalculie',
      expected: [['remediëren', 'bij', 'dyscalculie']]
    },
    {
      description: 'ends clauses at punctuation',
      input: 'Lezen, schrijven; rekenen. Taal? Ja!',
      expected: [['lezen'], ['schrijven'], ['rekenen'], ['taal'], ['ja']]
    },
    {
      description: 'ends clauses at brackets, lone dashes and line breaks',
      input: 'a (b) c – d\ne - f',
      expected: [['a'], ['b'], ['c'], ['d'], ['e'], ['f']]
    },
    {
      description: 'keeps quotes, slashes and ampersands inside a clause',
      input: '"lezen"/schrijven & ‘rekenen’',
      expected: [['lezen', 'schrijven', 'rekenen']]
    },
    { description: 'splits hyphenated words', input: 'sociaal-emotionele', expected: [['sociaal', 'emotionele']] },
    {
      description: 'drops what follows an apostrophe',
      input: "foto's en zo'n ICT'er",
      expected: [['foto', 'en', 'zo', 'ict']]
    },
    { description: 'keeps a leading clitic as one letter', input: "'s avonds", expected: [['s', 'avonds']] },
    { description: 'skips decimals and times', input: 'om 10:30 of 2,5 uur', expected: [['om', 'of', 'uur']] },
    { description: 'keeps whole numbers as words', input: 'groep 5', expected: [['groep', '5']] },
    {
      description: 'turns digit ordinals into words',
      input: '1ste, 2de en 3e',
      expected: [['eerste'], ['tweede', 'en', 'derde']]
    },
    {
      description: 'reads letter-dot abbreviations without dots',
      input: 'm.b.t. het S.O.',
      expected: [['mbt', 'het', 'secundair', 'onderwijs']]
    },
    {
      description: 'does not end a clause after bv.',
      input: 'tafels, bv. die van 7. Dan',
      expected: [['tafels'], ['bv', 'die', 'van', '7'], ['dan']]
    },
    {
      description: 'expands abbreviations case-sensitively where needed',
      input: 'SO so Lln',
      expected: [['secundair', 'onderwijs', 'so', 'leerlingen']]
    },
    { description: 'applies NFKC', input: 'ﬁctie ＬＥＺＥＮ', expected: [['fictie', 'lezen']] },
    {
      description: 'handles letters outside the basic plane',
      input: 'lezen 😀 schrijven',
      expected: [['lezen', 'schrijven']]
    },
    { description: 'returns nothing for punctuation only', input: ' -- ?! ...', expected: [] }
  ])('$description', ({ input, expected }) => {
    expect(clauses(input)).toEqual(expected);
  });

  it('reports joined hyphenated words and elliptical first parts', () => {
    const [clause] = segmentDutch('Lees- en sociaal-emotionele vaardigheden van SO-leerlingen');
    expect(clause!.joined).toEqual([{ surface: 'sociaal-emotionele', word: 'sociaalemotionele' }]);
    expect(clause!.words.filter((word) => word.elliptical).map((word) => word.surface)).toEqual(['lees']);
    expect(clause!.words.filter((word) => word.expanded).map((word) => word.surface)).toEqual([
      'secundair',
      'onderwijs'
    ]);
  });

  it('gives STEM a fixed term', () => {
    expect(segmentDutch('STEM')[0]!.words).toEqual([
      { surface: 'STEM', expanded: true, term: 'STEM', elliptical: false }
    ]);
  });
});
