import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import { SURVEY_HEADER, surveyLine } from './testing/survey-export.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let staff: Client;
let cycleId: number;
let sourceId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'Enquête', participantCount: null })).id;
  staff = await loginAs(app, 'staff');
});

afterEach(async () => {
  await t.close();
});

// More rows than the streamed reader samples before it settles the mapping, so rows are counted mid-file.
const ROWS = 14_000;
const body = Buffer.from([SURVEY_HEADER, ...Array.from({ length: ROWS }, (_, i) => surveyLine(i)), ''].join('\r\n'));

/**
 * An upload that sends most of the file, then waits until `release` is called: the server has rows to report on
 * while the import is still running.
 */
function stalledUpload(key: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stall = Math.floor(body.length * 0.85);
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < body.length; i += 64 * 1024) {
      if (i >= stall) await gate;
      yield body.subarray(i, i + 64 * 1024);
    }
  }
  const response = app.inject({
    method: 'POST',
    url: `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=enquete.csv&progress=${key}`,
    headers: {
      cookie: staff.cookie!,
      'x-csrf-token': staff.csrf!,
      'content-type': 'text/csv',
      'transfer-encoding': 'chunked'
    },
    payload: Readable.from(pieces())
  });
  return { response, release };
}

const progressOf = async (key: string, client = staff) => {
  const response = await client.request('GET', `/api/imports/progress/${key}`);
  return response.statusCode === 200 ? response.json() : { status: response.statusCode };
};

/** Waits until the server has counted rows of the import under `key`. */
const rowsCounted = (key: string) =>
  expect.poll(async () => (await progressOf(key)).rows ?? 0, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);

const countQuestions = async () =>
  Number(
    (
      await app.db
        .selectFrom('questions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  );

describe('import progress', { timeout: 90_000 }, () => {
  it('reports bytes and rows read while the import runs, and the final figures once it is done', async () => {
    const key = 'import-progress-1';
    const upload = stalledUpload(key);
    await rowsCounted(key);
    const during = await progressOf(key);
    expect(during.state).toBe('running');
    expect(during.bytes).toBeGreaterThan(0);
    expect(during.bytes).toBeLessThan(body.length);
    expect(during.rows).toBeLessThan(ROWS);
    expect(during.questions).toBeGreaterThanOrEqual(during.rows);

    upload.release();
    const response = await upload.response;
    expect(response.statusCode).toBe(201);
    expect(await progressOf(key)).toEqual({
      bytes: body.length,
      rows: ROWS,
      questions: response.json().questionCount,
      state: 'done'
    });
  });

  it('stops a running import on request: it rolls back and stores nothing', async () => {
    const key = 'import-progress-2';
    const upload = stalledUpload(key);
    await rowsCounted(key);
    expect((await staff.request('POST', `/api/imports/progress/${key}/cancel`)).statusCode).toBe(200);
    upload.release();
    const response = await upload.response;
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('import_cancelled');
    expect((await progressOf(key)).state).toBe('cancelled');
    expect(await countQuestions()).toBe(0);
    expect((await staff.request('GET', `/api/cycles/${cycleId}/imports`)).json()).toEqual([]);
    // Nothing left to stop.
    expect((await staff.request('POST', `/api/imports/progress/${key}/cancel`)).statusCode).toBe(404);
  });

  it("shows an import's progress to the user who started it only", async () => {
    // Logged in first: on the embedded database, logging in waits for the running import.
    const colleague = await loginAs(app, 'staff');
    const director = await loginAs(app, 'director');
    const key = 'import-progress-3';
    const upload = stalledUpload(key);
    await expect.poll(async () => (await progressOf(key)).state, { timeout: 20_000, interval: 100 }).toBe('running');
    expect(await progressOf(key, colleague)).toEqual({ status: 404 });
    expect((await colleague.request('POST', `/api/imports/progress/${key}/cancel`)).statusCode).toBe(404);
    expect(await progressOf(key, director)).toEqual({ status: 404 });
    // The uploader's own session, without its CSRF token, cannot stop it either.
    const forged = await app.inject({
      method: 'POST',
      url: `/api/imports/progress/${key}/cancel`,
      headers: { cookie: staff.cookie! }
    });
    expect(forged.statusCode).toBe(404);
    upload.release();
    expect((await upload.response).statusCode).toBe(201);
  });

  it('refuses a malformed progress key with a clear error', async () => {
    const response = await staff.request(
      'POST',
      `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=a.csv&progress=${encodeURIComponent('a b')}`,
      'vraag\nHoe leer ik breuken aan?\n',
      { 'content-type': 'text/csv' }
    );
    expect(response.statusCode).toBe(400);
    expect(await countQuestions()).toBe(0);
  });
});
