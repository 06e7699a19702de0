/**
 * Property-based tests of the importers against bad input: random bytes, cut-off and corrupted real exports,
 * invalid UTF-8 inside valid UTF-8, formula cells, very wide and very long input. Whatever the bytes, reading a
 * file either gives a plan or refuses it with an AppError (a 4xx naming the file) — never another exception — and
 * finishes: a case that got stuck would run into the test's timeout. Seeds are fixed, so a failure repeats.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { type BlockSizes, MAX_OPEN_RECORD_CHARS } from './csv-records.js';
import { planImport } from './plan.js';
import { planCsvStream } from './plan-stream.js';
import { openCsvStream } from './read-csv-stream.js';
import { MAX_QUESTION_LENGTH } from './question-text.js';
import { MAX_CELL_CHARS } from './table.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const EXPORTS = path.join(DATA, 'external/survey-exports');
const REAL = [
  { name: 'vraagpunt-export.csv', bytes: readFileSync(path.join(DATA, 'vraagpunt-export.csv')) },
  ...readdirSync(EXPORTS)
    .filter((file) => file.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(EXPORTS, name)) }))
];
/** The first 32 KiB of each (to the last whole line): enough to corrupt, small enough to read a hundred times. */
const HEADS = REAL.map(({ name, bytes }) => ({
  name,
  bytes: bytes.byteLength <= 32 * 1024 ? bytes : bytes.subarray(0, bytes.lastIndexOf(0x0a, 32 * 1024) + 1)
}));
/** The real exports that are valid UTF-8 throughout, to corrupt with bytes that are not. */
const UTF8 = HEADS.filter(({ bytes }) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
});

const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

/** A CSV file read as a stream, every batch, as an import reads it. */
async function streamAll(fileName: string, bytes: Uint8Array, size = 4096) {
  const plan = await planCsvStream(fileName, pieces(bytes, size));
  try {
    let questions = 0;
    for await (const batch of plan.batches()) questions += batch.questions.length;
    return { ...plan.summary(), questions };
  } finally {
    await plan.close();
  }
}

/** The refusal a bad file must get: an AppError with a 4xx status whose message names the file. */
function expectRefusal(error: unknown, fileName: string): AppError {
  if (!(error instanceof AppError)) throw new Error(`not an AppError: ${String(error)}`, { cause: error });
  expect(error.statusCode).toBeGreaterThanOrEqual(400);
  expect(error.statusCode).toBeLessThan(500);
  expect(error.message).toContain(fileName);
  return error;
}

/** What holds of any plan: questions are non-empty and not over the longest question kept. */
function expectSound(questions: readonly { text: string }[]): void {
  expect(questions.every((q) => q.text.length > 0 && q.text.length <= MAX_QUESTION_LENGTH)).toBe(true);
}

/**
 * Reads the file whole (as a preview does) and, for a CSV name and unless `whole`, as a stream too: each reads
 * it into a sound plan or refuses it.
 */
async function readsOrRefuses(fileName: string, bytes: Uint8Array, whole = false): Promise<true> {
  await planImport(fileName, bytes).then(
    (plan) => expectSound(plan.extraction.questions),
    (error: unknown) => expectRefusal(error, fileName)
  );
  if (path.extname(fileName) === '.csv' && !whole) {
    await streamAll(fileName, bytes).then(
      (summary) =>
        expect(summary.rows).toBeGreaterThanOrEqual(summary.rejected.filter((r) => r.column === null).length),
      (error: unknown) => expectRefusal(error, fileName)
    );
  }
  return true;
}

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  const sheet = book.addWorksheet('Antwoorden');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const NAMES = ['antwoorden.csv', 'antwoorden.xlsx', 'notities.md', 'notities.txt', 'export'];

