/**
 * Generated Dutch (Flemish) teacher questions for benchmarks: `tsx scripts/generate-questions.ts N [SEED] > file.csv`
 * writes N rows `id,text,topic`; {@link generateQuestions} returns them.
 *
 * A question is a template filled with a topic's phrases (20 education topics, some far more common than others), a
 * school level (kleuter, lager, secundair, buitengewoon), often a group of learners and a role, and is redrawn until
 * it has 15 to 30 words. Noise as in real survey answers: abbreviations ("lln", "bv.", "3de lj"), the odd typo,
 * missing or doubled question marks, lowercase starts, greetings; about 5% are near-duplicates of an earlier question
 * (a word or a mark changed). Seeded with mulberry32: the same n and seed give the same rows, and a smaller n gives
 * the first rows of a larger one. The word lists are written for this script, not taken from any evaluation data.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../analysis/random.js';

export interface GeneratedQuestion {
  id: string;
  text: string;
  topic: string;
}

export const MIN_WORDS = 15;
export const MAX_WORDS = 30;
const NEAR_DUPLICATE_SHARE = 0.05;

interface Topic {
  name: string;
  /** Relative frequency among the questions. */
  weight: number;
  /** Noun phrases: "begrijpend lezen". */
  subjects: readonly string[];
  /**
   * "object|verb": "de leesmotivatie|verhogen" gives "de leesmotivatie verhogen" and "de leesmotivatie te verhogen";
   * a "~" marks where "te" goes when not before the verb: "aan~leren" gives "aanleren" and "aan te leren".
   */
  actions: readonly string[];
  /** Clauses after "Ik merk dat …". */
  problems: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    name: 'lezen',
    weight: 9,
    subjects: [
      'begrijpend lezen',
      'technisch lezen',
      'de leesmotivatie',
      'het leesplezier',
      'voorlezen in de klas',
      'het lezen van informatieve teksten',
      'vloeiend lezen'
    ],
    actions: [
      'begrijpend lezen|aan~pakken',
      'de leesmotivatie|verhogen',
      'het leesplezier|stimuleren',
      'de leesvaardigheid|verbeteren',
      'het technisch lezen|automatiseren',
      'leesstrategieën|aan~leren',
      'zwakke lezers|ondersteunen'
    ],
    problems: [
      'mijn leerlingen een tekst wel vlot kunnen lezen maar de inhoud niet begrijpen',
      'steeds minder kinderen uit zichzelf een boek vastnemen',
      'de leesresultaten van onze school al jaren dalen',
      'zwakke lezers afhaken zodra een tekst langer is dan een halve pagina',
      'leerlingen de leesstrategieën wel kennen maar ze niet gebruiken'
    ]
  },
  {
    name: 'schrijven',
    weight: 4,
    subjects: [
      'schrijfvaardigheid',
      'spelling',
      'het schrijven van teksten',
      'werkwoordspelling',
      'het handschrift',
      'de schrijfmotivatie'
    ],
    actions: [
      'de schrijfvaardigheid|versterken',
      'spelling|in~oefenen',
      'werkwoordspelling|automatiseren',
      'het schrijfproces|begeleiden',
      'een vlot handschrift|aan~leren',
      'schrijfopdrachten|verbeteren'
    ],
    problems: [
      'mijn leerlingen de spellingregels kennen maar ze in hun eigen teksten niet toepassen',
      'leerlingen nauwelijks nog met de hand willen schrijven',
      'de teksten van mijn leerlingen vaak kort en onsamenhangend zijn',
      'veel leerlingen fouten blijven maken tegen de werkwoordspelling'
    ]
  },
  {
    name: 'rekenen',
    weight: 8,
    subjects: [
      'rekenvaardigheid',
      'het automatiseren van de maaltafels',
      'hoofdrekenen',
      'breuken',
      'vraagstukken',
      'wiskundeangst',
      'ruimtelijk inzicht',
      'getalbegrip'
    ],
    actions: [
      'de maaltafels|automatiseren',
      'breuken|aan~brengen',
      'vraagstukken|~leren oplossen',
      'getalbegrip|op~bouwen',
      'hoofdrekenen|in~oefenen',
      'wiskundeangst|verminderen',
      'rekenstrategieën|aan~leren'
    ],
    problems: [
      'mijn leerlingen de maaltafels na de zomervakantie weer vergeten zijn',
      'leerlingen vastlopen bij vraagstukken omdat ze de tekst niet begrijpen',
      'sommige leerlingen bang zijn voor wiskunde en meteen opgeven',
      'het niveau van rekenen bij de instroom sterk verschilt'
    ]
  },
  {
    name: 'evaluatie',
    weight: 7,
    subjects: [
      'formatief evalueren',
      'toetsen',
      'het rapport',
      'breed evalueren',
      'permanente evaluatie',
      'examens',
      'zelfevaluatie door leerlingen'
    ],
    actions: [
      'formatief evalueren|in~voeren',
      'goede toetsen|op~stellen',
      'een rapport zonder punten|uit~werken',
      'breed evalueren|organiseren',
      'de examenstress|verminderen',
      'de evaluatie|af~stemmen op de leerdoelen'
    ],
    problems: [
      'leerlingen alleen nog leren voor punten en niet voor het vak zelf',
      'onze toetsen vooral reproductie meten en weinig inzicht',
      'ouders vragen naar punten terwijl wij breed willen evalueren',
      'de toetsdruk in de derde graad erg hoog ligt'
    ]
  },
  {
    name: 'feedback',
    weight: 4,
    subjects: ['feedback geven', 'feedback op schrijfopdrachten', 'peerfeedback', 'mondelinge feedback', 'feedforward'],
    actions: [
      'feedback|geven',
      'peerfeedback|organiseren',
      'feedback op taken|efficiënter ~maken',
      'leerlingen|~leren omgaan met feedback',
      'feedforward|in~zetten'
    ],
    problems: [
      'leerlingen mijn feedback op hun taken nauwelijks lezen',
      'het geven van feedback aan 28 leerlingen enorm veel tijd kost',
      'leerlingen elkaar bij peerfeedback vooral complimentjes geven'
    ]
  },
  {
    name: 'welbevinden',
    weight: 6,
    subjects: [
      'het welbevinden van leerlingen',
      'mentaal welzijn',
      'faalangst',
      'stress bij leerlingen',
      'sociaal-emotioneel leren',
      'veerkracht',
      'eenzaamheid bij jongeren'
    ],
    actions: [
      'het welbevinden|op~volgen',
      'faalangst|verminderen',
      'sociaal-emotionele vaardigheden|versterken',
      'stress bij leerlingen|bespreekbaar ~maken',
      'de veerkracht van leerlingen|vergroten',
      'een warm klasklimaat|op~bouwen'
    ],
    problems: [
      'steeds meer leerlingen met buikpijn naar school komen',
      'leerlingen na de coronajaren minder weerbaar lijken',
      'een leerling zich volledig terugtrekt in de klas',
      'faalangst bij toetsen steeds vaker voorkomt'
    ]
  },
  {
    name: 'pesten',
    weight: 4,
    subjects: [
      'pesten',
      'cyberpesten',
      'pestgedrag op de speelplaats',
      'uitsluiting in de klasgroep',
      'een antipestbeleid',
      'de no-blame aanpak'
    ],
    actions: [
      'pesten|voorkomen',
      'cyberpesten|aan~pakken',
      'een antipestbeleid|uit~werken',
      'de no-blame aanpak|toe~passen',
      'pestgedrag|vroeg ~signaleren',
      'omstaanders|betrekken bij het stoppen van pesten'
    ],
    problems: [
      'er in de klasgroep via sociale media gepest wordt buiten de schooluren',
      'een leerling al maanden wordt uitgesloten op de speelplaats',
      'ons antipestbeleid op papier goed is maar in de praktijk weinig verandert',
      'gepeste leerlingen niets durven te zeggen'
    ]
  },
  {
    name: 'gedrag',
    weight: 5,
    subjects: [
      'storend gedrag',
      'gedragsproblemen',
      'agressie in de klas',
      'leerlingen met ADHD',
      'herstelgericht werken',
      'grensoverschrijdend gedrag'
    ],
    actions: [
      'storend gedrag|om~buigen',
      'agressie|de-escaleren',
      'herstelgericht werken|in~voeren',
      'positief gedrag|belonen',
      'gedragsproblemen|vroeg aan~pakken'
    ],
    problems: [
      'een paar leerlingen de les voortdurend verstoren',
      'conflicten van de speeltijd mee de les binnenkomen',
      'straffen bij een bepaalde leerling niets meer uithaalt'
    ]
  },
  {
    name: 'ouders',
    weight: 5,
    subjects: [
      'ouderbetrokkenheid',
      'de communicatie met ouders',
      'oudercontacten',
      'samenwerking met kansarme ouders',
      'anderstalige ouders',
      'moeilijke gesprekken met ouders'
    ],
    actions: [
      'ouders|meer ~betrekken',
      'oudercontacten|voor~bereiden',
      'anderstalige ouders|bereiken',
      'een moeilijk gesprek met ouders|voeren',
      'de communicatie met ouders|verbeteren'
    ],
    problems: [
      'ouders nauwelijks reageren op berichten via de schoolapp',
      'sommige ouders nooit naar het oudercontact komen',
      'ouders het niet eens zijn met de aanpak van de school'
    ]
  },
  {
    name: 'huiswerk',
    weight: 3,
    subjects: ['huiswerk', 'het huiswerkbeleid', 'huistaken', 'studeren thuis', 'huiswerkbegeleiding'],
    actions: [
      'huiswerk|zinvol ~maken',
      'een huiswerkbeleid|op~stellen',
      'huistaken|af~schaffen',
      'huiswerkbegeleiding|organiseren',
      'de hoeveelheid huiswerk|af~stemmen tussen vakken'
    ],
    problems: [
      'kinderen zonder hulp thuis hun huistaken niet afkrijgen',
      'ouders klagen dat er te veel huiswerk wordt gegeven',
      'leerlingen hun huiswerk vaak kopiëren van elkaar of laten maken door AI'
    ]
  },
  {
    name: 'digitaal',
    weight: 6,
    subjects: [
      'het gebruik van smartphones',
      'schermtijd',
      'digitale geletterdheid',
      'ChatGPT en andere AI-tools',
      'laptops in de klas',
      'mediawijsheid',
      'sociale media'
    ],
    actions: [
      'smartphones|verbieden',
      'AI-tools|verantwoord in~zetten',
      'digitale geletterdheid|aan~leren',
      'de schermtijd|beperken',
      'laptops|zinvol in~zetten',
      'mediawijsheid|integreren in de lessen'
    ],
    problems: [
      'leerlingen tijdens de les voortdurend op hun gsm kijken',
      'leerlingen hun taken laten schrijven door ChatGPT',
      'de laptops in de klas vooral afleiding lijken te geven'
    ]
  },
  {
    name: 'differentiatie',
    weight: 7,
    subjects: [
      'differentiatie',
      'niveauverschillen',
      'hoogbegaafde leerlingen',
      'sterke leerlingen',
      'remediëring',
      'binnenklasdifferentiatie',
      'werken met niveaugroepen'
    ],
    actions: [
      'differentiatie|organiseren',
      'hoogbegaafde leerlingen|uit~dagen',
      'remediëring|in~plannen',
      'werken met niveaugroepen|in~voeren',
      'verrijkingsopdrachten|voorzien',
      'de instructie|af~stemmen op verschillende niveaus'
    ],
    problems: [
      'de niveauverschillen in mijn klas zo groot zijn dat ik niet iedereen bereik',
      'sterke leerlingen zich vervelen terwijl ik zwakkere leerlingen help',
      'differentiëren veel extra voorbereidingstijd vraagt'
    ]
  },
  {
    name: 'klasmanagement',
    weight: 6,
    subjects: [
      'klasmanagement',
      'orde houden',
      'klasafspraken',
      'overgangen tussen activiteiten',
      'de opstelling van de klas',
      'rust in de klas'
    ],
    actions: [
      'rust in de klas|brengen',
      'klasafspraken|op~stellen',
      'overgangen|vlotter ~laten verlopen',
      'het begin van de les|structureren',
      'vaste routines|in~bouwen'
    ],
    problems: [
      'het na elke speeltijd lang duurt voor de klas weer rustig is',
      'ik als beginnende leraar moeite heb om orde te houden',
      'leerlingen tijdens groepswerk veel te luid worden'
    ]
  },
  {
    name: 'stem',
    weight: 3,
    subjects: ['STEM', 'techniek', 'wetenschappen', 'onderzoekend leren', 'programmeren', 'STEM-projecten'],
    actions: [
      'STEM|integreren',
      'onderzoekend leren|aan~pakken',
      'programmeren|aan~leren',
      'meisjes|warm ~maken voor techniek',
      'proefjes|organiseren',
      'STEM-projecten|evalueren'
    ],
    problems: [
      'meisjes al vroeg afhaken bij techniek en wetenschappen',
      'STEM-projecten vooral leuk zijn maar weinig leerwinst opleveren',
      'er weinig tijd en materiaal is voor onderzoekend leren'
    ]
  },
  {
    name: 'taal-nt2',
    weight: 6,
    subjects: [
      'woordenschat',
      'Nederlands als tweede taal',
      'meertaligheid',
      'taalzwakke leerlingen',
      'anderstalige nieuwkomers',
      'de thuistaal',
      'taalontwikkelend lesgeven'
    ],
    actions: [
      'de woordenschat|uit~breiden',
      'anderstalige nieuwkomers|op~vangen',
      'de thuistaal|in~zetten',
      'taalontwikkelend lesgeven|toe~passen',
      'spreekvaardigheid|oefenen',
      'NT2-leerlingen|ondersteunen'
    ],
    problems: [
      'anderstalige leerlingen de instructie in de les niet volgen',
      'leerlingen op de speelplaats vooral hun thuistaal spreken',
      'de woordenschat van veel kleuters bij de instap erg beperkt is'
    ]
  },
  {
    name: 'inclusie',
    weight: 5,
    subjects: [
      'inclusief onderwijs',
      'redelijke aanpassingen',
      'leerlingen met autisme',
      'leerlingen met een beperking',
      'het ondersteuningsnetwerk',
      'het leersteundecreet'
    ],
    actions: [
      'redelijke aanpassingen|voorzien',
      'leerlingen met autisme|ondersteunen',
      'inclusief onderwijs|haalbaar ~maken',
      'de samenwerking met het ondersteuningsnetwerk|verbeteren',
      'een handelingsplan|op~stellen'
    ],
    problems: [
      'ik in een klas van 25 leerlingen drie leerlingen met een verslag heb',
      'de redelijke aanpassingen veel tijd vragen en niet altijd werken',
      'collega’s twijfelen of inclusief onderwijs wel haalbaar is'
    ]
  },
  {
    name: 'metacognitie',
    weight: 3,
    subjects: ['leren leren', 'metacognitie', 'executieve functies', 'zelfregulatie', 'studievaardigheden'],
    actions: [
      'leren leren|aan~brengen',
      'executieve functies|trainen',
      'zelfregulerend leren|stimuleren',
      'leerlingen|~leren plannen',
      'reflectie op het eigen leerproces|stimuleren'
    ],
    problems: [
      'leerlingen niet weten hoe ze voor een toets moeten studeren',
      'veel leerlingen in het eerste jaar hun planning niet rond krijgen',
      'leerlingen hun fouten niet gebruiken om bij te leren'
    ]
  },
  {
    name: 'leermiddelen',
    weight: 3,
    subjects: ['handboeken', 'werkboekjes', 'leermiddelen', 'digitale leerplatformen', 'een nieuwe methode'],
    actions: [
      'een goede methode|kiezen',
      'werkboekjes|vervangen',
      'concreet materiaal|in~zetten',
      'digitale leerplatformen|vergelijken',
      'eigen lesmateriaal|ontwikkelen'
    ],
    problems: [
      'onze school twijfelt tussen twee nieuwe methodes voor wiskunde',
      'leerlingen in de werkboekjes vooral invullen zonder na te denken',
      'de handboeken niet meer aansluiten bij de nieuwe leerplannen'
    ]
  },
  {
    name: 'ontwikkeling',
    weight: 3,
    subjects: [
      'de motorische ontwikkeling',
      'de taalontwikkeling van jonge kinderen',
      'spelontwikkeling',
      'schoolrijpheid',
      'de fijne motoriek',
      'beginnende geletterdheid'
    ],
    actions: [
      'de fijne motoriek|stimuleren',
      'schoolrijpheid|in~schatten',
      'de spelontwikkeling|ondersteunen',
      'beginnende geletterdheid|stimuleren',
      'een ontwikkelingsachterstand|vroeg op~sporen'
    ],
    problems: [
      'kleuters bij de overgang naar het eerste leerjaar nog niet klaar lijken',
      'steeds meer kinderen bij de instap nog niet zindelijk zijn',
      'kleuters nog weinig vrij spelen zonder begeleiding'
    ]
  },
  {
    name: 'professionalisering',
    weight: 4,
    subjects: [
      'professionalisering',
      'werkdruk',
      'teamleren',
      'coaching van beginnende leraren',
      'nascholing',
      'professionele leergemeenschappen',
      'co-teaching'
    ],
    actions: [
      'nascholing|~laten renderen',
      'beginnende leraren|begeleiden',
      'de werkdruk|verlagen',
      'co-teaching|organiseren',
      'een professionele leergemeenschap|op~starten',
      'onderzoek|vertalen naar de klaspraktijk'
    ],
    problems: [
      'nascholingen weinig veranderen aan de dagelijkse praktijk',
      'beginnende leraren na een paar jaar het onderwijs verlaten',
      'de werkdruk in ons team zo hoog is dat vernieuwing niet lukt'
    ]
  }
];

