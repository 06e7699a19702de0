import { describe, expect, it } from 'vitest';
import { type ColumnRole, dateOrder, parseAskerRole, parseDate, parseLevel, suggestMapping } from './columns.js';
import type { Table } from './table.js';

function table(columns: string[], rows: string[][]): Table {
  return {
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    headerRows: 1,
    columns,
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
    unreadable: [],
    facts: {}
  };
}

const roles = (t: Table) => Object.fromEntries(suggestMapping(t).columns.map((c) => [c.column, c.role]));

describe('parseLevel', () => {
  it.each([
    { input: 'Kleuteronderwijs', expected: 'kleuter' },
    { input: 'kleuter', expected: 'kleuter' },
    { input: 'Lager onderwijs', expected: 'lager' },
    { input: 'Lager', expected: 'lager' },
    { input: 'basisonderwijs', expected: 'lager' },
    { input: 'Lagere school', expected: 'lager' },
    { input: 'Secundair onderwijs', expected: 'secundair' },
    { input: 'SECUNDAIR', expected: 'secundair' },
    { input: 'Buitengewoon onderwijs', expected: 'buitengewoon' },
    { input: 'Buitengewoon lager onderwijs', expected: 'buitengewoon' },
    { input: 'BuSO', expected: 'buitengewoon' },
    { input: 'Volwassenenonderwijs', expected: 'volwassenen' },
    { input: 'CVO', expected: 'volwassenen' },
    { input: 'Hoger onderwijs', expected: 'hoger' },
    { input: 'hoger', expected: 'hoger' },
    { input: 'Kleuter- en lager onderwijs', expected: 'meerdere' },
    { input: 'Lager, Secundair', expected: 'meerdere' },
    { input: 'Meerdere niveaus', expected: 'meerdere' },
    { input: 'onbekend', expected: 'onbekend' },
    { input: 'Andere', expected: 'onbekend' },
    { input: '', expected: 'onbekend' },
    { input: null, expected: 'onbekend' },
    { input: 'Scoren lager dan verwacht', expected: 'onbekend' }
  ])('$input → $expected', ({ input, expected }) => {
    expect(parseLevel(input)).toBe(expected);
  });
});

describe('parseAskerRole', () => {
  it.each([
    { input: 'Leraar', expected: 'leraar' },
    { input: 'leerkracht', expected: 'leraar' },
    { input: 'lkr', expected: 'leraar' },
    { input: 'Leraren', expected: 'leraar' },
    { input: 'juf', expected: 'leraar' },
    { input: 'Zorgcoördinator', expected: 'zorgcoördinator' },
    { input: 'zorgcoordinator', expected: 'zorgcoördinator' },
    { input: 'zoco', expected: 'zorgcoördinator' },
    { input: 'Andere: leerlingenbegeleider', expected: 'zorgcoördinator' },
    { input: 'CLB-medewerker', expected: 'CLB' },
    { input: 'Andere: CLB-medewerker', expected: 'CLB' },
    { input: 'Directeur', expected: 'directie' },
    { input: 'directie', expected: 'directie' },
    { input: 'Adjunct-directeur', expected: 'directie' },
    { input: 'Pedagogisch begeleider', expected: 'pedagogisch begeleider' },
    { input: 'Lerarenopleider', expected: 'lerarenopleider' },
    { input: 'Docent lerarenopleiding', expected: 'lerarenopleider' },
    { input: 'Ouder', expected: 'ouder' },
    { input: 'Andere: student', expected: 'anders' },
    { input: 'Andere', expected: 'anders' },
    { input: 'bakker', expected: 'anders' },
    { input: '  ', expected: null },
    { input: undefined, expected: null }
  ])('$input → $expected', ({ input, expected }) => {
    expect(parseAskerRole(input)).toBe(expected);
  });
});

