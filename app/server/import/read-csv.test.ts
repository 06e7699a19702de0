import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv.js';
import type { Delimiter, Encoding, Format, ReadOptions, Table } from './table.js';

/** /work/shared/data, next to the project: `../shared/data` from the project root. */
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const EXPORTS = path.join(DATA, 'external/survey-exports');

const utf8 = (text: string) => new TextEncoder().encode(text);

function cell(table: Table, row: number, column: string): string | undefined {
  return table.rows.find((r) => r.row === row)?.cells[table.columns.indexOf(column)];
}

interface RealFile {
  file: string;
  /**
   * First 12 hex digits of the SHA-256 (from external/README.md; vraagpunt's from sha256sum):
   * the counts below hold for these bytes.
   */
  sha256: string;
  format: Format;
  encoding: Encoding;
  delimiter: Delimiter;
  headerRows: number;
  width: number;
  /** Data records, each counted independently (see the comment per file). */
  rows: number;
  /** Row number of the first and last data record. */
  span: [number, number];
  columns: Record<number, string>;
  cells: { row: number; column: string; value: string }[];
}

/*
 * Expected counts come from Python's csv module, not from this code:
 *   python3 -c "import csv; r = list(csv.reader(open(F, encoding=ENC, newline=''), delimiter=D));
 *               print(sum(any(c.strip() for c in x) for x in r) - HEADER_ROWS)"
 * with ENC utf-8, utf-8-sig or cp1252 as stated per file. Widths are that reader's record
 * lengths, row numbers its reader.line_num + 1 of the record before. Header layouts and
 * cells were checked by eye in the raw bytes (head, cat -A, xxd).
 */
