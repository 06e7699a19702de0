import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A Google Forms export of a large survey: Tijdstempel, Onderwijsniveau, Functie, Uw vraag, E-mailadres.
 * Every question is built from parts chosen by the digits of its row index in a mixed radix, so no two rows
 * ask the same thing (the hashes are distinct) while the wording varies the way real answers do. About one
 * answer in twenty holds two numbered questions, and one in three leaves an e-mail address.
 */

const OPENINGS = [
  'Kan iemand uitleggen hoe ik als {role}',
  'Weet iemand wat werkt wanneer je als {role}',
  'Hoe weet ik of ik als {role}',
  'Bestaat er evidentie over hoe je als {role}',
  'Is er onderzoek dat toont hoe ik als {role}',
  'Graag meer informatie over hoe ik als {role}',
  'Ik vraag me af hoe ik als {role}',
  'Wat zegt de wetenschap over hoe je als {role}'
];
const ROLES = ['leraar', 'leerkracht', 'zorgcoördinator', 'directeur', 'CLB-medewerker', 'pedagogisch begeleider'];
const TOPICS = [
  'begrijpend lezen',
  'woordenschat bij anderstalige leerlingen',
  'rekenvaardigheid en automatiseren',
  'faalangst voor toetsen',
  'pesten op de speelplaats',
  'gedragsproblemen in de klas',
  'differentiatie in heterogene groepen',
  'het gebruik van smartphones',
  'huiswerkbeleid',
  'leesmotivatie',
  'schoolverzuim',
  'ouderbetrokkenheid',
  'feedback op schrijfopdrachten',
  'samenwerkend leren',
  'STEM-projecten',
  'burgerschapseducatie',
  'welbevinden van leerlingen',
  'de overgang naar het secundair',
  'co-teaching',
  'formatief evalueren',
  'executieve functies',
  'meertaligheid',
  'digitale geletterdheid',
  'spelling en grammatica',
  'motiveren van kansarme leerlingen',
  'werkdruk in het team',
  'klasmanagement',
  'inclusief onderwijs',
  'schrijfvaardigheid',
  'wiskundeangst',
  'hoogbegaafde leerlingen',
  'leerlingen met ADHD',
  'dyslexie',
  'dyscalculie',
  'taalzwakke leerlingen',
  'de rol van de klasraad',
  'zittenblijven',
  'remediëring',
  'bewegingsopvoeding',
  'muzische vorming'
];
const ACTIONS = [
  'beter kan aanpakken',
  'kan opvolgen over een heel schooljaar',
  'kan verbeteren zonder extra lestijd',
  'kan bespreken met collega’s',
  'meetbaar kan maken',
  'kan ondersteunen met eenvoudige materialen',
  'kan integreren in de dagelijkse lespraktijk',
  'kan aanpakken in een krappe planning',
  'kan verankeren in het schoolbeleid',
  'haalbaar kan houden voor iedereen',
  'kan evalueren met de leerlingen zelf',
  'kan afstemmen met de ouders',
  'kan versterken met digitale middelen',
  'kan verbinden met andere vakken',
  'kan aanbrengen bij jonge kinderen',
  'kan laten aansluiten bij de eindtermen',
  'kan organiseren in grote klassen',
  'kan aanpassen voor leerlingen met een beperking',
  'kan bijsturen na een slechte toets',
  'kan laten doorwerken in de volgende graad',
  'duurzaam kan inbedden',
  'kan opnemen in het zorgbeleid',
  'kan aanpakken met weinig middelen',
  'kan borgen bij personeelswissels',
  'kan onderbouwen tegenover de inspectie'
];
const CONTEXTS = [
  'in een klas met veel anderstalige nieuwkomers',
  'als de helft van de klas achterloopt',
  'wanneer er weinig ondersteuning is vanuit het team',
  'in een school in een grootstedelijke context',
  'in een kleine landelijke school',
  'bij leerlingen die thuis weinig hulp krijgen',
  'nu de werkdruk zo hoog ligt',
  'met een nieuw leerplan',
  'na de coronaperiode',
  'in graadklassen',
  'in het eerste jaar van de lerarenloopbaan',
  'wanneer ouders er weinig belang aan hechten',
  'als er nauwelijks materiaal beschikbaar is',
  'in combinatie met het M-decreet',
  'met leerlingen uit kwetsbare gezinnen',
  'tijdens de eerste weken van het schooljaar',
  'voor leerlingen die snel afhaken',
  'als de klas heel rumoerig is',
  'wanneer de leerlingen verschillende moedertalen spreken',
  'bij een team dat net is samengesteld',
  'in de context van duaal leren',
  'in het buitengewoon onderwijs',
  'in een school met veel zittenblijvers',
  'met beperkte ICT-infrastructuur',
  'in een klas van meer dan vijfentwintig leerlingen',
  'wanneer er veel wissels zijn in het lerarenkorps',
  'als de klas al twee jaar samen zit',
  'bij leerlingen met een vluchtverhaal',
  'in een school met een sterk prestatiegerichte cultuur',
  'na een moeilijk incident op school'
];
const CLOSINGS = [
  '?',
  '? Zijn er concrete voorbeelden uit Vlaamse scholen?',
  '? Ik zoek vooral praktische handvatten.',
  ', en hoe weet ik of het effect heeft?',
  '? Welke rol spelen de ouders daarin?',
  '? Bestaan er goede instrumenten om dit op te volgen?',
  ', zonder dat het veel extra planlast geeft?',
  '? Is daar recent onderzoek over gebeurd in Vlaanderen?',
  '? Wat zijn valkuilen die we moeten vermijden?',
  '? Ik hoor graag wat de ervaringen elders zijn.'
];