describe('parseDate', () => {
  it.each([
    { description: 'ISO date', input: '2023-10-17', order: undefined, expected: '2023-10-17' },
    {
      description: 'ISO with offset',
      input: '2017-10-23T05:40:39.000-04:00',
      order: undefined,
      expected: '2017-10-23'
    },
    { description: 'ISO with Z', input: '2024-01-18T14:18:57Z', order: undefined, expected: '2024-01-18' },
    { description: 'YYYY-MM-DD HH:MM:SS', input: '2017-07-18 08:28:09', order: undefined, expected: '2017-07-18' },
    {
      description: 'DD/MM/YYYY HH:MM (Vraagpunt)',
      input: '28/07/2023 12:05',
      order: undefined,
      expected: '2023-07-28'
    },
    { description: 'DD/MM/YYYY HH:MM:SS', input: '05/08/2023 11:58:01', order: undefined, expected: '2023-08-05' },
    { description: 'D-M-YYYY (Excel)', input: '3-2-2024', order: undefined, expected: '2024-02-03' },
    { description: 'D.M.YYYY', input: '3.2.2024', order: undefined, expected: '2024-02-03' },
    {
      description: 'M/D/YYYY H:MM:SS (Google Forms)',
      input: '1/18/2024 14:18:57',
      order: undefined,
      expected: '2024-01-18'
    },
    { description: 'M/D/YYYY with AM/PM', input: '1/18/2024 2:18:57 PM', order: undefined, expected: '2024-01-18' },
    { description: 'ambiguous, day first by default', input: '3/4/2024', order: undefined, expected: '2024-04-03' },
    {
      description: 'ambiguous, month first when told',
      input: '3/4/2024 9:01:02',
      order: 'mdy',
      expected: '2024-03-04'
    },
    { description: 'unambiguous despite the order', input: '18/1/2024', order: 'mdy', expected: '2024-01-18' },
    { description: 'no such day', input: '31/02/2024', order: undefined, expected: null },
    // Leap years by the Gregorian rule, as the calendar of Date.UTC has them.
    { description: '29 February of a leap year', input: '29/02/2024', order: undefined, expected: '2024-02-29' },
    { description: '29 February of a common year', input: '29/02/2023', order: undefined, expected: null },
    {
      description: '29 February 2000 (divisible by 400)',
      input: '2000-02-29',
      order: undefined,
      expected: '2000-02-29'
    },
    { description: 'no 29 February in 1900', input: '1900-02-29', order: undefined, expected: null },
    { description: 'no 31 April', input: '31/04/2024', order: undefined, expected: null },
    { description: 'no month 13 either way', input: '13/13/2024', order: undefined, expected: null },
    { description: 'not a date', input: 'gisteren', order: undefined, expected: null },
    { description: 'a number', input: '2148', order: undefined, expected: null },
    { description: 'empty', input: '', order: undefined, expected: null }
  ] as const)('$description', ({ input, order, expected }) => {
    expect(parseDate(input, order)).toBe(expected);
  });
});

describe('dateOrder', () => {
  it.each([
    { description: 'Google Forms timestamps', values: ['1/9/2024 10:00:00', '1/18/2024 14:18:57'], expected: 'mdy' },
    { description: 'Belgian dates', values: ['3/4/2024', '28/07/2023 12:05'], expected: 'dmy' },
    { description: 'only ambiguous dates: Belgian habit', values: ['3/4/2024', '5/6/2024'], expected: 'dmy' },
    { description: 'ISO dates and blanks', values: ['2024-01-18', ''], expected: 'dmy' }
  ])('$description', ({ values, expected }) => {
    expect(dateOrder(values)).toBe(expected);
  });
});

