import { describe, expect, it } from 'vitest';
import { analyzeCorpus, analyzeDutch, buildCompoundSplitter, type AnalyzeOptions, type Vocabulary } from './analyze.js';

/** Terms of one text, without the default vocabulary so that only words show. */
const terms = (text: string, options: AnalyzeOptions = {}) =>
  analyzeDutch(text, { vocabulary: null, ...options }).terms;
const words = (text: string) => terms(text, { bigrams: false });
const concepts = (text: string, options: AnalyzeOptions = {}) =>
  analyzeDutch(text, options).terms.filter((term) => term.startsWith('#'));

describe('analyzeDutch: abbreviations', () => {
  it.each([
    {
      description: 'SO in capitals is secundair onderwijs',
      input: ['Wiskunde in het SO', 'Wiskunde in het secundair onderwijs']
    },
    { description: 'S.O. with dots is SO', input: ['Wiskunde in het S.O.', 'Wiskunde in het SO'] },
    { description: 'LO in capitals is lager onderwijs', input: ['LO', 'lager onderwijs'] },
    { description: 'KO is kleuteronderwijs', input: ['KO', 'kleuteronderwijs'] },
    { description: 'BaO is basisonderwijs', input: ['Taal in het BaO', 'Taal in het basisonderwijs'] },
    { description: 'BuO is buitengewoon onderwijs', input: ['BuO', 'buitengewoon onderwijs'] },
    { description: 'bso is beroepssecundair onderwijs', input: ['stages in het bso', 'stages in het BSO'] },
    { description: 'tso is technisch secundair onderwijs', input: ['tso', 'technisch secundair onderwijs'] },
    { description: 'lln is leerlingen, a stopword', input: ['lln met dyslexie', 'leerlingen met dyslexie'] },
    { description: 'lkrn is leerkrachten, a stopword', input: ['lkrn en dyslexie', 'dyslexie'] },
    { description: 'CLB is written out', input: ['het CLB', 'het centrum voor leerlingenbegeleiding'] },
    { description: 'OKAN is written out', input: ['OKAN', 'onthaalklas voor anderstalige nieuwkomers'] },
    { description: 'NT2 is written out', input: ['NT2', 'Nederlands als tweede taal'] },
    {
      description: 'AI is artificiële intelligentie',
      input: ['AI in de klas', 'artificiële intelligentie in de klas']
    },
    { description: 'bv., bijv. and vb are stopwords', input: ['tafels bv. van 7', 'tafels bijv van vb 7'] },
    {
      description: 'm.b.t., mbt, i.v.m. and ivm are stopwords',
      input: ['m.b.t. toetsen i.v.m. rapport', 'mbt toetsen ivm rapport']
    }
  ])('$description', ({ input: [abbreviated, written] }) => {
    expect(terms(abbreviated!)).toEqual(terms(written!));
    expect(terms(abbreviated!).length).toBeGreaterThan(0);
  });

  it.each([
    { description: 'lowercase so is not SO', input: 'so', expected: ['so'] },
    { description: 'lowercase lo is not LO', input: 'lo', expected: ['lo'] },
    { description: 'ICT stays one word', input: 'ICT-beleid', expected: ['ict', 'beleid'] },
    { description: 'STEM is not stem (voice)', input: 'STEM en stem', expected: ['STEM', 'stem'] },
    { description: 'a capitalised Stem at the start of a sentence is the word', input: 'Stem', expected: ['stem'] },
    { description: 'a digit ordinal is the word, a stopword like it', input: '3de graad', expected: ['grad'] }
  ])('$description', ({ input, expected }) => {
    expect(words(input)).toEqual(expected);
  });
});

describe('analyzeDutch: words', () => {
  it.each([
    {
      description: 'hyphenated words give their parts, a bigram across the hyphen and the joined form',
      input: 'sociaal-emotionele ontwikkeling',
      expected: ['sociaal', 'emotionel', 'sociaal emotionel', 'ontwikkel', 'emotionel ontwikkel', 'sociaalemotionel']
    },
    { description: 'e-mail matches email through its joined form', input: 'e-mail', expected: ['mail', 'email'] },
    { description: "the plural 's is dropped", input: "auto's en foto's", expected: ['auto', 'foto', 'auto foto'] },
    { description: "the clitic 's is dropped", input: "'s avonds lezen", expected: ['avond', 'lez', 'avond lez'] },
    { description: "zo'n is a stopword", input: "zo'n toets", expected: ['toet'] },
    { description: "ICT'ers is ICT", input: "ICT'ers", expected: ['ict'] },
    { description: 'accents are folded for the stem', input: 'Remediëren', expected: ['remedier'] },
    { description: 'NFKC turns ligatures into letters', input: 'ﬁctie', expected: ['fictie'] },
    {
      description: 'decimal numbers and times are dropped',
      input: 'rekenen 2,5 uur',
      expected: ['reken', 'uur', 'reken uur']
    },
    { description: 'new domain stopwords are dropped', input: 'De impact van de aanpak op het leren', expected: [] }
  ])('$description', ({ input, expected }) => {
    expect(terms(input)).toEqual(expected);
  });

  it('keeps accents in the surface and pairs every term with one', () => {
    const { terms: analysed, surfaces } = analyzeDutch('Remediëren bij dyscalculie', { vocabulary: null });
    expect(surfaces).toEqual([
      { stem: 'remedier', surface: 'remediëren' },
      { stem: 'dyscalculie', surface: 'dyscalculie' },
      { stem: 'remedier dyscalculie', surface: 'remediëren dyscalculie' }
    ]);
    expect(surfaces.map((s) => s.stem)).toEqual(analysed);
  });
});