/** School levels, with how often questions come from them. */
const LEVELS: readonly { weight: number; settings: readonly string[] }[] = [
  {
    weight: 15,
    settings: [
      'in de eerste kleuterklas',
      'in de tweede kleuterklas',
      'in de derde kleuterklas',
      'bij jonge kleuters',
      'in de instapklas',
      'in het kleuteronderwijs'
    ]
  },
  {
    weight: 40,
    settings: [
      'in het eerste leerjaar',
      'in het tweede leerjaar',
      'in het derde leerjaar',
      'in het vierde leerjaar',
      'in het vijfde leerjaar',
      'in het zesde leerjaar',
      'in de lagere school',
      'in het lager onderwijs'
    ]
  },
  {
    weight: 35,
    settings: [
      'in de eerste graad',
      'in het eerste middelbaar',
      'in de tweede graad aso',
      'in de derde graad tso',
      'in het vierde jaar bso',
      'in het secundair onderwijs',
      'in de B-stroom',
      'in het vijfde jaar'
    ]
  },
  {
    weight: 10,
    settings: [
      'in het buitengewoon onderwijs',
      'in het buitengewoon lager onderwijs',
      'in type basisaanbod',
      'in het buso opleidingsvorm 3',
      'in type 9 voor leerlingen met autisme'
    ]
  }
];

