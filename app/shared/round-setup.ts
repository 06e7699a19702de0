/** What staff start from when they set up a rating round; the server checks the same limits. */

export interface CriterionSetup {
  name: string;
  description: string;
  weight: number;
}

/**
 * Criteria from research-priority practice (James Lind Alliance, CHNRI, the Dutch NRO and Flemish knowledge
 * agendas), in the centre's own words. They are data, not interface text: members see them as staff leave them.
 */
export const CRITERION_PRESETS: readonly CriterionSetup[] = [
  {
    name: 'Relevantie voor de klaspraktijk',
    description: 'Hoe sterk helpt kennis over dit thema leraren in hun dagelijkse werk met leerlingen?',
    weight: 1
  },
  {
    name: 'Urgentie',
    description: 'Hoe dringend heeft het onderwijsveld nu kennis over dit thema nodig?',
    weight: 1
  },
  {
    name: 'Omvang van de doelgroep',
    description: 'Hoeveel leerlingen, leraren of scholen hebben met dit thema te maken?',
    weight: 1
  },
  {
    name: 'Verwachte leerwinst',
    description: 'Hoeveel kunnen leerlingen erbij winnen als scholen hierover beter geïnformeerd zijn?',
    weight: 1
  },
  {
    name: 'Beschikbaarheid van wetenschappelijke kennis',
    description: 'Is er al genoeg onderzoek om bruikbare kennis over dit thema samen te brengen?',
    weight: 1
  },
  {
    name: 'Past binnen de opdracht van het kenniscentrum',
    description: 'Hoort dit thema bij wat het kenniscentrum doet: onderzoek vertalen naar de onderwijspraktijk?',
    weight: 1
  }
];

/** The single criterion of a round set up through the API without criteria, and of a new ranking round. */
export const DEFAULT_CRITERION: CriterionSetup = {
  name: 'Prioriteit',
  description: 'Hoe dringend heeft het onderwijsveld kennis over dit thema nodig?',
  weight: 1
};

/** The scales a rating round can use: 1–5 or 1–9 (as in the RAND/UCLA appropriateness method). */
export const SCALE_MAXIMA = [5, 9] as const;

/** ≥ 70 % of the scores in the top third of the scale and an interquartile range of at most 1. */
export const DEFAULT_CONSENSUS = { topShare: 0.7, maxIqr: 1 } as const;

export const MAX_CRITERIA = 10;
export const MAX_WEIGHT = 100;
