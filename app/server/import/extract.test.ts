import { describe, expect, it } from 'vitest';
import type { ColumnRole, Mapping } from './columns.js';
import { extractQuestions } from './extract.js';
import { questionHash } from './question-text.js';
import type { Table, TableRow } from './table.js';

function table(columns: string[], rows: (string[] | TableRow)[], unreadable: Table['unreadable'] = []): Table {
  return {
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ';',
    headerRows: 1,
    columns,
    rows: rows.map((r, i) => (Array.isArray(r) ? { row: i + 2, cells: r } : r)),
    unreadable,
    facts: {}
  };
}

const mapping = (roles: Record<string, ColumnRole>): Mapping => ({
  columns: Object.entries(roles).map(([column, role]) => ({ column, role }))
});

describe('extractQuestions', () => {
  const vraagpunt = table(
    ['Nr', 'Datum', 'Naam', 'E-mail', 'Niveau', 'Functie', 'Uw vraag', 'Toestemming'],
    [
      [
        '2148',
        '28/07/2023 12:05',
        'Hanne Goossens',
        'hanne@example.org',
        'Kleuteronderwijs',
        'Leraar',
        'Tips tegen   niet opruimen?',
        'Nee'
      ],
      ['2149', '05/08/2023 11:58', '', '', '', '', '  ', 'Nee'],
      [
        '2170',
        '25/09/2023 07:26',
        'Leen',
        'leen@example.com',
        'Secundair onderwijs',
        'lkr',
        '1) Hoe oefen ik spelling?\n2) Hoe leer ik zinsbouw aan?',
        'Ja'
      ],
      ['2203', '05/11/2023 13:12', '', '', '', 'Ouder', 'Waarom geen dictees meer? Bel me: 0470 12 34 56', '']
    ]
  );
  const vraagpuntMapping = mapping({
    Nr: 'respondent',
    Datum: 'date',
    Naam: 'name',
    'E-mail': 'email',
    Niveau: 'level',
    Functie: 'role',
    'Uw vraag': 'text',
    Toestemming: 'consent'
  });

  it('reads one question per cell with its level, role, date and respondent, folded and hashed', () => {
    const { questions } = extractQuestions(vraagpunt, vraagpuntMapping, { split: false });
    expect(questions[0]).toEqual({
      rowNumber: 2,
      columnName: 'Uw vraag',
      splitIndex: 0,
      splitOf: 1,
      text: 'Tips tegen niet opruimen?',
      textHash: questionHash('Tips tegen niet opruimen?'),
      level: 'kleuter',
      askerRole: 'leraar',
      askedOn: '2023-07-28',
      respondentKey: '2148'
    });
    expect(questions.map((q) => [q.rowNumber, q.splitOf, q.level, q.askerRole])).toEqual([
      [2, 1, 'kleuter', 'leraar'],
      [4, 1, 'secundair', 'leraar'],
      [5, 1, 'onbekend', 'ouder']
    ]);
  });

  it('splits a cell holding several needs into numbered parts', () => {
    const extraction = extractQuestions(vraagpunt, vraagpuntMapping);
    expect(extraction.cellsSplit).toBe(1);
    expect(extraction.questions.filter((q) => q.rowNumber === 4).map((q) => [q.splitIndex, q.splitOf, q.text])).toEqual(
      [
        [1, 2, 'Hoe oefen ik spelling?'],
        [2, 2, 'Hoe leer ik zinsbouw aan?']
      ]
    );
  });

  it('sets personal data apart, one entry per row with a question and a contact, and stores the text as asked', () => {
    const extraction = extractQuestions(vraagpunt, vraagpuntMapping);
    expect(extraction.personal).toEqual([
      { rowNumber: 2, name: 'Hanne Goossens', email: 'hanne@example.org', phone: null, ip: null, consent: false },
      { rowNumber: 4, name: 'Leen', email: 'leen@example.com', phone: null, ip: null, consent: true }
    ]);
    const texts = extraction.questions.map((q) => q.text).join(' ');
    expect(texts).not.toMatch(/Goossens|hanne@example\.org|leen@example\.com/);
    expect(texts).toContain('Bel me: 0470 12 34 56');
  });

  it('rejects empty rows, too long cells and unreadable rows with their row numbers', () => {
    const t = table(
      ['id', 'vraag', 'toelichting'],
      [
        ['1', 'Hoe pak ik pesten aan?', ''],
        ['2', '', ' - '],
        ['3', 'x'.repeat(31), 'Wat werkt bij lezen?'],
        { row: 7, cells: ['4'] }
      ],
      [{ row: 6, reason: 'broken quotes' }]
    );
    const extraction = extractQuestions(t, mapping({ id: 'respondent', vraag: 'text', toelichting: 'text' }), {
      maxLength: 30
    });
    expect(extraction.rejected).toEqual([
      { row: 3, column: null, reason: 'empty' },
      { row: 4, column: 'vraag', reason: 'too_long' },
      { row: 6, column: null, reason: 'unreadable' },
      { row: 7, column: null, reason: 'empty' }
    ]);
    expect(extraction.questions.map((q) => [q.rowNumber, q.columnName, q.text])).toEqual([
      [2, 'vraag', 'Hoe pak ik pesten aan?'],
      [4, 'toelichting', 'Wat werkt bij lezen?']
    ]);
  });

  it('reads several text columns as several questions per row', () => {
    const t = table(
      ['Timestamp', 'Waar lig je wakker van?', 'Welk onderzoek wil je zien?', 'Graad'],
      [
        ['1/18/2024 14:18:57', 'Gsm-gebruik in de klas', 'Effect van blokuren', '2de graad'],
        ['2/3/2024 9:01:02', '', 'Rapport zonder punten', '1ste graad']
      ]
    );
    const m = mapping({
      Timestamp: 'date',
      'Waar lig je wakker van?': 'text',
      'Welk onderzoek wil je zien?': 'text',
      Graad: 'ignore'
    });
    expect(extractQuestions(t, m).questions.map((q) => [q.rowNumber, q.columnName, q.text, q.askedOn])).toEqual([
      [2, 'Waar lig je wakker van?', 'Gsm-gebruik in de klas', '2024-01-18'],
      [2, 'Welk onderzoek wil je zien?', 'Effect van blokuren', '2024-01-18'],
      // Month first for the whole column, because 1/18/2024 only reads that way.
      [3, 'Welk onderzoek wil je zien?', 'Rapport zonder punten', '2024-02-03']
    ]);
  });

  it('joins name columns, reads phone and IP, drops anonymity placeholders', () => {
    const t = table(
      ['Voornaam', 'Achternaam', 'Email', 'GSM', 'IP', 'Vraag'],
      [
        ['An', 'Peeters', 'anonymous', '0470 12 34 56', '130.92.34.66', 'Hoe begeleid ik starters?'],
        ['', '', 'anonymous', '', '', 'Werkt co-teaching?']
      ]
    );
    const m = mapping({ Voornaam: 'name', Achternaam: 'name', Email: 'email', GSM: 'phone', IP: 'ip', Vraag: 'text' });
    expect(extractQuestions(t, m).personal).toEqual([
      { rowNumber: 2, name: 'An Peeters', email: null, phone: '0470 12 34 56', ip: '130.92.34.66', consent: null }
    ]);
  });

  it('takes level and date of focus-group notes from the row context', () => {
    const notes: Table = {
      ...table(
        ['vraag'],
        [
          {
            row: 12,
            cells: ['Hoe hou je lln mee?'],
            context: { heading: 'Ronde 1', level: 'secundair', date: '2023-10-17' }
          },
          { row: 13, cells: ['Wat werkt bij lezen?'], context: { heading: 'Ronde 1' } }
        ]
      ),
      format: 'notes'
    };
    expect(
      extractQuestions(notes, mapping({ vraag: 'text' })).questions.map((q) => [q.rowNumber, q.level, q.askedOn])
    ).toEqual([
      [12, 'secundair', '2023-10-17'],
      [13, 'onbekend', null]
    ]);
  });

  it('prefers a mapped level column over the context', () => {
    const t = table(
      ['vraag', 'niveau'],
      [{ row: 2, cells: ['Hoe leer ik lezen aan?', 'Lager'], context: { level: 'secundair' } }]
    );
    expect(extractQuestions(t, mapping({ vraag: 'text', niveau: 'level' })).questions[0]?.level).toBe('lager');
  });
});