const ROLES = [
  'leerkracht',
  'leraar',
  'beginnende leraar',
  'zorgcoördinator',
  'zorgleerkracht',
  'directeur',
  'CLB-medewerker',
  'pedagogisch begeleider',
  'ondersteuner',
  'ouder'
];

const GROUPS = [
  'bij leerlingen met weinig motivatie',
  'bij anderstalige leerlingen',
  'bij leerlingen met dyslexie',
  'bij leerlingen met ADHD of autisme',
  'in een klas met grote niveauverschillen',
  'bij kinderen uit kansarme gezinnen',
  'bij sterke leerlingen die zich vervelen',
  'in een grote klasgroep van 28 leerlingen',
  'bij jongens die weinig lezen',
  'bij leerlingen die net uit de onthaalklas komen',
  'bij leerlingen met faalangst',
  'in een graadklas',
  'in een school met veel taalzwakke leerlingen',
  'bij leerlingen die vaak afwezig zijn'
];

const TAILS = [
  'zonder dat het te veel extra werk vraagt',
  'binnen de beschikbare lestijd',
  'met weinig middelen',
  'op een manier die ook op lange termijn werkt',
  'bijvoorbeeld tijdens hoekenwerk of contractwerk',
  'bijvoorbeeld in een graadklas',
  'zodat het haalbaar blijft voor het hele team',
  'en wat zegt onderzoek daarover'
];