describe('analyzeDutch: bigrams', () => {
  it.each([
    { description: 'adjacent content words', input: 'begrijpend lezen', expected: ['begrijp lez'] },
    { description: 'across stopwords', input: 'lezen en schrijven', expected: ['lez schrijv'] },
    { description: 'across a slash', input: 'lezen/schrijven', expected: ['lez schrijv'] },
    { description: 'across quotes', input: '‘begrijpend lezen’', expected: ['begrijp lez'] },
    { description: 'across the stop of bv.', input: 'Oefen je bv. tafels?', expected: ['oef tafel'] },
    { description: 'not across a full stop', input: 'Oefen je tafels. Rekenen', expected: ['oef tafel'] },
    { description: 'not across a comma', input: 'lezen, schrijven', expected: [] },
    { description: 'not across brackets', input: 'lezen (schrijven)', expected: [] },
    { description: 'not across a dash standing alone', input: 'lezen - schrijven', expected: [] },
    { description: 'not across a line break', input: 'lezen\nschrijven', expected: [] },
    { description: 'not across a question mark', input: 'Lezen? Schrijven!', expected: [] }
  ])('$description', ({ input, expected }) => {
    expect(terms(input).filter((term) => term.includes(' '))).toEqual(expected);
  });

  it('can be switched off', () => {
    expect(terms('begrijpend lezen', { bigrams: false })).toEqual(['begrijp', 'lez']);
  });
});

describe('analyzeDutch: compounds', () => {
  const compounds = buildCompoundSplitter([
    'rekenen',
    'vaardigheid',
    'lezen',
    'motivatie',
    'school',
    'team',
    'schrijven'
  ]);

  it.each([
    { description: 'rekenvaardigheid', input: 'rekenvaardigheid', expected: ['rekenvaard', 'reken', 'vaardig'] },
    { description: 'a plural head', input: 'rekenvaardigheden', expected: ['rekenvaard', 'reken', 'vaardig'] },
    {
      description: 'leesmotivatie, "lees" standing for "lezen"',
      input: 'leesmotivatie',
      expected: ['leesmotivatie', 'lez', 'motivatie']
    },
    { description: 'a stopword part is dropped', input: 'schoolteam', expected: ['schoolteam', 'team'] },
    {
      description: 'a word whose parts are not all known stays whole',
      input: 'rekenmachine',
      expected: ['rekenmachin']
    },
    {
      description: 'an elliptical first part takes the compound form',
      input: 'lees- en schrijfvaardigheid',
      expected: ['lez', 'schrijfvaard', 'schrijv', 'vaardig']
    },
    { description: 'written-out abbreviations are not split', input: 'BaO', expected: ['basisonderwijs'] }
  ])('$description', ({ input, expected }) => {
    expect(terms(input, { compounds, bigrams: false })).toEqual(expected);
  });
});