describe('any bytes are read or refused with an import error', () => {
  it('random bytes, under every kind of file name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(...NAMES), (bytes, name) =>
        readsOrRefuses(name, bytes)
      ),
      { seed: 9201, numRuns: 200 }
    );
  });

  it('random text with the characters CSV gives meaning to', async () => {
    const csvish = fc.string({
      unit: fc.constantFrom('a', 'é', ' ', ',', ';', '\t', '|', '"', '\r', '\n', '\r\n', '=', '#', '-', '1', '\u2028'),
      maxLength: 400
    });
    await fc.assert(
      fc.asyncProperty(csvish, (text) => readsOrRefuses('tekens.csv', utf8(text))),
      { seed: 9202, numRuns: 300 }
    );
  });

  it('every real export cut off anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REAL), fc.double({ min: 0, max: 1, noNaN: true }), (file, share) =>
        readsOrRefuses(file.name, file.bytes.subarray(0, Math.floor(file.bytes.byteLength * share)))
      ),
      { seed: 9203, numRuns: 60 }
    );
  });

  it('real exports with bytes overwritten or dropped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HEADS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.uint8Array({ minLength: 0, maxLength: 8 }),
        fc.nat({ max: 8 }),
        (file, share, junk, dropped) => {
          const at = Math.floor(file.bytes.byteLength * share);
          const bytes = Buffer.concat([file.bytes.subarray(0, at), junk, file.bytes.subarray(at + dropped)]);
          return readsOrRefuses(file.name, bytes);
        }
      ),
      { seed: 9204, numRuns: 60 }
    );
  });

  it('invalid UTF-8 sequences inside valid UTF-8 exports', async () => {
    const invalid = fc.constantFrom(
      [0x80], // a continuation byte alone
      [0xc3], // a lead byte without its continuation
      [0xe2, 0x82], // a three-byte character cut short
      [0xc0, 0xaf], // an overlong '/'
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xff],
      [0xfe, 0xff] // a UTF-16 byte order mark in the middle
    );
    expect(UTF8.length).toBeGreaterThanOrEqual(4);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...UTF8),
        fc.double({ min: 0, max: 1, noNaN: true }),
        invalid,
        (file, share, seq) => {
          const at = Math.floor(file.bytes.byteLength * share);
          const bytes = Buffer.concat([file.bytes.subarray(0, at), Buffer.from(seq), file.bytes.subarray(at)]);
          return readsOrRefuses(file.name, bytes);
        }
      ),
      { seed: 9205, numRuns: 60 }
    );
  });

  it('refuses invalid UTF-8 after the first MiB of a streamed UTF-8 file, naming the file and the byte', async () => {
    const head = utf8(`vraag,niveau\n${'Hoe leer ik kinderen breuken aan?,lager\n'.repeat(30_000)}`);
    expect(head.byteLength).toBeGreaterThan(1024 * 1024);
    const bytes = Buffer.concat([head, Buffer.from([0xed, 0xa0, 0x80]), utf8(',lager\n')]);
    const error = await streamAll('laat-kapot.csv', bytes, 64 * 1024).catch((e: unknown) => e);
    expect(expectRefusal(error, 'laat-kapot.csv')).toMatchObject({ code: 'invalid_encoding' });
  });

  it('truncated and corrupted workbooks', async () => {
    const rows = [
      ['Vraag', 'Onderwijsniveau'],
      ...Array.from({ length: 30 }, (_, i) => [`Hoe begeleid ik leerling ${i} die vaak afwezig is?`, 'Lager onderwijs'])
    ];
    const book = await workbook(rows);
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat({ max: book.byteLength - 1 }),
        fc.nat({ max: 255 }),
        async (share, at, value) => {
          await readsOrRefuses('kapot.xlsx', book.subarray(0, Math.floor(book.byteLength * share)));
          const flipped = Buffer.from(book);
          flipped[at] = value;
          return readsOrRefuses('kapot.xlsx', flipped);
        }
      ),
      { seed: 9206, numRuns: 80 }
    );
  });
});

describe('formula cells', () => {
  const formula = fc
    .tuple(
      fc.constantFrom('=', '+', '-', '@', '\t=', '\r='),
      fc.constantFrom('HYPERLINK("http://x.test","klik")', 'SUM(1;2)', "cmd|'/C calc'!A0", '1+1')
    )
    .map(([lead, body]) => `${lead}${body} Hoe gaan we hiermee om in de klas?`);

  it('are read from a CSV file as the text they are', async () => {
    await fc.assert(
      fc.asyncProperty(formula, async (text) => {
        const csv = `vraag,niveau\n"${text.replace(/"/g, '""')}",lager\n`;
        const plan = await planImport('formules.csv', utf8(csv), { split: false });
        expect(plan.extraction.questions.map((q) => q.text)).toEqual([text.replace(/\s+/g, ' ').trim()]);
        return true;
      }),
      { seed: 9207, numRuns: 40 }
    );
  });

  it('are read from a workbook as their value, never as the formula', async () => {
    const book = await workbook([
      ['Vraag', 'Onderwijsniveau'],
      [{ formula: 'CONCATENATE("Hoe ","lees ik voor?")', result: 'Hoe lees ik voor?' }, 'Lager onderwijs'],
      ['=HYPERLINK("http://x.test") als tekst: hoe ga ik hiermee om?', 'Lager onderwijs'],
      [{ formula: 'A1&"?"', result: { error: '#REF!' } } as ExcelJS.CellValue, 'Lager onderwijs']
    ]);
    const plan = await planImport('formules.xlsx', book, { split: false });
    expect(plan.extraction.questions.map((q) => q.text)).toEqual([
      'Hoe lees ik voor?',
      '=HYPERLINK("http://x.test") als tekst: hoe ga ik hiermee om?'
    ]);
    expect(plan.extraction.rejected).toEqual([{ row: 4, column: null, reason: 'empty' }]);
  });
});