interface Parts {
  subject: string;
  /** Infinitive phrase: "de leesmotivatie verhogen". */
  action: string;
  /** The same with "te", after "om": "de leesmotivatie te verhogen". */
  toAction: string;
  /** Indirect question: "hoe ik de leesmotivatie kan verhogen". */
  how: string;
  problem: string;
  level: string;
  /** A group of learners, or (in three cases out of ten) nothing. */
  group: string;
  /** A group of learners, never nothing. */
  someGroup: string;
  role: string;
  tail: string;
}

/** Each template returns a sentence without its final mark, and the mark. */
const TEMPLATES: readonly ((p: Parts) => [string, string])[] = [
  (p) => [`Hoe kan ik ${p.level} ${p.subject} aanpakken ${p.group}`, '?'],
  (p) => [`Wat werkt het best om ${p.level} ${p.toAction} ${p.group}`, '?'],
  (p) => [`Welke aanpak is het meest effectief om ${p.toAction} ${p.level}, vooral ${p.someGroup}`, '?'],
  (p) => [`Ik merk dat ${p.problem}. Hoe pak ik dat als ${p.role} ${p.level} best aan`, '?'],
  (p) => [`Wat zegt onderzoek over ${p.subject} ${p.level}, en hoe kan ik dat als ${p.role} toepassen`, '?'],
  (p) => [`Als ${p.role} ${p.level} vraag ik me af ${p.how} ${p.group}`, '.'],
  (p) => [`Hoe kunnen we als schoolteam ${p.level} ${p.action} ${p.group}`, '?'],
  (p) => [`Is het zinvol om ${p.level} ${p.toAction}, of zijn er betere alternatieven ${p.group}`, '?'],
  (p) => [`Ik ben ${p.role} ${p.level} en ik merk dat ${p.problem}. Wat kan ik doen`, '?'],
  (p) => [`Welke materialen of methodes zijn er om ${p.level} ${p.toAction} ${p.group}`, '?'],
  (p) => [`Hoe weet ik of mijn aanpak om ${p.toAction} ${p.level} echt werkt`, '?'],
  (p) => [`Heeft iemand tips om ${p.toAction} ${p.level}? Het probleem is dat ${p.problem}`, '.'],
  (p) => [`Wat is volgens onderzoek de beste manier om ${p.toAction} ${p.group}`, '?'],
  (p) => [`Hoe belangrijk is ${p.subject} ${p.level}, en hoe kan ik als ${p.role} ${p.action}`, '?']
];

