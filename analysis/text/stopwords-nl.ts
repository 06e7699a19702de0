// Kept here rather than taken from natural: natural's Dutch list is short,
// has a broken entry ('je ' with a trailing space) and would silently change
// every clustering whenever the dependency is upgraded. All entries are
// accent-free because they are matched against accent-folded words; the
// whitespace-separated form keeps the lists compact under any formatter.
const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

/** Dutch function words: the Snowball Dutch stop list plus question words. */
export const DUTCH_STOPWORDS: ReadonlySet<string> = words(`
  aan af al alle allemaal alles als altijd ander andere anders ben beter bij binnen bijvoorbeeld
  daar daarbij daarmee daarom daarvan dan dat de der deze die dit doch doe doen doet door dus een
  eens eigen elk elkaar elke en er erg gaan gaat ge geen geweest haar had heb hebben heeft heel
  hem hen het hier hierbij hiermee hij hoe hoeveel hun ieder iedere iemand iets ik in is ja je jij
  jullie kan kon kun kunnen kunt laten maar mag me mee meer meest meeste men met mij mijn minder
  moet moeten mogen na naar niet niets nog nu of om omdat onder ons onze ook op over per reeds
  soms te tegen terwijl tijdens toch toe toen tot tussen uit uw vaak van veel via voor waar
  waarbij waardoor waarin waarmee waarom wanneer want waren was wat we wel welk welke werd wezen
  wie wij wil willen word worden wordt zal ze zei zelf zich zij zijn zo zoals zodat zonder zou
  zouden zullen
`);

/**
 * Words that occur in almost every teacher's question and therefore say
 * nothing about its theme.
 */
export const DOMAIN_STOPWORDS: ReadonlySet<string> = words(`
  beste docent docenten effectief effectieve goed goede groep groepen kind kinderen klas klassen
  leerkracht leerkrachten leerling leerlingen leraar leraren manier manieren moeite onderwijs
  school scholen vraag vragen lln lkr lkrn lk
`);

/** Whether an accent-folded, lowercased word should be ignored for themes. */
export function isStopword(folded: string): boolean {
  return DUTCH_STOPWORDS.has(folded) || DOMAIN_STOPWORDS.has(folded);
}
