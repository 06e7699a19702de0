import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BlockSizes } from './csv-records.js';
import { planImport } from './plan.js';
import { planCsvStream } from './plan-stream.js';
import { readCsv } from './read-csv.js';
import { openCsvStream } from './read-csv-stream.js';
import type { Encoding, Table, TableRow } from './table.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const REAL_FILES = [
  'vraagpunt-export.csv',
  'external/survey-exports/googleforms_uva_ds4002_sp24_opentext.csv',
  'external/survey-exports/kobotoolbox_kpi_export_es_semicolon_hxl.csv',
  'external/survey-exports/limesurvey_cppsurvey_fullheadings_head.csv',
  'external/survey-exports/limesurvey_derived_de_semicolon_bom_2header.csv',
  'external/survey-exports/msforms_uva_ds4002_fa24_cp1252.csv',
  'external/survey-exports/qualtrics_qualtRics_sample_3header.csv',
  'external/survey-exports/qualtrics_qualtRics_sample_legacy_bom.csv',
  'external/survey-exports/surveymonkey_538_sleeping_alone_2header_cp1252.csv'
];

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

/** The bytes in pieces: cut at each of `cuts`, or every `size` bytes. */
async function* pieces(data: Uint8Array, cut: number[] | number): AsyncGenerator<Uint8Array> {
  const cuts =
    typeof cut === 'number' ? Array.from({ length: Math.ceil(data.length / cut) }, (_, i) => i * cut) : [0, ...cut];
  for (let i = 0; i < cuts.length; i++) yield data.slice(cuts[i], cuts[i + 1] ?? data.length);
}

/** Small blocks, so that every few characters a parse ends and a record is held back or read again. */
const TINY: BlockSizes = { firstBlockChars: 7, blockChars: 5, maxOpenRecordChars: 1 << 20 };

async function readStreamed(data: Uint8Array, cut: number[] | number, sizes: BlockSizes = TINY, encoding?: Encoding) {
  const csv = await openCsvStream('f.csv', pieces(data, cut), { encoding }, { ...sizes, sampleRows: 3 });
  const rows: TableRow[] = [];
  for await (const batch of csv.rows()) rows.push(...batch);
  const { format, delimiter, headerRows, columns } = csv;
  return { format, encoding: csv.encoding, delimiter, headerRows, columns, rows, unreadable: csv.unreadable };
}

function whole(table: Table) {
  const { format, encoding, delimiter, headerRows, columns, rows, unreadable } = table;
  return { format, encoding, delimiter, headerRows, columns, rows, unreadable };
}

