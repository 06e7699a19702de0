import { describe, expect, it } from 'vitest';
import { foldAccents, stemDutch, tokenizeDutch } from './tokenize-dutch.js';

const stems = (text: string) => tokenizeDutch(text).map((t) => t.stem);
const surfaces = (text: string) => tokenizeDutch(text).map((t) => t.surface);

describe('tokenizeDutch', () => {
  it.each([
    // "verbeteren" is a domain stopword: nearly every question wants to improve something.
    ['function words', 'Hoe kunnen we het lezen van onze leerlingen verbeteren?', ['lezen']],
    ['domain words', 'Leerkrachten in groep 5 op school willen effectief rekenen', ['rekenen']],
    ['pure numbers and one-letter words', 'In 2024 haalde 3 van de 10 a b een 8', ['haalde']],
    ['hyphenated words split into parts', 'Sociaal-emotionele ontwikkeling', ['sociaal', 'emotionele', 'ontwikkeling']],
    ['apostrophes split off the plural s', "Welke auto's en foto's?", ['auto', 'foto']],
    ['mixed letters and digits kept', 'Covid19 en 3e klassers', ['covid19', '3e', 'klassers']],
    ['empty input', '', []],
    ['only punctuation and stopwords', ' -- ?! de het een, en...', []]
  ])('drops %s', (_case, text, expected) => {
    expect(surfaces(text)).toEqual(expected);
  });

  it.each([
    ['rekenvaardigheden', 'rekenvaardigheid'],
    ['rekenen', 'Rekenen'],
    ['remediëren', 'remedieren'],
    ['pesten', 'PESTEN'],
    ['tafels', 'tafel'],
    ['breuken', 'breuk']
  ])('gives %s and %s the same stem', (a, b) => {
    expect(stems(a)).toEqual(stems(b));
    expect(stems(a)).toHaveLength(1);
  });

  it('keeps the accented, lowercased surface but folds accents for the stem', () => {
    expect(tokenizeDutch('Remediëren bij Dyscalculie')).toEqual([
      { stem: 'remedier', surface: 'remediëren' },
      { stem: 'dyscalculie', surface: 'dyscalculie' }
    ]);
  });

  it('matches stopwords regardless of accents', () => {
    expect(stems('Één keer één')).toEqual(['ker']);
  });

  it('applies NFKC so ligatures and full-width letters become plain letters', () => {
    expect(surfaces('ﬁctie ＬＥＺＥＮ ĳsbaan')).toEqual(['fictie', 'lezen', 'ijsbaan']);
  });

  it('stems the same word identically whatever was stemmed before', () => {
    const fresh = stemDutch('cocktailbar');
    // "grote" loses its final e in Porter step 2, which natural remembers.
    stemDutch('grote');
    expect(stemDutch('cocktailbar')).toBe(fresh);
  });
});

describe('foldAccents', () => {
  it.each([
    ['remediëren', 'remedieren'],
    ['café', 'cafe'],
    ['één', 'een'],
    ['coördinatie', 'coordinatie'],
    ['plain', 'plain']
  ])('folds %s to %s', (word, folded) => {
    expect(foldAccents(word)).toBe(folded);
  });
});