const REAL_FILES: RealFile[] = [
  {
    // python csv: 92 records, all 7 wide, no multi-line cells; CRLF with no final newline.
    file: 'external/survey-exports/googleforms_uva_ds4002_sp24_opentext.csv',
    sha256: '0802412d3a01',
    format: 'googleforms',
    encoding: 'utf-8',
    delimiter: ',',
    headerRows: 1,
    width: 7,
    rows: 91,
    span: [2, 92],
    columns: { 0: 'Timestamp', 2: 'What is the rationale behind your opinion?' },
    cells: [
      {
        row: 2,
        column: 'What is the rationale behind your opinion?',
        value: 'If you asked for a sandwich and someone gave you a hotdog you’d be confused'
      },
      {
        row: 89,
        column: 'What is the rationale behind your opinion?',
        value:
          'a sandwich is "an item of food consisting of two pieces of bread with meat, cheese, or other filling between them, eaten as a light meal." and a hotdog satisfies this criteria.'
      },
      { row: 92, column: 'What state or country were you born in?', value: 'Virginia USA' }
    ]
  },
  {
    // python csv (cp1252): 188 records of 8; the only byte over 0x7F is one 0x92 on line 59.
    file: 'external/survey-exports/msforms_uva_ds4002_fa24_cp1252.csv',
    sha256: '68122fe14efb',
    format: 'msforms',
    encoding: 'windows-1252',
    delimiter: ',',
    headerRows: 1,
    width: 8,
    rows: 187,
    span: [2, 188],
    columns: { 0: 'Id', 4: 'Name', 7: 'What is your major?' },
    cells: [
      { row: 59, column: 'What is your major?', value: 'Computer Science’s ' },
      { row: 3, column: 'What is your major?', value: 'Math, concentration in probability and statistics' }
    ]
  },
  {
    // python csv (cp1252): 1 095 records of 31, two of them header rows; LF, no final newline.
    file: 'external/survey-exports/surveymonkey_538_sleeping_alone_2header_cp1252.csv',
    sha256: '268237abda83',
    format: 'surveymonkey',
    encoding: 'windows-1252',
    delimiter: ',',
    headerRows: 2,
    width: 31,
    rows: 1093,
    span: [3, 1095],
    columns: {
      0: 'StartDate',
      2: 'Which of the following best describes your current relationship status?',
      6: "When you're not sleeping in the same bed as your partner, where do you typically sleep? – Other (please specify)",
      9: 'What are the reasons that you sleep in separate beds? Please select all that apply. – One of us snores',
      19: 'What are the reasons that you sleep in separate beds? Please select all that apply. – Other (please specify)',
      25: 'Which of the following best describes your current occupation? – Other (please specify)',
      // The two stray bytes 0xEB 0x5F of the export, read as Windows-1252.
      23: 'To what extent do you agree with the following statement:ë_"our sex life has improved as a result of sleeping in separate beds."ë_'
    },
    cells: [
      {
        row: 20,
        column:
          "When you're not sleeping in the same bed as your partner, where do you typically sleep? – Other (please specify)",
        value: 'We alternate, one in main bed, one on couch'
      },
      { row: 1095, column: 'Location (Census Region)', value: 'West North Central' }
    ]
  },
  {
    // python csv: 125 records of 163; 18 records hold multi-line cells, so 205 lines in all.
    file: 'external/survey-exports/limesurvey_cppsurvey_fullheadings_head.csv',
    sha256: 'df9af2a7bb27',
    format: 'limesurvey',
    encoding: 'utf-8',
    delimiter: ',',
    headerRows: 1,
    width: 163,
    rows: 124,
    span: [2, 125],
    columns: {
      0: 'Response ID',
      13: '7 - How would you describe your roles in this project? [Lead Developer]',
      89: '19 - Please explain the stance you selected in the previous question:'
    },
    cells: [
      // Spreadsheet rows (python csv: record index + 1): a cell over 12 lines is still one row.
      { row: 37, column: 'Response ID', value: '42' },
      { row: 38, column: 'Response ID', value: '43' },
      { row: 27, column: 'Response ID', value: '32' },
      { row: 28, column: 'Response ID', value: '33' }
    ]
  },
  {
    // python csv (utf-8-sig, ';'): 47 records of 38: question row, option row, 45 respondents.
    file: 'external/survey-exports/limesurvey_derived_de_semicolon_bom_2header.csv',
    sha256: '1f26e5deac54',
    format: 'csv',
    encoding: 'utf-8-bom',
    delimiter: ';',
    headerRows: 2,
    width: 38,
    rows: 45,
    span: [3, 47],
    columns: {
      0: 'Welchen fachlichen Hintergrund haben Sie? – Maschinenbau',
      6: 'Welchen fachlichen Hintergrund haben Sie? – Sonstiges',
      7: 'Wie häufig werden solche informellen Diagramme für die folgenden Zwecke genutzt? – Communication'
    },
    cells: [
      {
        row: 3,
        column: 'Wie häufig werden solche informellen Diagramme für die folgenden Zwecke genutzt? – Communication',
        value: 'eher häufig'
      }
    ]
  },
  {
    // python csv (';'): 5 records of 19: labels, HXL hashtags, 3 submissions; CRLF.
    file: 'external/survey-exports/kobotoolbox_kpi_export_es_semicolon_hxl.csv',
    sha256: 'd10d7f182651',
    format: 'kobo',
    encoding: 'utf-8',
    delimiter: ';',
    headerRows: 2,
    width: 19,
    rows: 3,
    span: [3, 5],
    columns: { 2: '¿Qué tipo de simetría tiene?', 3: '¿Qué tipo de simetría tiene?/Esférico', 18: '_index' },
    cells: [
      {
        row: 3,
        column: '¿Tienes fluidos corporales que ocupan espacio intracelular?',
        value: 'Sí, y algún espacio extracelular'
      },
      // Backslash escapes written by Kobo, not line breaks.
      {
        row: 4,
        column: '¿Cómo te sientes después de todas esas preguntas?',
        value: 'Pretty good.\\nCould have been better.\\rThanks'
      }
    ]
  },
  {
    // python csv: 4 records of 20: tags, German labels, ImportId JSON, 1 response.
    file: 'external/survey-exports/qualtrics_qualtRics_sample_3header.csv',
    sha256: '3f55357fe376',
    format: 'qualtrics',
    encoding: 'utf-8',
    delimiter: ',',
    headerRows: 3,
    width: 20,
    rows: 1,
    span: [4, 4],
    columns: {
      0: 'Anfangsdatum',
      9: 'Nachname des Empfängers',
      18: 'This is a free text question.',
      19: 'Q2 - Topics'
    },
    cells: [
      { row: 4, column: 'This is a free text question.', value: 'Hello World!' },
      { row: 4, column: 'Antwort-ID', value: 'R_2YPOQ602ER1jkf1' }
    ]
  },
  {
    // python csv (utf-8-sig): 3 records of 16, the 16th empty on every line (trailing comma).
    file: 'external/survey-exports/qualtrics_qualtRics_sample_legacy_bom.csv',
    sha256: '5c6d903404be',
    format: 'qualtrics',
    encoding: 'utf-8-bom',
    delimiter: ',',
    headerRows: 2,
    width: 15,
    rows: 1,
    span: [3, 3],
    columns: { 0: 'ResponseID', 11: 'This is a free text question.', 14: 'LocationAccuracy' },
    cells: [
      { row: 3, column: 'This is a free text question.', value: 'Hello World!' },
      { row: 3, column: 'ResponseSet', value: 'Standard-Antwortsatz' }
    ]
  },
  {
    // python csv (cp1252, ';'): 61 records of 8 over 76 CRLF lines; 4 questions span several lines.
    file: 'vraagpunt-export.csv',
    sha256: 'b00b6eee1e08',
    format: 'vraagpunt',
    encoding: 'windows-1252',
    delimiter: ';',
    headerRows: 1,
    width: 8,
    rows: 60,
    span: [2, 61],
    columns: { 0: 'Inzendingsnummer', 6: 'Uw vraag', 7: 'Toestemming contact' },
    cells: [
      { row: 7, column: 'Functie', value: 'Zorgcoördinator' },
      { row: 13, column: 'Inzendingsnummer', value: '2172' },
      {
        row: 6,
        column: 'Uw vraag',
        value:
          "Hoe kan ik onderzoeksmatig werken als ik de enige in mijn school ben die daarmee bezig is? Mijn collega's vinden het ‘weer iets nieuws’ – en eerlijk gezegd begrijp ik dat ook wel."
      },
      { row: 3, column: 'Uw vraag', value: '' }
    ]
  }
];