/** Shorthand as staff write it, applied in this order. */
const ABBREVIATIONS: readonly [RegExp, string][] = [
  [/\bleerlingen\b/g, 'lln'],
  [/\bbijvoorbeeld\b/g, 'bv.'],
  [/\bsecundair onderwijs\b/g, 'SO'],
  [/\bbuitengewoon onderwijs\b/g, 'BuO'],
  [/\blager onderwijs\b/g, 'LO'],
  [/\bkleuteronderwijs\b/g, 'KO'],
  [/\bleerkracht\b/g, 'lkr'],
  [/\bzorgcoördinator\b/g, 'zoco'],
  [/\bleerjaar\b/g, 'lj'],
  [/\bwiskunde\b/g, 'wisk.'],
  [/\bCLB-medewerker\b/g, 'CLB-mw']
];
const ORDINALS: readonly [RegExp, string][] = [
  [/\beerste\b/g, '1ste'],
  [/\btweede\b/g, '2de'],
  [/\bderde\b/g, '3de'],
  [/\bvierde\b/g, '4de'],
  [/\bvijfde\b/g, '5de'],
  [/\bzesde\b/g, '6de']
];
const OPENERS = ['Vraag: ', 'Graag advies: ', 'Beste, ', 'Ik heb een vraag. ', 'Hallo, '];
const CLOSERS = [' Alvast bedankt!', ' Dank u.', ' Bedankt!'];
const SYNONYMS: readonly [RegExp, string][] = [
  [/\bleerkracht\b/, 'leraar'],
  [/\bleraar\b/, 'leerkracht'],
  [/\beffectief\b/, 'doeltreffend'],
  [/\baanpak\b/, 'methode'],
  [/\btips\b/, 'ideeën'],
  [/\bonderzoek\b/, 'wetenschappelijk onderzoek'],
  [/\bverhogen\b/, 'vergroten'],
  [/\bleerlingen\b/, 'kinderen'],
  [/\bbest\b/, 'beste']
];