describe('openCsvStream reads a file in pieces as readCsv reads it whole', () => {
  it.each<{ description: string; data: Uint8Array; cut: number[] | number }>([
    {
      description: 'a multi-line cell cut in the middle, CRLF between records',
      data: utf8(
        'vraag;niveau\r\n"Hoe pak ik\r\npesten aan?\r\nEn faalangst?";lager\r\nHoe leer ik breuken aan?;lager\r\n'
      ),
      cut: 3
    },
    {
      description: 'a CRLF cut between its CR and LF',
      data: utf8('vraag,niveau\r\nWat werkt?,lager\r\nWaarom?,secundair\r\n'),
      cut: [13, 30]
    },
    {
      description: 'a two-byte (é) and a three-byte (’) character cut between their bytes',
      data: utf8('vraag,niveau\nWat is één’s idee?,lager\nOk?,hoger\n'),
      cut: [18, 24, 25]
    },
    {
      description: 'a UTF-8 byte order mark cut after its first and second byte',
      data: bytes([0xef, 0xbb, 0xbf], utf8('vraag,niveau\nWaarom één?,lager\n')),
      cut: [1, 2]
    },
    {
      description: 'a UTF-16 LE byte order mark and text cut at odd bytes',
      data: bytes([0xff, 0xfe], ...Array.from('vraag\tniveau\r\nWaarom één?\tlager\r\n', (c) => [c.charCodeAt(0), 0])),
      cut: 3
    },
    {
      description: 'Windows-1252 bytes (no BOM, not UTF-8)',
      data: bytes(utf8('vraag;niveau\r\nWat is '), [0xe9, 0xe9, 0x6e, 0x92, 0x73], utf8(' idee?;lager\r\n')),
      cut: 4
    },
    {
      description: 'broken quoting: the lines after it are unreadable until a clean record of the same width',
      data: utf8('vraag,niveau\nHoe?,lager\n"kapot,lager\nnog kapot\nWat nu?,secundair\nEn dan?,hoger\n'),
      cut: 5
    },
    {
      description: 'broken quoting after a multi-line cell, with blank lines',
      data: utf8('vraag,niveau\n"Twee\nregels",lager\n\n"open,x\n\nvervolg\nWat nu?,secundair\n'),
      cut: 2
    },
    {
      description: 'an unclosed quote to the end of the file',
      data: utf8('vraag,niveau\nHoe?,lager\n"nooit gesloten,lager\nWat nu?,secundair'),
      cut: 4
    },
    {
      description: 'blank lines and fully empty records between rows, no final line break',
      data: utf8('vraag;niveau\n\n;\nEen?;lager\n\n\nTwee?;hoger'),
      cut: 1
    }
  ])('$description', async ({ data, cut }) => {
    const expected = whole(readCsv('f.csv', data));
    expect(await readStreamed(data, cut)).toEqual(expected);
    expect(await readStreamed(data, 1)).toEqual(expected);
    expect(await readStreamed(data, data.length, {})).toEqual(expected);
  });

  it('takes a quote still open after the longest record it holds as broken, with the same result', async () => {
    const data = utf8(
      `vraag,niveau\nHoe?,lager\n"nooit gesloten,lager\n${'verder zonder einde\n'.repeat(50)}Wat nu?,hoger\n`
    );
    const expected = whole(readCsv('f.csv', data));
    expect(expected.unreadable.length).toBeGreaterThan(50);
    expect(await readStreamed(data, 16, { firstBlockChars: 32, blockChars: 16, maxOpenRecordChars: 100 })).toEqual(
      expected
    );
  });

  it.each(REAL_FILES)('reads %s like readCsv, in pieces of 1 KiB and small blocks', async (file) => {
    const data = readFileSync(path.join(DATA, file));
    const expected = whole(readCsv(file, data));
    expect(await readStreamed(data, 1024, { firstBlockChars: 4096, blockChars: 512 })).toEqual(expected);
    expect(await readStreamed(data, 997, TINY)).toEqual(expected);
  });

  it('refuses a file that is UTF-8 in its first MiB and not UTF-8 after it, naming the byte', async () => {
    const head = utf8(`vraag,niveau\n${'Hoe leer ik breuken aan?,lager\n'.repeat(40_000)}`);
    const data = bytes(head, utf8('Wat is '), [0xe9], utf8('?,lager\n'));
    const csv = await openCsvStream('laat.csv', pieces(data, 64 * 1024));
    expect(csv.encoding).toBe('utf-8');
    const read = async () => {
      for await (const batch of csv.rows()) expect(batch.length).toBeGreaterThan(0);
    };
    const error = await read().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_encoding', message: expect.stringContaining('laat.csv') });
    // The offset is where the decoded slice holding the bad byte starts: at most 16 KiB before it.
    const offset = (error as { details: { offset: number } }).details.offset;
    expect(offset).toBeLessThanOrEqual(head.length + 7);
    expect(offset).toBeGreaterThan(head.length + 7 - 16 * 1024);
  });

  it('refuses an empty file', async () => {
    await expect(openCsvStream('leeg.csv', pieces(new Uint8Array(), 1))).rejects.toMatchObject({ code: 'empty_file' });
  });
});

describe('planCsvStream plans as planImport does', () => {
  it.each(REAL_FILES)('%s: same mapping, questions, personal data and rejected rows', async (file) => {
    const data = readFileSync(path.join(DATA, file));
    const expected = await planImport(file, data);
    const plan = await planCsvStream(file, pieces(data, 1000));
    const questions = [];
    const personal = [];
    for await (const batch of plan.batches()) {
      questions.push(...batch.questions);
      personal.push(...batch.personal);
    }
    const summary = plan.summary();
    expect({ format: plan.format, encoding: plan.encoding, delimiter: plan.delimiter, mapping: plan.mapping }).toEqual({
      format: expected.format,
      encoding: expected.encoding,
      delimiter: expected.delimiter,
      mapping: expected.mapping
    });
    expect(questions).toEqual(expected.extraction.questions);
    expect(personal).toEqual(expected.extraction.personal);
    expect(summary).toMatchObject({
      rows: expected.rows,
      questions: expected.extraction.questions.length,
      cellsSplit: expected.extraction.cellsSplit,
      rejected: expected.extraction.rejected,
      size: data.length
    });
  });
});