describe('readCsv on real exports', () => {
  it.each(REAL_FILES)('reads $file', (expected) => {
    const bytes = readFileSync(path.join(DATA, expected.file));
    expect(createHash('sha256').update(bytes).digest('hex').slice(0, 12)).toBe(expected.sha256);
    const table = readCsv(path.basename(expected.file), bytes);
    expect({
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      headerRows: table.headerRows,
      width: table.columns.length,
      rows: table.rows.length,
      span: [table.rows[0]?.row, table.rows.at(-1)?.row],
      unreadable: table.unreadable
    }).toEqual({
      format: expected.format,
      encoding: expected.encoding,
      delimiter: expected.delimiter,
      headerRows: expected.headerRows,
      width: expected.width,
      rows: expected.rows,
      span: expected.span,
      unreadable: []
    });
    for (const [index, name] of Object.entries(expected.columns)) expect(table.columns[Number(index)]).toBe(name);
    for (const { row, column, value } of expected.cells) expect(cell(table, row, column)).toBe(value);
    expect(new Set(table.columns).size).toBe(table.columns.length);
    expect(table.rows.every((r) => r.cells.length === table.columns.length)).toBe(true);
  });

  it('keeps a multi-line cell whole, with its CRLF line breaks', () => {
    const table = readCsv('vraagpunt-export.csv', readFileSync(path.join(DATA, 'vraagpunt-export.csv')));
    const text = cell(table, 12, 'Uw vraag') ?? '';
    expect(text.startsWith('Hallo,\r\nIk geef Nederlands in de 2de graad.')).toBe(true);
    expect(text.endsWith('Groeten, Leen')).toBe(true);
  });

  it('keeps the long multi-line LimeSurvey answer whole', () => {
    const file = path.join(EXPORTS, 'limesurvey_cppsurvey_fullheadings_head.csv');
    const text = cell(
      readCsv('results.csv', readFileSync(file)),
      37,
      '19 - Please explain the stance you selected in the previous question:'
    );
    expect(text?.split('\n')).toHaveLength(12);
    expect(text?.startsWith('- Interaction with distro/OS package manager is next to zero')).toBe(true);
  });
});