export const wordCount = (text: string): number => text.trim().split(/\s+/).length;

/** `n` questions, ids q000001, q000002, …; the same count and seed always give the same questions. */
export function generateQuestions(n: number, seed = 1): GeneratedQuestion[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  const next = mulberry32(seed);
  const chance = (p: number): boolean => next() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    let target = next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) if ((target -= item.weight) < 0) return item;
    return items[items.length - 1]!;
  };

  const typo = (text: string): string => {
    const words = text.split(' ');
    const candidates = words.flatMap((word, i) => (/^\p{Ll}{5,}$/u.test(word) ? [i] : []));
    if (candidates.length === 0) return text;
    const i = pick(candidates);
    const word = words[i]!;
    const at = 1 + Math.floor(next() * (word.length - 2));
    const kind = Math.floor(next() * 3);
    words[i] =
      kind === 0
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        : kind === 1
          ? word.slice(0, at) + word.slice(at + 1)
          : word.slice(0, at) + word[at] + word.slice(at);
    return words.join(' ');
  };

  const mark = (sentence: string, usual: string): string => {
    const r = next();
    if (usual === '?' && r < 0.07) return sentence;
    if (usual === '?' && r < 0.1) return `${sentence}??`;
    if (usual === '?' && r < 0.12) return `${sentence} ?`;
    return sentence + usual;
  };

  const fresh = (topic: Topic): string => {
    for (;;) {
      const [object, marked] = pick(topic.actions).split('|') as [string, string];
      const verb = marked.replace('~', '');
      const toVerb = marked.includes('~') ? marked.replace('~', ' te ').replace(/ +/g, ' ') : `te ${marked}`;
      const someGroup = pick(GROUPS);
      const parts: Parts = {
        subject: pick(topic.subjects),
        action: `${object} ${verb}`,
        toAction: `${object} ${toVerb}`,
        how: `hoe ik ${object} ${marked.includes(' ~') ? marked.replace(' ~', ' kan ') : `kan ${verb}`}`,
        problem: pick(topic.problems),
        level: pick(weighted(LEVELS).settings),
        group: chance(0.7) ? someGroup : '',
        someGroup,
        role: pick(ROLES),
        tail: pick(TAILS)
      };
      const [filled, usual] = pick(TEMPLATES)(parts);
      let sentence = filled.replace(/ +/g, ' ').replace(/ ,/g, ',').trim();
      if (wordCount(sentence) < MIN_WORDS || chance(0.15)) sentence += ` ${parts.tail}`;
      if (chance(0.2)) for (const [from, to] of ABBREVIATIONS) if (chance(0.7)) sentence = sentence.replace(from, to);
      if (chance(0.25)) for (const [from, to] of ORDINALS) sentence = sentence.replace(from, to);
      if (chance(0.07)) sentence = typo(sentence);
      let text = mark(sentence, usual);
      if (chance(0.08)) text = pick(OPENERS) + text;
      if (chance(0.05)) text += pick(CLOSERS);
      if (chance(0.05)) text = text[0]!.toLowerCase() + text.slice(1);
      const words = wordCount(text);
      if (words >= MIN_WORDS && words <= MAX_WORDS) return text;
    }
  };

  /** An earlier question with a word, a letter or a mark changed: what a second respondent might write. */
  const nearDuplicate = (original: string): string => {
    let text = original;
    const kind = Math.floor(next() * 4);
    if (kind === 0) {
      const [from, to] = pick(SYNONYMS.filter(([pattern]) => pattern.test(text)).concat([[/^/, '']]));
      text = text.replace(from, to);
    } else if (kind === 1) {
      text = typo(text);
    } else if (kind === 2) {
      text = text.endsWith('?') ? `${text.slice(0, -1)}.` : text.replace(/[.?!]*$/, '?');
    } else {
      text = chance(0.5) ? pick(OPENERS) + text : text + pick(CLOSERS);
    }
    const words = wordCount(text);
    if (text === original || words < MIN_WORDS || words > MAX_WORDS) {
      text = original.endsWith('?') ? `${original.slice(0, -1)}.` : original.replace(/[.?!]*$/, '?');
    }
    return text;
  };

  const questions: GeneratedQuestion[] = [];
  for (let i = 0; i < n; i++) {
    const id = `q${String(i + 1).padStart(6, '0')}`;
    if (i > 0 && chance(NEAR_DUPLICATE_SHARE)) {
      const original = questions[Math.floor(next() * i)]!;
      questions.push({ id, text: nearDuplicate(original.text), topic: original.topic });
    } else {
      const topic = weighted(TOPICS);
      questions.push({ id, text: fresh(topic), topic: topic.name });
    }
  }
  return questions;
}

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The questions as CSV with a header `id,text,topic`, one line per question. */
export function questionsCsv(questions: readonly GeneratedQuestion[]): string {
  const lines = questions.map((q) => [q.id, q.text, q.topic].map(csvField).join(','));
  return ['id,text,topic', ...lines, ''].join('\n');
}

function runsAsScript(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runsAsScript()) {
  const [count, seed] = process.argv.slice(2).map(Number);
  if (count === undefined || !Number.isInteger(count) || count < 0 || (seed !== undefined && !Number.isInteger(seed))) {
    process.stderr.write('Usage: tsx scripts/generate-questions.ts N [SEED] > questions.csv\n');
    process.exit(2);
  }
  process.stdout.write(questionsCsv(generateQuestions(count, seed)));
}
