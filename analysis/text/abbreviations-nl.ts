/**
 * Abbreviations common in Flemish education, expanded before stopword
 * removal and stemming so that an abbreviation gives exactly the features of
 * its written-out form ("SO" and "secundair onderwijs" both give "secundair",
 * as "onderwijs" is a domain stopword).
 *
 * Abbreviations that are also ordinary Dutch or English words in lowercase
 * are only recognised in capitals: "SO" (secundair onderwijs, not English
 * "so"), "LO", "KO", "HO", "ION" (an ion), "GOK" (gokken), "ASS", "WO".
 * Abbreviations that stand for function words ("bv", "mbt", "ivm", "o.a.")
 * are not listed here: they are stopwords (see stopwords-nl.ts).
 */
export interface Abbreviation {
  /** The written-out words; tokenised like any other text. */
  words: string;
  /**
   * A fixed term instead of the stem, for acronyms that have no Dutch
   * written-out form and whose letters spell a different Dutch word
   * ("STEM" is not "stem", voice).
   */
  term?: string;
}

const table = (entries: Record<string, string | Abbreviation>): ReadonlyMap<string, Abbreviation> =>
  new Map(Object.entries(entries).map(([key, value]) => [key, typeof value === 'string' ? { words: value } : value]));

/** Recognised only when written exactly like this (after NFKC). */
export const CASE_SENSITIVE_ABBREVIATIONS: ReadonlyMap<string, Abbreviation> = table({
  SO: 'secundair onderwijs',
  LO: 'lager onderwijs',
  KO: 'kleuteronderwijs',
  HO: 'hoger onderwijs',
  ION: 'inclusief onderwijs',
  GOK: 'gelijke onderwijskansen',
  ASS: 'autismespectrumstoornis',
  WO: 'wereldoriëntatie',
  STEM: { words: 'STEM', term: 'STEM' }
});

/** Recognised in any letter case; keys are lowercase. */
export const CASE_INSENSITIVE_ABBREVIATIONS: ReadonlyMap<string, Abbreviation> = table({
  ll: 'leerling',
  lln: 'leerlingen',
  lk: 'leerkracht',
  lkr: 'leerkracht',
  lkn: 'leerkrachten',
  lkrn: 'leerkrachten',
  lkrs: 'leerkrachten',
  clb: 'centrum voor leerlingenbegeleiding',
  bao: 'basisonderwijs',
  buo: 'buitengewoon onderwijs',
  bubao: 'buitengewoon basisonderwijs',
  buso: 'buitengewoon secundair onderwijs',
  aso: 'algemeen secundair onderwijs',
  bso: 'beroepssecundair onderwijs',
  dbso: 'deeltijds beroepssecundair onderwijs',
  kso: 'kunstsecundair onderwijs',
  tso: 'technisch secundair onderwijs',
  dko: 'deeltijds kunstonderwijs',
  cvo: 'centrum voor volwassenenonderwijs',
  okan: 'onthaalklas voor anderstalige nieuwkomers',
  nt2: 'Nederlands als tweede taal',
  gon: 'geïntegreerd onderwijs',
  ai: 'artificiële intelligentie',
  mdo: 'multidisciplinair overleg',
  lvs: 'leerlingvolgsysteem',
  tos: 'taalontwikkelingsstoornis',
  iac: 'individueel aangepast curriculum',
  lio: 'leraar in opleiding',
  // Kept as one word: it is hardly ever written out, and the written-out
  // "informatie- en communicatietechnologie" would add the vague "informatie".
  ict: 'ict'
});

/**
 * Abbreviations usually written with a final full stop in mid-sentence
 * ("bv. tafels"); that stop is part of the abbreviation, not a clause end.
 */
export const DOTTED_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'bv',
  'bijv',
  'vb',
  'oa',
  'evt',
  'ca',
  'zgn',
  'vnl',
  'resp',
  'incl',
  'excl',
  'nl',
  'ipv',
  'ivm',
  'mbt',
  'tov',
  'ifv',
  'obv',
  'adhv',
  'mbv',
  'nav'
]);

/** Numerals written as digits with an ordinal ending ("3de", "1ste", "2e"), up to twelve. */
export const ORDINALS: readonly string[] = [
  'nulde',
  'eerste',
  'tweede',
  'derde',
  'vierde',
  'vijfde',
  'zesde',
  'zevende',
  'achtste',
  'negende',
  'tiende',
  'elfde',
  'twaalfde'
];
