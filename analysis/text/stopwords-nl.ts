// Kept here rather than taken from natural: natural's Dutch list is short,
// has a broken entry ('je ' with a trailing space) and would silently change
// every clustering whenever the dependency is upgraded. All entries are
// accent-free because they are matched against accent-folded words; the
// whitespace-separated form keeps the lists compact under any formatter.
const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

/**
 * Dutch function words: the Snowball Dutch stop list plus question words;
 * further adverbs, conjunctions and pronouns; common verbs that carry no
 * meaning of their own in a question ("krijgen", "maken", "zien"); and
 * abbreviations of function-word phrases ("bv", "m.b.t." read as "mbt",
 * "ivm", "o.a.", "i.f.v.").
 */
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

  achter aldus alhoewel alleen alsnog alsof alsook beide beiden bent bijna boven buiten daarin
  daarna daarnaast daarop daartoe daardoor daarover daarvoor deden dezelfde diegene dikwijls echter
  eerder eigenlijk enkele enkel ergens ervan erin ermee erbij ertoe ervoor erover evenals eveneens
  evenwel even gedaan gehad gekund geworden gij graag hadden hebt hetzelfde hierin hierover hiervan
  hiervoor hoewel hoezo hun immers indien inmiddels jou jouw juist konden later liever misschien
  moest moesten mocht mochten namelijk natuurlijk net nooit ofwel omtrent ondanks opdat overigens
  pas precies rond rondom samen sinds slechts sommige sommigen steeds telkens tenzij terug u vanaf
  vanuit verder vervolgens vooral voordat vooraf waarop waarover waarvan waarvoor weer weinig
  wellicht werden wiens wilde wilt wou zelfs zichzelf zowel zulke zulk zult zeker zeer zoveel
  blijf blijft blijven geef geeft geven gegeven krijg krijgt krijgen kreeg kregen gekregen maak
  maakt maken gemaakt zie ziet zien gezien vind vindt vinden gevonden weet weten kom komt komen
  neem neemt nemen houd houdt houden sta staat staan zet zetten zeg zegt zeggen gezegd ga ging gingen

  adhv bijv bv ca dwz enz etc evt excl ifv ihb incl ipv ism ivm mbt mbv nav nl oa obv resp tav tem
  tgv tov vb vnl zgn
`);

/**
 * Words that occur in almost every teacher's question and therefore say
 * nothing about its theme: the people and places of school (teachers,
 * pupils, class, lesson, subject, school year, ordinals as in "5de
 * leerjaar") and the vocabulary of the
 * question itself ("aanpak", "effect", "invloed", "verbeteren",
 * "stimuleren", "leren" as in "leren lezen"). Words that name a theme stay,
 * even when frequent: "evaluatie", "huiswerk", "ouders", "onderzoek".
 * Vocabulary phrases are matched before stopwords are removed, so "leren
 * leren" is still recognised.
 */
export const DOMAIN_STOPWORDS: ReadonlySet<string> = words(`
  beste docent docenten effectief effectieve goed goede groep groepen kind kinderen klas klassen
  leerkracht leerkrachten leerling leerlingen leraar leraren manier manieren moeite onderwijs
  school scholen vraag vragen lln lkr lkrn lk

  juf juffen meester meesters onderwijzer onderwijzers student studenten scholier scholieren
  les lessen lesgeven lesgeeft vak vakken klasgroep klasgroepen leerjaar leerjaren schooljaar
  schooljaren jaar jaren leren leert geleerd eerste tweede derde vierde vijfde zesde zevende achtste
  negende tiende elfde twaalfde

  aanpak aanpakken aanpakt omgaan omgaat impact effect effecten invloed gevolg gevolgen factor
  factoren strategie strategieen tip tips rol soort soorten situatie situaties nood noden
  mogelijk mogelijke mogelijkheid mogelijkheden belangrijk belangrijke belang nodig best
  verbeteren verbetert verbeterd bevorderen bevordert stimuleren stimuleert versterken versterkt
  helpen helpt gebruiken gebruikt gebruik inzetten werkt pak pakken pakt
`);

/** Whether an accent-folded, lowercased word should be ignored for themes. */
export function isStopword(folded: string): boolean {
  return DUTCH_STOPWORDS.has(folded) || DOMAIN_STOPWORDS.has(folded);
}
