import { describe, expect, it } from 'vitest';
import { DEFAULT_VOCABULARY, parseVocabulary } from './vocabulary.js';
import data from './vocabulary-nl.json' with { type: 'json' };

const concept = (name: string, variants: unknown) => ({ concept: name, variants });

describe('parseVocabulary', () => {
  it.each([
    { description: 'not an object', input: 42, expected: 'expected an object with a "concepts" array' },
    {
      description: 'no concepts array',
      input: { concepts: {} },
      expected: 'expected an object with a "concepts" array'
    },
    {
      description: 'an unknown top-level key',
      input: { concepts: [], concept: [] },
      expected: 'unknown key "concept"'
    },
    {
      description: 'a description that is not text',
      input: { concepts: [], description: 1 },
      expected: '"description" must be a string'
    },
    {
      description: 'an entry that is not an object',
      input: { concepts: ['lezen'] },
      expected: 'concepts[0] must be an object'
    },
    {
      description: 'a misspelt key',
      input: { concepts: [{ concept: 'lezen', varaints: ['lezen'] }] },
      expected: 'concepts[0]: unknown key "varaints"'
    },
    {
      description: 'a concept name with capitals and spaces',
      input: { concepts: [concept('Leren leren', ['leren leren'])] },
      expected: 'concepts[0].concept must be lowercase letters, digits and single hyphens, got "Leren leren"'
    },
    {
      description: 'a repeated concept',
      input: { concepts: [concept('lezen', ['lezen']), concept('lezen', ['leesbegrip'])] },
      expected: 'concepts[1] ("lezen") repeats the concept of concepts[0]'
    },
    {
      description: 'no variants',
      input: { concepts: [concept('lezen', [])] },
      expected: 'concepts[0] ("lezen").variants must be a non-empty array of strings'
    },
    {
      description: 'a variant that is not text',
      input: { concepts: [concept('lezen', ['lezen', 3])] },
      expected: 'concepts[0] ("lezen").variants[1] must be a non-empty string, got 3'
    },
    {
      description: 'a blank variant',
      input: { concepts: [concept('lezen', ['lezen', '  '])] },
      expected: 'concepts[0] ("lezen").variants[1] must be a non-empty string'
    },
    {
      description: 'a repeated variant',
      input: { concepts: [concept('evaluatie', ['toets', 'examen', 'toets'])] },
      expected: 'concepts[0] ("evaluatie").variants[2] ("toets") repeats variants[0]'
    },
    {
      description: 'a variant of function words only',
      input: { concepts: [concept('lezen', ['lezen', 'van de'])] },
      expected: 'concepts[0] ("lezen").variants[1] ("van de") has no word other than Dutch function words'
    },
    {
      description: 'a one-word variant with the stem of a function word',
      input: { concepts: [concept('kunst', ['muziek', 'dans'])] },
      expected: 'concepts[0] ("kunst").variants[1] ("dans") has the stem of the function word "dan" and would match it'
    }
  ])('rejects $description', ({ input, expected }) => {
    expect(() => parseVocabulary(input)).toThrow(expected);
  });

  it('accepts a valid vocabulary and freezes it', () => {
    const vocabulary = parseVocabulary({
      description: 'test',
      concepts: [concept('leren-leren', ['leren leren', 'metacognitie']), concept('stem', ['STEM'])]
    });
    expect(vocabulary.concepts.map((c) => c.concept)).toEqual(['leren-leren', 'stem']);
    expect(Object.isFrozen(vocabulary.concepts[0]!.variants)).toBe(true);
  });
});

describe('DEFAULT_VOCABULARY', () => {
  it('is the JSON file, with 150 to 300 concepts of several variants each', () => {
    expect(DEFAULT_VOCABULARY.concepts).toEqual(data.concepts);
    expect(DEFAULT_VOCABULARY.concepts.length).toBeGreaterThanOrEqual(150);
    expect(DEFAULT_VOCABULARY.concepts.length).toBeLessThanOrEqual(300);
    for (const { variants } of DEFAULT_VOCABULARY.concepts) expect(variants.length).toBeGreaterThanOrEqual(3);
  });
});
