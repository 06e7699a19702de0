import { describe, expect, it } from 'vitest';
import { buildCompoundSplitter, derivedForms } from './compounds-nl.js';

const known = [
  'rekenen',
  'vaardigheid',
  'lezen',
  'motivatie',
  'school',
  'team',
  'leerlingen',
  'begeleiding',
  'beroep',
  'onderwijs',
  'taal',
  'beleid',
  'taalbeleid',
  'plan',
  'over',
  'gang',
  'onder',
  'wijs',
  'machine',
  'les',
  'rooster'
];
const splitter = buildCompoundSplitter(known);
const parts = (word: string, s = splitter) => s.split(word)?.map((part) => part.text) ?? null;

describe('buildCompoundSplitter', () => {
  it.each([
    {
      description: 'rekenvaardigheid into the verb root and a noun',
      input: 'rekenvaardigheid',
      expected: ['reken', 'vaardigheid']
    },
    { description: 'leesmotivatie, "lees" from "lezen"', input: 'leesmotivatie', expected: ['lees', 'motivatie'] },
    { description: 'a plural last part', input: 'rekenvaardigheden', expected: ['reken', 'vaardigheden'] },
    { description: 'schoolteam', input: 'schoolteam', expected: ['school', 'team'] },
    { description: 'with the linking s', input: 'beroepsonderwijs', expected: ['beroep', 'onderwijs'] },
    {
      description: 'no linking morpheme rather than one',
      input: 'leerlingenbegeleiding',
      expected: ['leerlingen', 'begeleiding']
    },
    { description: 'fewest parts', input: 'taalbeleidsplan', expected: ['taalbeleid', 'plan'] },
    { description: 'a word with an unknown part stays whole', input: 'rekenmachinist', expected: null },
    { description: 'a known word alone is not a compound', input: 'motivatie', expected: null },
    { description: 'function words are never parts', input: 'overgang', expected: null },
    { description: 'prefix-like function words are never parts', input: 'onderwijs', expected: null },
    { description: 'parts shorter than minPart are not tried', input: 'lesrooster', expected: null },
    { description: 'words with other characters are not split', input: 'reken2team', expected: null }
  ])('$description', ({ input, expected }) => {
    expect(parts(input)).toEqual(expected);
  });

  it('gives every part the stem of the word it stands for, and marks stopword parts', () => {
    expect(splitter.split('leesmotivatie')).toEqual([
      { text: 'lees', start: 0, end: 4, stem: 'lez', stopword: false },
      { text: 'motivatie', start: 4, end: 13, stem: 'motivatie', stopword: false }
    ]);
    expect(splitter.split('schoolteam')!.map((part) => part.stopword)).toEqual([true, false]);
    expect(splitter.partStem('lees')).toBe('lez');
    expect(splitter.partStem('onbekend')).toBeUndefined();
  });

  it('accepts any case and accents in the known words', () => {
    const accented = buildCompoundSplitter(['Zorg', 'Coördinator']);
    expect(parts('zorgcoordinator', accented)).toEqual(['zorg', 'coordinator']);
  });

  it('splits shorter parts with a smaller minPart', () => {
    expect(parts('lesrooster', buildCompoundSplitter(known, { minPart: 3 }))).toEqual(['les', 'rooster']);
    expect(() => buildCompoundSplitter(known, { minPart: 1 })).toThrow(RangeError);
  });

  it('depends only on the set of known words', () => {
    const reversed = buildCompoundSplitter([...known].reverse().concat(known));
    for (const word of ['rekenvaardigheid', 'leesmotivatie', 'taalbeleidsplan', 'leerlingenbegeleiding']) {
      expect(reversed.split(word)).toEqual(splitter.split(word));
    }
  });
});

describe('derivedForms', () => {
  it.each([
    { description: 'an infinitive gives its root', input: 'rekenen', expected: ['reken', 'rekeen'] },
    { description: 'z becomes s and an open vowel doubles', input: 'lezen', expected: ['les', 'lees'] },
    { description: 'v becomes f', input: 'schrijven', expected: ['schrijf'] },
    { description: 'a double consonant is undoubled', input: 'zitten', expected: ['zit'] },
    {
      description: '-heden gives -heid',
      input: 'vaardigheden',
      expected: ['vaardigheid', 'vaardighed', 'vaardigheed']
    },
    { description: 'a plural in -es loses its s', input: 'methodes', expected: ['methode'] },
    { description: 'other words give nothing', input: 'motivatie', expected: [] }
  ])('$description', ({ input, expected }) => {
    expect(derivedForms(input)).toEqual(expected);
  });
});
