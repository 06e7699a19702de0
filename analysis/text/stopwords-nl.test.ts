import { describe, expect, it } from 'vitest';
import { DOMAIN_STOPWORDS, DUTCH_STOPWORDS, isStopword } from './stopwords-nl.js';
import { foldAccents } from './tokenize-dutch.js';

describe('stopword lists', () => {
  it.each([
    ['Dutch', DUTCH_STOPWORDS],
    ['domain', DOMAIN_STOPWORDS]
  ])('%s list holds only lowercased, accent-free single words', (_name, list) => {
    for (const word of list) expect(word).toBe(foldAccents(word).toLowerCase().trim());
    expect(list.has('')).toBe(false);
  });

  it.each([
    ['hoe', true],
    ['onze', true],
    ['leerlingen', true],
    ['leerkracht', true],
    ['rekenen', false],
    ['pesten', false]
  ])('isStopword(%s) is %s', (word, expected) => {
    expect(isStopword(word)).toBe(expected);
  });
});