describe('readCsv line endings and row numbers', () => {
  const lines = ['vraag;niveau', 'Hoe leer ik breuken aan?;lager', 'Wat werkt tegen pesten?;secundair'];
  it.each([
    { description: 'LF with a final newline', text: lines.join('\n') + '\n' },
    { description: 'CRLF without a final newline', text: lines.join('\r\n') },
    { description: 'CR only (old Mac)', text: lines.join('\r') + '\r' }
  ])('reads $description', ({ text }) => {
    const table = readCsv('f.csv', utf8(text));
    expect(table.rows).toEqual([
      { row: 2, cells: ['Hoe leer ik breuken aan?', 'lager'] },
      { row: 3, cells: ['Wat werkt tegen pesten?', 'secundair'] }
    ]);
  });

  it.each([
    {
      description: 'LF',
      text: 'vraag;niveau\n"regel 1\nregel 2\nregel 3";lager\nvolgende;secundair\n',
      cell: 'regel 1\nregel 2\nregel 3',
      rows: [2, 3]
    },
    {
      description: 'CRLF rows with LF inside the cell (as Excel writes)',
      text: 'vraag;niveau\r\n"regel 1\nregel 2\nregel 3";lager\r\nvolgende;secundair',
      cell: 'regel 1\nregel 2\nregel 3',
      rows: [2, 3]
    },
    {
      description: 'CRLF inside the cell and blank lines around',
      text: '\r\nvraag;niveau\r\n\r\n"regel 1\r\nregel 2\r\nregel 3";lager\r\n;\r\nvolgende;secundair\r\n\r\n',
      cell: 'regel 1\r\nregel 2\r\nregel 3',
      rows: [4, 6]
    }
  ])('numbers rows as a spreadsheet shows them after a 3-line cell: $description', ({ text, cell: value, rows }) => {
    const table = readCsv('f.csv', utf8(text));
    expect(table.columns).toEqual(['vraag', 'niveau']);
    expect(table.rows.map((r) => r.row)).toEqual(rows);
    expect(table.rows[0]?.cells[0]).toBe(value);
    expect(table.rows[1]?.cells).toEqual(['volgende', 'secundair']);
  });
});

describe('readCsv encodings and delimiters', () => {
  const utf16le = (text: string) => new Uint8Array(Buffer.from('\uFEFF' + text, 'utf16le'));
  it.each<{ description: string; bytes: Uint8Array; options?: ReadOptions; expected: Partial<Table> }>([
    {
      description: 'UTF-16 LE, tab-separated (Excel "Unicode text")',
      bytes: utf16le('vraag\tniveau\r\nHoe leer ik één?\tlager\r\n'),
      expected: {
        encoding: 'utf-16le',
        delimiter: '\t',
        columns: ['vraag', 'niveau'],
        rows: [{ row: 2, cells: ['Hoe leer ik één?', 'lager'] }]
      }
    },
    {
      description: 'UTF-16 BE with a BOM',
      bytes: new Uint8Array(Buffer.from('\uFEFFvraag|niveau\nZorgcoördinator?|lager\n', 'utf16le').swap16()),
      expected: {
        encoding: 'utf-16be',
        delimiter: '|',
        columns: ['vraag', 'niveau'],
        rows: [{ row: 2, cells: ['Zorgcoördinator?', 'lager'] }]
      }
    },
    {
      description: 'pipes',
      bytes: utf8('vraag|niveau\nHoe, wat; waarom?|lager\n'),
      expected: {
        delimiter: '|',
        columns: ['vraag', 'niveau'],
        rows: [{ row: 2, cells: ['Hoe, wat; waarom?', 'lager'] }]
      }
    },
    {
      description: 'a forced delimiter',
      bytes: utf8('a;b,c\n1;2,3\n'),
      options: { delimiter: ';' },
      expected: { delimiter: ';', columns: ['a', 'b,c'], rows: [{ row: 2, cells: ['1', '2,3'] }] }
    },
    {
      description: 'the same file without: a tie goes to the comma',
      bytes: utf8('a;b,c\n1;2,3\n'),
      expected: { delimiter: ',', columns: ['a;b', 'c'] }
    },
    {
      description: 'a forced encoding',
      bytes: utf8('vraag\nWat is één?\n'),
      options: { encoding: 'windows-1252' },
      expected: { encoding: 'windows-1252', rows: [{ row: 2, cells: ['Wat is Ã©Ã©n?'] }] }
    },
    {
      description: 'invalid UTF-8 in otherwise UTF-8 text',
      bytes: new Uint8Array([...utf8('vraag\nco'), 0xf6, ...utf8('p één\n')]),
      expected: { encoding: 'windows-1252', rows: [{ row: 2, cells: ['coöp Ã©Ã©n'] }] }
    }
  ])('reads $description', ({ bytes, options, expected }) => {
    expect(readCsv('f.csv', bytes, options)).toMatchObject(expected);
  });
});