describe('wide and long input', () => {
  it('reads 10,000 columns, whole and as a stream', async () => {
    const width = 10_000;
    const header = Array.from({ length: width }, (_, i) => `vraag ${i + 1}`).join(',');
    const row = (r: number) => Array.from({ length: width }, (_, i) => `Hoe pak ik probleem ${r}.${i} aan?`).join(',');
    const bytes = utf8([header, row(1)].join('\n'));
    const plan = await planImport('breed.csv', bytes, { split: false });
    expect(plan.columns).toHaveLength(width);
    expect(plan.extraction.questions).toHaveLength(width);
    const streamed = await streamAll('breed.csv', bytes, 64 * 1024);
    expect(streamed.questions).toBe(width);
  });

  it('reads a workbook 10,000 columns wide', async () => {
    const width = 10_000;
    const book = await workbook([
      Array.from({ length: width }, (_, i) => `Vraag ${i + 1}`),
      Array.from({ length: width }, (_, i) => `Hoe pak ik probleem ${i} aan in de klas?`)
    ]);
    const plan = await planImport('breed.xlsx', book, { split: false });
    expect(plan.columns).toHaveLength(width);
    expect(plan.extraction.questions).toHaveLength(width);
  });

  it('rejects a question over 5000 characters row by row, and keeps a cell up to the limit', async () => {
    const long = 'Hoe '.repeat(MAX_CELL_CHARS / 4);
    expect(long.length).toBe(MAX_CELL_CHARS);
    const bytes = utf8(`vraag,niveau\nHoe lees ik voor?,lager\n"${long}",lager\n`);
    const plan = await planImport('lang.csv', bytes);
    expect(plan.extraction.questions.map((q) => q.text)).toEqual(['Hoe lees ik voor?']);
    expect(plan.extraction.rejected).toEqual([{ row: 3, column: 'vraag', reason: 'too_long' }]);
    expect((await streamAll('lang.csv', bytes)).rejected).toEqual(plan.extraction.rejected);
  });

  describe('refuses a cell over the limit, naming file, row and column', () => {
    const over = 'a'.repeat(MAX_CELL_CHARS + 1);
    const expectTooLong = (error: unknown, fileName: string, row: number, column: string) => {
      expect(expectRefusal(error, fileName)).toMatchObject({
        code: 'field_too_long',
        details: { fileName, row, column, limit: MAX_CELL_CHARS }
      });
      expect((error as AppError).message).toContain(`row ${row}, column "${column}"`);
    };
    it.each([
      { description: 'unquoted', cell: over },
      { description: 'quoted', cell: `"${over}"` },
      { description: 'quoted, over several lines', cell: `"${'Hoe?\n'.repeat(MAX_CELL_CHARS / 5)}a"` }
    ])('in a CSV file, $description, whole and streamed', async ({ cell }) => {
      const bytes = utf8(`vraag,niveau\nHoe lees ik voor?,lager\nWat met pesten?,${cell}\nHoe?,lager\n`);
      expectTooLong(await planImport('lang.csv', bytes).catch((e: unknown) => e), 'lang.csv', 3, 'niveau');
      expectTooLong(await streamAll('lang.csv', bytes).catch((e: unknown) => e), 'lang.csv', 3, 'niveau');
    });

    it('a quote never closed: unreadable at the end of the file, refused once its line runs past the limit', async () => {
      // Read whole, the open quote runs to the end of the file: broken quoting, one unreadable row. A stream cannot
      // wait for the end to know, so a quoted cell still open on its line past the limit is refused.
      const open = 'a'.repeat(2 * 1024 * 1024);
      const bytes = utf8(`vraag,niveau\nHoe lees ik voor?,lager\nWat met pesten?,"${open}\nHoe?,lager\n`);
      expect((await planImport('open.csv', bytes)).extraction.rejected).toEqual([
        { row: 3, column: null, reason: 'unreadable' }
      ]);
      const read = async () => {
        for await (const batch of (await openCsvStream('open.csv', pieces(bytes, 64 * 1024))).rows()) {
          expect(batch.length).toBeGreaterThan(0);
        }
      };
      expectTooLong(await read().catch((e: unknown) => e), 'open.csv', 3, 'niveau');
    });

    it('in a workbook', async () => {
      const book = await workbook([['Vraag'], ['Hoe lees ik voor?'], [over]]);
      expectTooLong(await planImport('lang.xlsx', book).catch((e: unknown) => e), 'lang.xlsx', 3, 'Vraag');
    });

    it('in focus-group notes', async () => {
      const notes = utf8(`# Focusgroep lager onderwijs\n\n- Hoe lees ik voor?\n- ${over}\n`);
      expectTooLong(await planImport('notities.md', notes).catch((e: unknown) => e), 'notities.md', 4, 'vraag');
    });

    it('in a header', async () => {
      const bytes = utf8(`vraag,${over}\nHoe lees ik voor?,lager\n`);
      expectTooLong(await planImport('kop.csv', bytes).catch((e: unknown) => e), 'kop.csv', 1, 'Kolom 2');
      expectTooLong(await streamAll('kop.csv', bytes).catch((e: unknown) => e), 'kop.csv', 1, 'Kolom 2');
    });

    it('deep in a streamed file, past the sample', async () => {
      const rows = 'Hoe leer ik kinderen breuken aan?,lager\n'.repeat(12_000);
      const bytes = utf8(`vraag,niveau\n${rows}${over},lager\n`);
      expectTooLong(
        await streamAll('diep.csv', bytes, 64 * 1024).catch((e: unknown) => e),
        'diep.csv',
        12_002,
        'vraag'
      );
    });
  });

  it('refuses a streamed line that runs on without end, holding only a bounded part of it', async () => {
    const sizes: BlockSizes = { firstBlockChars: 1024, blockChars: 1024, maxOpenRecordChars: 64 * 1024 };
    const bytes = utf8(`vraag,niveau\nHoe lees ik voor?,lager\n${'a,'.repeat(100_000)}\n`);
    const read = async () => {
      const csv = await openCsvStream('eindeloos.csv', pieces(bytes, 4096), {}, sizes);
      for await (const batch of csv.rows()) expect(batch.length).toBeGreaterThan(0);
    };
    expect(expectRefusal(await read().catch((e: unknown) => e), 'eindeloos.csv')).toMatchObject({
      code: 'row_too_long',
      details: { row: 3, limit: 64 * 1024 }
    });
    expect(MAX_OPEN_RECORD_CHARS).toBeGreaterThan(MAX_CELL_CHARS);
  });

  it('reads long cells of any repeated pattern in linear time (each would take minutes if quadratic)', async () => {
    // Patterns that once made a regular expression rescan the cell from each character: e-mail and phone masks,
    // dates with trailing spaces.
    const atom = fc.oneof(
      fc.constantFrom('a', 'a.', '+', '(', '( ', '1', '1 ', '0', '-', ' ', '\t', 'é', '@', 'a@', '? ', '- a\n', '#'),
      fc.string({
        unit: fc.constantFrom('a', '1', ' ', '.', '@', '(', '+', '-', ':', '/', 'T', '#', '*'),
        minLength: 1,
        maxLength: 4
      })
    );
    const prefix = fc.constantFrom(
      '',
      'Vraag: ',
      '2023-01-01 1:00',
      '01/02/2023',
      'a@b',
      '+32',
      'http://x',
      '# ',
      '- '
    );
    await fc.assert(
      fc.asyncProperty(prefix, atom, fc.constantFrom('', 'x', '?', '!'), async (start, unit, end) => {
        const cell = start + unit.repeat(Math.floor((MAX_CELL_CHARS - 20) / unit.length)) + end;
        const csv = `vraag,kolom\nHoe lees ik voor?,x\n"${cell}","${cell}"\n`;
        await readsOrRefuses('patroon.csv', utf8(csv), true);
        return readsOrRefuses('patroon.md', utf8(`# Focusgroep\n\n- Hoe lees ik voor?\n- ${cell}\n`));
      }),
      { seed: 9208, numRuns: 16 }
    );
  }, 60_000);
});