describe('suggestMapping', () => {
  it.each<{ description: string; table: Table; expected: Record<string, ColumnRole> }>([
    {
      description: 'a Vraagpunt export: every column recognised by its header',
      table: table(
        [
          'Inzendingsnummer',
          'Datum',
          'Naam',
          'E-mailadres',
          'Onderwijsniveau',
          'Functie',
          'Uw vraag',
          'Toestemming contact'
        ],
        [
          [
            '2148',
            '28/07/2023 12:05',
            'Hanne Goossens',
            'hanne@example.org',
            'Kleuteronderwijs',
            'Leraar',
            'Tips?',
            'Nee'
          ],
          ['2149', '05/08/2023 11:58', '', '', '', '', '', 'Nee']
        ]
      ),
      expected: {
        Inzendingsnummer: 'respondent',
        Datum: 'date',
        Naam: 'name',
        'E-mailadres': 'email',
        Onderwijsniveau: 'level',
        Functie: 'role',
        'Uw vraag': 'text',
        'Toestemming contact': 'consent'
      }
    },
    {
      description: 'Microsoft Forms: anonymous Email is no personal data, short answers are no text',
      table: table(
        ['Id', 'Start time', 'Completion time', 'Email', 'Name', 'Wat is je vak?', 'Waar wil je meer over weten?'],
        [
          [
            '1',
            '9/1/2024 11:27',
            '9/1/2024 11:29',
            'anonymous',
            '',
            'Wiskunde',
            'Hoe ik formatief kan evalueren in grote klassen'
          ],
          [
            '2',
            '9/1/2024 11:27',
            '9/1/2024 11:31',
            'anonymous',
            '',
            'Frans',
            'Welke apps echt helpen bij woordenschat oefenen'
          ],
          ['3', '9/1/2024 11:28', '9/1/2024 11:30', 'anonymous', '', 'Wiskunde', '']
        ]
      ),
      expected: {
        Id: 'respondent',
        'Start time': 'date',
        'Completion time': 'ignore',
        Email: 'ignore',
        Name: 'name',
        'Wat is je vak?': 'ignore',
        'Waar wil je meer over weten?': 'text'
      }
    },
    {
      description: 'Google Forms: free text found by content, a yes/no choice ignored',
      table: table(
        ['Timestamp', 'Gebruik je AI in je lessen?', 'Waarom (niet)?', 'Graad'],
        [
          ['1/18/2024 14:18:57', 'Ja', 'Omdat leerlingen het toch gebruiken bij hun taken thuis', '2de graad'],
          ['1/18/2024 14:19:44', 'Nee', 'Ik weet niet hoe ik het eerlijk kan beoordelen', '1ste graad'],
          ['1/18/2024 14:20:52', 'Ja', 'Het spaart tijd bij het maken van differentiatiemateriaal', '2de graad']
        ]
      ),
      expected: {
        Timestamp: 'date',
        'Gebruik je AI in je lessen?': 'ignore',
        'Waarom (niet)?': 'text',
        Graad: 'ignore'
      }
    },
    {
      description: 'unnamed columns recognised by their content',
      table: table(
        ['A', 'B', 'C', 'D', 'E'],
        [
          ['17/10/2023', 'Secundair onderwijs', 'Leraar', 'an@school.be', 'Hoe hou ik lln in de A-stroom betrokken?'],
          [
            '18/10/2023',
            'Lager onderwijs',
            'Directie',
            'piet@school.be',
            'Wat werkt om lln te leren studeren, per vak?'
          ],
          ['19/10/2023', 'Kleuteronderwijs', 'CLB-medewerker', 'els@clb.be', 'Is er onderzoek naar schoolweigering?']
        ]
      ),
      expected: { A: 'date', B: 'level', C: 'role', D: 'email', E: 'text' }
    },
    {
      description: 'a column named as the question wins over other long text; one date column only',
      table: table(
        ['Kennisvraag', 'Toelichting', 'Datum ingediend', 'Laatst gewijzigd'],
        [
          [
            'Hoe begeleid ik starters?',
            'Onze school krijgt elk jaar veel nieuwe collega’s',
            '2024-01-02',
            '2024-01-05'
          ],
          ['Werkt co-teaching?', 'We willen het volgend schooljaar invoeren in de 1e graad', '2024-01-03', '2024-01-06']
        ]
      ),
      expected: { Kennisvraag: 'text', Toelichting: 'ignore', 'Datum ingediend': 'date', 'Laatst gewijzigd': 'ignore' }
    },
    {
      description: 'a question-like header over numbers is no text; ids, JSON and user agents are ignored',
      table: table(
        ['ResponseId', 'Vraag 1', 'Meta', 'User Agent', 'Opmerkingen'],
        [
          [
            'R_1',
            '4',
            '{"browser":"Firefox","os":"Windows 10","device":"desktop"}',
            'Mozilla/5.0 (Windows NT 10.0)',
            ''
          ],
          ['R_2', '5', '{"browser":"Chrome","os":"macOS 14","device":"laptop"}', 'Mozilla/5.0 (Macintosh; Intel)', '']
        ]
      ),
      expected: {
        ResponseId: 'respondent',
        'Vraag 1': 'ignore',
        Meta: 'ignore',
        'User Agent': 'ignore',
        Opmerkingen: 'ignore'
      }
    }
  ])('$description', ({ table: t, expected }) => {
    expect(roles(t)).toEqual(expected);
  });

  it('maps the one column of focus-group notes to text', () => {
    const notes: Table = { ...table(['vraag'], [['Hoe hou je lln mee?']]), format: 'notes', headerRows: 0 };
    expect(suggestMapping(notes)).toEqual({ columns: [{ column: 'vraag', role: 'text' }] });
  });
});