const LEVELS = [
  'Kleuteronderwijs',
  'Lager onderwijs',
  'Secundair onderwijs',
  'Buitengewoon onderwijs',
  'Volwassenenonderwijs',
  'Hoger onderwijs'
];
const FUNCTIONS = ['Leraar', 'Leerkracht', 'Directie', 'Zorgcoördinator', 'CLB-medewerker', 'Ouder', 'Andere'];

/** Distinct sentences: every row index below this count picks a different combination of parts. */
export const DISTINCT_QUESTIONS =
  OPENINGS.length * TOPICS.length * ACTIONS.length * CONTEXTS.length * CLOSINGS.length * ROLES.length;

function question(index: number): string {
  let rest = index;
  const pick = <T>(list: readonly T[]): T => {
    const value = list[rest % list.length]!;
    rest = Math.floor(rest / list.length);
    return value;
  };
  const topic = pick(TOPICS);
  const action = pick(ACTIONS);
  const context = pick(CONTEXTS);
  const opening = pick(OPENINGS).replace('{role}', pick(ROLES));
  const closing = pick(CLOSINGS);
  return `${opening} ${topic} ${action} ${context}${closing}`;
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const pad = (n: number) => String(n).padStart(2, '0');

/** One CSV line (CRLF, as Google Forms writes) for the data row `index` (0 is the first answer). */
export function surveyLine(index: number): string {
  const day = new Date(Date.UTC(2024, 0, 1) + (index % 60_000) * 600_000);
  const stamp = `${pad(day.getUTCDate())}/${pad(day.getUTCMonth() + 1)}/${day.getUTCFullYear()} ${pad(day.getUTCHours())}:${pad(day.getUTCMinutes())}:${pad(day.getUTCSeconds())}`;
  const text =
    index % 20 === 7 ? `1) ${question(index)}\n2) ${question(DISTINCT_QUESTIONS - 1 - index)}` : question(index);
  const email = index % 3 === 0 ? `deelnemer${index}@school.example.be` : '';
  return [stamp, LEVELS[index % LEVELS.length]!, FUNCTIONS[(index >> 3) % FUNCTIONS.length]!, text, email]
    .map(quote)
    .join(',');
}

export const SURVEY_HEADER = 'Tijdstempel,Onderwijsniveau,Functie,Uw vraag,E-mailadres';

/** Writes the header and `rows` answers to `file`, in blocks, with back-pressure. */
export async function writeSurveyCsv(file: string, rows: number): Promise<void> {
  if (rows > DISTINCT_QUESTIONS) throw new Error(`At most ${DISTINCT_QUESTIONS} distinct rows.`);
  const out = createWriteStream(file);
  let block = `${SURVEY_HEADER}\r\n`;
  for (let i = 0; i < rows; i++) {
    block += `${surveyLine(i)}\r\n`;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await once(out, 'drain');
      block = '';
    }
  }
  out.end(block);
  await once(out, 'finish');
}
