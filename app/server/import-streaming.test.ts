import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import { SURVEY_HEADER, surveyLine } from './testing/survey-export.js';
import { importCsvStream, importFile } from './services/imports.js';
import { createTestApp, loginAs, type TestApp } from './testing/test-app.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
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

let t: TestApp;
let app: FastifyInstance;
let cycleId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
});

afterEach(async () => {
  await t.close();
});

const newSource = async (name: string) =>
  (await insertSource(app.db, { cycleId, kind: 'survey', name, participantCount: null })).id;

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** What an import stored, without ids and the source and batch it went to. */
async function stored(batchId: number) {
  const batch = await app.db
    .selectFrom('import_batches')
    .select([
      'file_name',
      'sha256',
      'format',
      'encoding',
      'delimiter',
      'header_rows',
      'mapping',
      'text_columns',
      'size_bytes',
      'row_count',
      'question_count',
      'duplicate_count',
      'cells_split',
      'rejected'
    ])
    .where('id', '=', batchId)
    .executeTakeFirstOrThrow();
  const questions = await app.db
    .selectFrom('questions')
    .select([
      'row_number',
      'column_name',
      'text',
      'text_hash',
      'level',
      'asker_role',
      'asked_on',
      'split_index',
      'split_of',
      'cell_text'
    ])
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .execute();
  const personal = await app.db
    .selectFrom('personal_data')
    .select(['row_number', 'name', 'email', 'phone', 'ip', 'consent'])
    .where('batch_id', '=', batchId)
    .orderBy('row_number')
    .execute();
  return { batch: { ...batch, size_bytes: Number(batch.size_bytes) }, questions, personal };
}

async function countAll() {
  const count = async (table: 'import_batches' | 'questions' | 'personal_data') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    );
  return {
    batches: await count('import_batches'),
    questions: await count('questions'),
    personal: await count('personal_data')
  };
}

/** A Google Forms export of `rows` distinct questions, a third of them with an e-mail address. */
const survey = (rows: number) =>
  Buffer.from([SURVEY_HEADER, ...Array.from({ length: rows }, (_, i) => surveyLine(i)), ''].join('\r\n'));

const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: (error as { code?: string }).code ?? String(error) })
  );

describe('a CSV file imported as a stream stores what the whole-file import stores', () => {
  it.each(REAL_FILES)('%s', async (file) => {
    const data = readFileSync(path.join(DATA, file));
    const fileName = path.basename(file);
    const whole = await outcome(
      importFile(app.db, { cycleId, sourceId: await newSource('whole'), fileName, bytes: data, userId: null })
    );
    const streamed = await outcome(
      importCsvStream(app.db, {
        cycleId,
        sourceId: await newSource('streamed'),
        fileName,
        bytes: pieces(data, 4096),
        userId: null
      })
    );
    if ('error' in whole) {
      // No column of question text: both refuse alike.
      expect(streamed).toEqual(whole);
      return;
    }
    expect('value' in streamed).toBe(true);
    if (!('value' in streamed)) return;
    const expected = await stored(whole.value.id);
    expect(expected.questions.length).toBeGreaterThan(0);
    expect(await stored(streamed.value.id)).toEqual(expected);
  });

  it('adds no duplicates when the same file streams in twice, and says how many were already there', async () => {
    const data = readFileSync(path.join(DATA, 'vraagpunt-export.csv'));
    const sourceId = await newSource('vraagpunt');
    const input = { cycleId, sourceId, fileName: 'vraagpunt-export.csv', userId: null };
    const first = await importCsvStream(app.db, { ...input, bytes: pieces(data, 1000) });
    const second = await importCsvStream(app.db, { ...input, bytes: pieces(data, 1000) });
    expect(first.questionCount).toBeGreaterThan(40);
    expect(second).toMatchObject({ questionCount: 0, duplicateCount: first.questionCount + first.duplicateCount });
  });
});

describe('a streamed import is one transaction', () => {
  it('leaves no batch, question or personal data when the upload breaks off after chunks were written', async () => {
    const data = survey(12_000);
    async function* breaksOff(): AsyncGenerator<Uint8Array> {
      yield* pieces(data, 64 * 1024);
      throw new Error('connection reset by peer');
    }
    const sourceId = await newSource('onderbroken');
    await expect(
      importCsvStream(app.db, { cycleId, sourceId, fileName: 'enquete.csv', bytes: breaksOff(), userId: null })
    ).rejects.toThrow('connection reset by peer');
    expect(await countAll()).toEqual({ batches: 0, questions: 0, personal: 0 });

    // The same rows arriving whole all land.
    const batch = await importCsvStream(app.db, {
      cycleId,
      sourceId,
      fileName: 'enquete.csv',
      bytes: pieces(data, 64 * 1024),
      userId: null
    });
    expect(batch).toMatchObject({ questionCount: 12_600, duplicateCount: 0, rowCount: 12_000 });
    expect(await countAll()).toEqual({ batches: 1, questions: 12_600, personal: 4_000 });
  });

  it('leaves nothing when a byte deep in a UTF-8 file is not UTF-8', async () => {
    const data = Buffer.concat([survey(6_000), Buffer.from([0x57, 0x61, 0x74, 0xe9, 0x3f, 0x0d, 0x0a])]);
    const sourceId = await newSource('kapot');
    await expect(
      importCsvStream(app.db, {
        cycleId,
        sourceId,
        fileName: 'enquete.csv',
        bytes: pieces(data, 64 * 1024),
        userId: null
      })
    ).rejects.toMatchObject({ code: 'invalid_encoding' });
    expect(await countAll()).toEqual({ batches: 0, questions: 0, personal: 0 });
  });
});

describe('the upload limit, enforced while the body streams in', () => {
  it.each([
    { description: 'with its length declared', declared: true },
    { description: 'sent in chunks without a declared length', declared: false }
  ])('refuses an oversized upload $description with 413 too_large and stores nothing', async ({ declared }) => {
    await t.close();
    t = await createTestApp({ MAX_UPLOAD_MB: '1' });
    app = t.app;
    cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
    const sourceId = await newSource('groot');
    const staff = await loginAs(app, 'staff');
    // 1.5 MB of valid rows: the first chunks could be imported before the limit is reached.
    const body = survey(7_500);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const response = await app.inject({
      method: 'POST',
      url: `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=groot.csv`,
      headers: {
        cookie: staff.cookie!,
        'x-csrf-token': staff.csrf!,
        'content-type': 'text/csv',
        ...(declared ? {} : { 'transfer-encoding': 'chunked' })
      },
      payload: declared ? body : Readable.from(pieces(body, 64 * 1024))
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('too_large');
    expect(await countAll()).toEqual({ batches: 0, questions: 0, personal: 0 });
  });
});
