/** Fifteen questions on three clear topics (arithmetic, bullying, reading), five each, for theme discovery tests. */
export const THEME_QUESTIONS = {
  arithmetic: [
    'Hoe herken ik dyscalculie bij jonge kinderen in het lager onderwijs?',
    'Welke rekenstrategieën helpen leerlingen met dyscalculie het meest?',
    'Hoe leer ik breuken aan leerlingen met rekenproblemen en dyscalculie?',
    'Wat werkt bij het automatiseren van de tafels voor zwakke rekenaars met rekenproblemen?',
    'Hoe ondersteun ik leerlingen met dyscalculie bij rekentoetsen?'
  ],
  bullying: [
    'Hoe pak ik pesten op sociale media aan als klasleraar?',
    'Wat werkt tegen cyberpesten en pesten in de eerste graad?',
    'Hoe merk ik dat een kind gepest wordt op de speelplaats?',
    'Welke schoolbrede aanpak van pesten is wetenschappelijk onderbouwd?',
    'Hoe betrek ik ouders bij een pestprobleem en pesten in de klas?'
  ],
  reading: [
    'Hoe stimuleer ik begrijpend lezen bij anderstalige nieuwkomers?',
    'Welke leesstrategieën verbeteren begrijpend lezen in het vierde leerjaar?',
    'Hoe motiveer ik jongens om meer boeken te lezen en leesplezier te vinden?',
    'Wat werkt om de leesvaardigheid van zwakke lezers bij begrijpend lezen te verbeteren?',
    'Hoe gebruik ik de schoolbibliotheek om leesplezier en lezen te bevorderen?'
  ]
};

/** The questions above as a CSV file the importer reads. */
export function themeQuestionsCsv(extra: string[] = []): string {
  const all = [...Object.values(THEME_QUESTIONS).flat(), ...extra];
  return ['vraag', ...all.map((q) => `"${q}"`)].join('\n');
}
