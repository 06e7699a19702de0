import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNotes } from './notes.js';
import type { TableRow } from './table.js';

const FOCUS_GROUP = 'focusgroep-secundair-notes.md';
const focusGroupText = readFileSync(path.resolve('../shared/data', FOCUS_GROUP), 'utf-8');

const simple = (rows: TableRow[]) => rows.map((r) => ({ row: r.row, text: r.cells[0], ...r.context }));

describe('readNotes on the secondary-school focus group', () => {
  const table = readNotes(FOCUS_GROUP, focusGroupText);

  it('is a one-column table of notes', () => {
    expect({
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      headerRows: table.headerRows,
      columns: table.columns,
      unreadable: table.unreadable
    }).toEqual({
      format: 'notes',
      encoding: null,
      delimiter: null,
      headerRows: 0,
      columns: ['vraag'],
      unreadable: []
    });
  });

  it('takes the participant count from "Aanwezig: 12 deelnemers", not from a note mentioning 2 deelnemers', () => {
    expect(table.facts).toEqual({ participantCount: 12 });
  });

  it('reads every bullet as a note', () => {
    // Counted by hand in the file: "- " lines 12–22 under Ronde 1 (11), 26–35 under Ronde 2 (10),
    // 39–44 under Ronde 3 (6) and 48–50 under Varia (3): 11 + 10 + 6 + 3 = 30. The metadata lines 3–8
    // and the closing "Opvolging:" paragraph are no bullets.
    expect(table.rows).toHaveLength(30);
    expect(table.rows.map((r) => r.row)).toEqual([
      ...[12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22],
      ...[26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
      ...[39, 40, 41, 42, 43, 44],
      ...[48, 49, 50]
    ]);
  });

  it('keeps the line number, the nearest heading, the level named by the title and the session date', () => {
    expect(simple(table.rows).find((r) => r.text?.startsWith('Is er iets bekend over blokuren'))).toEqual({
      row: 27,
      text: 'Is er iets bekend over blokuren van 100 min? School overweegt dit voor volgend schooljaar',
      heading: 'Ronde 2 – Waar zou je graag (meer) onderzoek over zien?',
      level: 'secundair',
      date: '2023-10-17'
    });
    expect(new Set(table.rows.map((r) => r.context?.level))).toEqual(new Set(['secundair']));
    expect(table.rows.at(-1)?.context?.heading).toBe('Varia / na de pauze');
  });
});

describe('readNotes on small notes', () => {
  it.each([
    {
      description: 'numbered items 1. and 1) under Markdown headings, with a participant count line',
      fileName: 'notes.md',
      text: [
        '# Focusgroep lager onderwijs',
        'Deelnemers: 8',
        '',
        '## Lezen',
        '1. Hoe motiveer je zwakke lezers?',
        '2) Werkt een leesbingo?',
        '',
        '## Rekenen',
        '10. Hoe automatiseer je de tafels?'
      ].join('\n'),
      expected: {
        participantCount: 8,
        rows: [
          { row: 5, text: 'Hoe motiveer je zwakke lezers?', heading: 'Lezen', level: 'lager' },
          { row: 6, text: 'Werkt een leesbingo?', heading: 'Lezen', level: 'lager' },
          { row: 9, text: 'Hoe automatiseer je de tafels?', heading: 'Rekenen', level: 'lager' }
        ]
      }
    },
    {
      description:
        'continuation lines join their bullet, indented bullets join theirs, a "Label:" bullet heads its own',
      fileName: 'sessie.md',
      text: [
        '# Focusgroep kleuter',
        '- Hoe leer je kleuters',
        '  samen opruimen?',
        '- Taal:',
        '  - Welke boeken voor de instapklas?',
        '  - Hoe stimuleer je anderstalige kleuters?',
        '- Hoe pak je bijten aan?',
        '    - vooral bij de jongsten',
        '',
        '  ook in de opvang',
        'Einde van de sessie.',
        '  geen vervolg'
      ].join('\n'),
      expected: {
        participantCount: undefined,
        rows: [
          { row: 2, text: 'Hoe leer je kleuters samen opruimen?', heading: 'Focusgroep kleuter', level: 'kleuter' },
          { row: 5, text: 'Welke boeken voor de instapklas?', heading: 'Taal', level: 'kleuter' },
          { row: 6, text: 'Hoe stimuleer je anderstalige kleuters?', heading: 'Taal', level: 'kleuter' },
          {
            row: 7,
            text: 'Hoe pak je bijten aan?\n- vooral bij de jongsten ook in de opvang',
            heading: 'Focusgroep kleuter',
            level: 'kleuter'
          }
        ]
      }
    },
    {
      description:
        'plain text with •: the title names the level, a line ending in ":" is a heading, metadata bullets are skipped',
      fileName: 'verslag.txt',
      text: [
        'Focusgroep volwassenenonderwijs Gent',
        '• Datum: 3/4/2024',
        '12 deelnemers',
        'Vragen van de leraren:',
        '• Hoe leer ik NT2-cursisten een formulier invullen?',
        '• Wat werkt bij cursisten die laaggeletterd zijn?',
        'Praktisch:',
        '• Volgende sessie in mei'
      ].join('\r\n'),
      expected: {
        participantCount: 12,
        rows: [
          { row: 5, text: 'Hoe leer ik NT2-cursisten een formulier invullen?', heading: 'Vragen van de leraren' },
          { row: 6, text: 'Wat werkt bij cursisten die laaggeletterd zijn?', heading: 'Vragen van de leraren' },
          { row: 8, text: 'Volgende sessie in mei', heading: 'Praktisch' }
        ].map((r) => ({ ...r, level: 'volwassenen', date: '2024-04-03' }))
      }
    },
    {
      description: 'session bullets under the title are facts; headings name levels nearer than the title',
      fileName: 'focusgroep.md',
      text: [
        '# Focusgroep hoger onderwijs',
        '- Datum: 12 maart 2024',
        '- Aanwezig: 7 deelnemers',
        '- Moderator: An',
        '- Wie beslist wat evidence is?',
        '## Kleuteronderwijs',
        '* Hoe bereiden we studenten voor op de instapklas?',
        '## Buitengewoon secundair onderwijs',
        '– Welke stageplaatsen zijn geschikt?'
      ].join('\n'),
      expected: {
        participantCount: 7,
        rows: [
          {
            row: 5,
            text: 'Wie beslist wat evidence is?',
            heading: 'Focusgroep hoger onderwijs',
            level: 'hoger',
            date: '2024-03-12'
          },
          {
            row: 7,
            text: 'Hoe bereiden we studenten voor op de instapklas?',
            heading: 'Kleuteronderwijs',
            level: 'kleuter',
            date: '2024-03-12'
          },
          {
            row: 9,
            text: 'Welke stageplaatsen zijn geschikt?',
            heading: 'Buitengewoon secundair onderwijs',
            level: 'buitengewoon',
            date: '2024-03-12'
          }
        ]
      }
    },
    {
      description: 'bullets before the first heading are metadata; the file name names the level',
      fileName: 'focusgroep-buitengewoon_2024.md',
      text: ['- School: De Regenboog', '- 6 deelnemers', '', '## Vragen', '- Hoe plan je een IHP?'].join('\n'),
      expected: {
        participantCount: 6,
        rows: [{ row: 5, text: 'Hoe plan je een IHP?', heading: 'Vragen', level: 'buitengewoon' }]
      }
    },
    {
      description: 'notes without any heading: every bullet counts, no level when nothing names one',
      fileName: 'notities.txt',
      text: ['- Hoe geef je feedback op grote groepen?', '', '- Wat met gsm’s in de klas?'].join('\n'),
      expected: {
        participantCount: undefined,
        rows: [
          { row: 1, text: 'Hoe geef je feedback op grote groepen?' },
          { row: 3, text: 'Wat met gsm’s in de klas?' }
        ]
      }
    }
  ])('$description', ({ fileName, text, expected }) => {
    const table = readNotes(fileName, text);
    expect({ participantCount: table.facts.participantCount, rows: simple(table.rows) }).toEqual(expected);
  });
});