describe('readCsv columns', () => {
  it.each<{ description: string; text: string; columns: string[]; rows: string[][] }>([
    {
      description: 'trims names, numbers empty ones and makes repeats unique',
      text: 'vraag,, vraag ,vraag,vraag (2)\n1,2,3,4,5\n',
      columns: ['vraag', 'Kolom 2', 'vraag (2)', 'vraag (3)', 'vraag (2) (2)'],
      rows: [['1', '2', '3', '4', '5']]
    },
    {
      description: 'pads short records and widens for long ones',
      text: 'a,b\n1\n1,2,3\n',
      columns: ['a', 'b', 'Kolom 3'],
      rows: [
        ['1', '', ''],
        ['1', '2', '3']
      ]
    },
    {
      description: 'drops a trailing column that is empty everywhere, keeps empty trailing cells',
      text: 'a,b,c,\n1,,,\n2,3,,\n',
      columns: ['a', 'b', 'c'],
      rows: [
        ['1', '', ''],
        ['2', '3', '']
      ]
    },
    {
      description: 'leaves cells as written: spaces, doubled quotes, line breaks',
      text: 'a,b\n" x ","zegt ""ja""\r\nen nee"\n',
      columns: ['a', 'b'],
      rows: [[' x ', 'zegt "ja"\r\nen nee']]
    }
  ])('$description', ({ text, columns, rows }) => {
    const table = readCsv('f.csv', utf8(text));
    expect(table.columns).toEqual(columns);
    expect(table.rows.map((r) => r.cells)).toEqual(rows);
  });
});

describe('readCsv broken quoting', () => {
  it.each<{ description: string; text: string; rows: [number, string][]; unreadable: number[] }>([
    {
      description: 'an unclosed quote on one line',
      text: 'vraag;niveau\n"kapot;lager\nHoe?;lager\n',
      rows: [[3, 'Hoe?']],
      unreadable: [2]
    },
    {
      description: 'text after a closing quote',
      text: 'vraag;niveau\n"half" af;lager\nHoe?;lager\n',
      rows: [[3, 'Hoe?']],
      unreadable: [2]
    },
    {
      description: 'an unclosed multi-line cell: its lines are skipped until a whole record reads again',
      text: 'id;vraag;niveau\n1;"Hallo\nwereld;lager\n\n2;"Nog\neen";lager\n3;ok;secundair\n',
      rows: [
        [5, '2'],
        [6, '3']
      ],
      unreadable: [2, 3]
    },
    {
      description: 'a broken last record',
      text: 'vraag;niveau\nHoe?;lager\n"kapot;lager',
      rows: [[2, 'Hoe?']],
      unreadable: [3]
    },
    {
      description: 'broken quoting after a two-line cell, numbered as a spreadsheet shows it (row 3, not line 4)',
      text: 'vraag;niveau\n"Twee\nregels";lager\n"kapot;lager\nHoe?;lager\n',
      rows: [
        [2, 'Twee\nregels'],
        [4, 'Hoe?']
      ],
      unreadable: [3]
    }
  ])('reports $description as unreadable and reads on', ({ text, rows, unreadable }) => {
    const table = readCsv('f.csv', utf8(text));
    expect(table.rows.map((r) => [r.row, r.cells[0]])).toEqual(rows);
    expect(table.unreadable).toEqual(unreadable.map((row) => ({ row, reason: 'unreadable' })));
  });
});