describe('analyzeDutch: vocabulary', () => {
  const vocabulary: Vocabulary = {
    concepts: [
      { concept: 'evaluatie', variants: ['toets', 'examen', 'secundair onderwijs toetsen'] },
      { concept: 'lezen', variants: ['begrijpend lezen', 'leesvaardigheid'] },
      { concept: 'leren-leren', variants: ['leren leren'] },
      { concept: 'motivatie', variants: ['motivatie'] }
    ]
  };

  it.each([
    { description: 'a one-word variant', input: 'Hoe maak ik een toets?', expected: ['#evaluatie'] },
    { description: 'an inflected variant', input: 'Hoeveel toetsen per week?', expected: ['#evaluatie'] },
    { description: 'a phrase as consecutive words', input: 'Begrijpend lezen in groep 5', expected: ['#lezen'] },
    { description: 'a phrase in another order does not match', input: 'lezen is begrijpend', expected: [] },
    { description: 'a phrase across a comma does not match', input: 'begrijpend, lezen', expected: [] },
    { description: 'a phrase of stopwords matches', input: 'Hoe kunnen ze leren leren?', expected: ['#leren-leren'] },
    { description: 'a phrase through an abbreviation', input: 'Hoe vaak SO toetsen?', expected: ['#evaluatie'] },
    {
      description: 'each concept once, in vocabulary order',
      input: 'Leesvaardigheid, toets, examen, toetsen',
      expected: ['#evaluatie', '#lezen']
    },
    { description: 'no variant', input: 'Hoe bouw ik een kasteel?', expected: [] }
  ])('$description', ({ input, expected }) => {
    expect(concepts(input, { vocabulary })).toEqual(expected);
  });

  it('matches one-word variants against compound parts', () => {
    const compounds = buildCompoundSplitter(['lezen', 'motivatie']);
    expect(concepts('leesmotivatie', { vocabulary, compounds })).toEqual(['#motivatie']);
    expect(concepts('leesmotivatie', { vocabulary })).toEqual([]);
  });

  it('puts concepts last, shown by their name', () => {
    const { terms: analysed, surfaces } = analyzeDutch('Een examen', { vocabulary });
    expect(analysed).toEqual(['exam', '#evaluatie']);
    expect(surfaces.at(-1)).toEqual({ stem: '#evaluatie', surface: 'evaluatie' });
  });

  it.each([
    { description: 'evaluation', input: 'Hoeveel toetsen en examens geven we?', expected: '#evaluatie' },
    { description: 'reading', input: 'Hoe verbeter je begrijpend lezen?', expected: '#lezen' },
    { description: 'mathematics', input: 'Hoe automatiseren we de maaltafels?', expected: '#wiskunde' },
    {
      description: 'special needs',
      input: 'Welke sticordi-maatregelen helpen bij dyslexie?',
      expected: '#leerstoornissen'
    },
    { description: 'AI through its abbreviation', input: 'Mogen lln AI gebruiken voor taken?', expected: '#ai' },
    { description: 'STEM', input: 'Hoe integreren we STEM in de eerste graad?', expected: '#stem' },
    { description: 'parents', input: 'Hoe betrekken we ouders bij het oudercontact?', expected: '#ouders' },
    { description: 'learning to learn, a phrase of stopwords', input: 'Kan je leren leren?', expected: '#leren-leren' }
  ])('the default vocabulary recognises $description', ({ input, expected }) => {
    expect(concepts(input)).toContain(expected);
  });

  it('uses no vocabulary when given null', () => {
    expect(concepts('toetsen en examens', { vocabulary: null })).toEqual([]);
  });
});

describe('analyzeCorpus', () => {
  const texts = [
    'Hoe verhogen we de leesmotivatie in het BaO?',
    'Lezen en motivatie bij kleuters',
    'Welke toetsen gebruiken lkrn voor rekenvaardigheid?',
    'Rekenen met breuken, bv. in het SO',
    'Sociaal-emotionele ontwikkeling en pesten',
    'Hoe meten we rekenvaardigheid?',
    ''
  ];

  it('splits compounds into words found elsewhere in the corpus or the vocabulary', () => {
    const [first] = analyzeCorpus(texts, { vocabulary: null });
    expect(first!.terms).toEqual(expect.arrayContaining(['leesmotivatie', 'lez', 'motivatie']));
    const [alone] = analyzeCorpus([texts[0]!], { vocabulary: null });
    expect(alone!.terms).not.toContain('lez');
    const [withVocabulary] = analyzeCorpus([texts[0]!]);
    expect(withVocabulary!.terms).toEqual(expect.arrayContaining(['lez', 'motivatie', '#lezen', '#motivatie']));
  });

  it.each([
    { description: 'reversed', input: [...texts].reverse(), order: texts.map((_, i) => texts.length - 1 - i) },
    { description: 'rotated', input: [...texts.slice(3), ...texts.slice(0, 3)], order: [3, 4, 5, 6, 0, 1, 2] },
    { description: 'with duplicates', input: [...texts, ...texts], order: [...texts.keys(), ...texts.keys()] }
  ])('gives every text the same result whatever the order of the corpus ($description)', ({ input, order }) => {
    const reference = analyzeCorpus(texts);
    expect(analyzeCorpus(input)).toEqual(order.map((i) => reference[i]));
  });

  it('equals analyzeDutch text by text when compounds are off', () => {
    const corpus = analyzeCorpus(texts, { compounds: false });
    expect(corpus).toEqual(texts.map((text) => analyzeDutch(text)));
  });

  it('passes bigrams and vocabulary on', () => {
    const [analysed] = analyzeCorpus(['begrijpend lezen'], { bigrams: false, vocabulary: null });
    expect(analysed!.terms).toEqual(['begrijp', 'lez']);
  });

  it('handles no texts', () => {
    expect(analyzeCorpus([])).toEqual([]);
  });
});