describe('readCsv format signatures', () => {
  it.each<{ description: string; text: string; format: Format; headerRows: number; columns?: string[] }>([
    {
      description: 'Microsoft Forms, Dutch',
      text: 'ID,Begintijd,Tijdstip van voltooiing,E-mail,Naam,Uw vraag\n1,1/9/2024 11:27,1/9/2024 11:28,anonymous,,Hoe?\n',
      format: 'msforms',
      headerRows: 1
    },
    {
      description: 'Google Forms, Dutch',
      text: 'Tijdstempel,Uw vraag\n2024/01/18 14:18:57,Hoe?\n',
      format: 'googleforms',
      headerRows: 1
    },
    {
      description: 'LimeSurvey with question-code headings',
      text: 'id,submitdate,lastpage,startlanguage,seed,Q1\n1,2024-01-01 10:00:00,2,nl,123,Hoe?\n',
      format: 'limesurvey',
      headerRows: 1
    },
    {
      description: 'SurveyMonkey with respondent metadata and an open-ended question',
      text:
        'Respondent ID,Collector ID,Start Date,End Date,Uw vraag,Niveau,\n' +
        ',,,,Open-Ended Response,Lager,Secundair\n' +
        '114,42,01/18/2024,01/18/2024,Hoe?,1,\n',
      format: 'surveymonkey',
      headerRows: 2,
      columns: [
        'Respondent ID',
        'Collector ID',
        'Start Date',
        'End Date',
        'Uw vraag',
        'Niveau – Lager',
        'Niveau – Secundair'
      ]
    },
    {
      description: 'SurveyMonkey metadata without a second header row',
      text: 'Respondent ID,Collector ID,Uw vraag\n114,42,Hoe?\n',
      format: 'surveymonkey',
      headerRows: 1
    },
    {
      description: 'KoboToolbox without the HXL row',
      text: 'vraag;_id;_uuid;_submission_time\nHoe?;1;48583952-1892-4931-8d9c-869e7b49bafb;2017-10-23T09:41:19\n',
      format: 'kobo',
      headerRows: 1
    },
    {
      description: 'a HXL hashtag row in any CSV',
      text: 'plaats,aantal\n#adm1,#affected\nGent,3\n',
      format: 'csv',
      headerRows: 2,
      columns: ['plaats', 'aantal']
    },
    {
      description: 'a question and option row from any tool',
      text: 'Naam,Welke vakken?,,,Uw vraag\n,Wiskunde,Taal,Andere,\nAn,Ja,Nee,Ja,Hoe?\n',
      format: 'csv',
      headerRows: 2,
      columns: ['Naam', 'Welke vakken? – Wiskunde', 'Welke vakken? – Taal', 'Welke vakken? – Andere', 'Uw vraag']
    },
    {
      description: 'not a second header: answers repeat within a question',
      text: 'Welke vakken?,,,Uw vraag\nJa,Nee,Ja,Hoe?\n',
      format: 'csv',
      headerRows: 1,
      columns: ['Welke vakken?', 'Kolom 2', 'Kolom 3', 'Uw vraag']
    },
    {
      description: 'not a second header: a date under a blank heading',
      text: 'vraag,,\nHoe?,12/01/2024,Gent\n',
      format: 'csv',
      headerRows: 1
    },
    {
      description: 'not a second header: only one continuation',
      text: 'vraag,\nHoe?,Gent\n',
      format: 'csv',
      headerRows: 1
    },
    { description: 'anything else', text: 'vraag,niveau\nHoe?,lager\n', format: 'csv', headerRows: 1 }
  ])('recognises $description', ({ text, format, headerRows, columns }) => {
    const table = readCsv('f.csv', utf8(text));
    expect({ format: table.format, headerRows: table.headerRows }).toEqual({ format, headerRows });
    if (columns) expect(table.columns).toEqual(columns);
  });

  it('leaves an empty file without columns or rows', () => {
    expect(readCsv('f.csv', utf8('\n\n'))).toMatchObject({ format: 'csv', columns: [], rows: [], unreadable: [] });
  });
});
