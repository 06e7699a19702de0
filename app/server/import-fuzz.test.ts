/**
 * Bad files through the upload routes: random bytes, cut-off and corrupted real exports, files far over the size
 * limits. Each answers a success or a 4xx with the app's error body and a message that names the file (or the
 * limit), never a 500; a refused import stores nothing, and the app answers /api/health after each.
 * Fewer runs than the parser-level fuzz tests (app/server/import/fuzz.test.ts): every call here hits the database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import { MAX_CELL_CHARS } from './import/table.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const EXPORTS = path.join(DATA, 'external/survey-exports');
/** Real exports, cut to their first 24 KiB (at a line end) so that a run stays quick. */
const REAL = [path.join(DATA, 'vraagpunt-export.csv'), ...readdirSync(EXPORTS).map((f) => path.join(EXPORTS, f))]
  .filter((file) => file.endsWith('.csv'))
  .sort()
  .map((file) => {
    const bytes = readFileSync(file);
    const end = bytes.byteLength <= 24 * 1024 ? bytes.byteLength : bytes.lastIndexOf(0x0a, 24 * 1024) + 1;
    return { name: path.basename(file), bytes: bytes.subarray(0, end) };
  });

interface Setup {
  t: TestApp;
  app: FastifyInstance;
  staff: Client;
  cycleId: number;
  sourceId: number;
}

async function setup(env: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const t = await createTestApp(env);
  const app = t.app;
  const cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  const sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'Bevraging', participantCount: null }))
    .id;
  return { t, app, staff: await loginAs(app, 'staff'), cycleId, sourceId };
}

async function counts(app: FastifyInstance) {
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

function upload(
  s: Setup,
  kind: 'preview' | 'import',
  body: Buffer,
  fileName: string,
  type = 'application/octet-stream'
) {
  const url = `/api/cycles/${s.cycleId}/imports${kind === 'preview' ? '/preview' : ''}?sourceId=${s.sourceId}&fileName=${encodeURIComponent(fileName)}`;
  return s.staff.request('POST', url, body, { 'content-type': type });
}

/** A refusal in the app's error shape, with a message that says which file (or what limit) it is about. */
function expectRefusal(response: LightMyRequestResponse, mentions: string) {
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, response.body).toBeLessThan(500);
  const { error } = response.json() as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(error.code).toMatch(/^[a-z_]+$/);
  expect(error.message).toContain(mentions);
  return error;
}

async function expectHealthy(app: FastifyInstance) {
  const health = await app.inject({ method: 'GET', url: '/api/health' });
  expect(health.statusCode).toBe(200);
  expect(health.json()).toMatchObject({ status: 'ok' });
}

/**
 * Previews and imports the file: each succeeds or refuses it with a 4xx naming the file; a refused import stores
 * nothing, a successful one stores one batch.
 */
async function readsOrRefuses(s: Setup, fileName: string, bytes: Buffer): Promise<true> {
  const preview = await upload(s, 'preview', bytes, fileName);
  if (preview.statusCode !== 200) expectRefusal(preview, fileName);
  const before = await counts(s.app);
  const imported = await upload(s, 'import', bytes, fileName);
  const after = await counts(s.app);
  if (imported.statusCode === 201) {
    expect(after.batches).toBe(before.batches + 1);
  } else {
    expectRefusal(imported, fileName);
    expect(after).toEqual(before);
  }
  await expectHealthy(s.app);
  return true;
}

describe('bad files through the upload routes', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => {
    await s?.t.close();
  });

  it('random bytes under every kind of file name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom('antwoorden.csv', 'antwoorden.xlsx', 'notities.md', 'antwoorden'),
        (bytes, name) => readsOrRefuses(s, name, Buffer.from(bytes))
      ),
      { seed: 7301, numRuns: 25 }
    );
  });

  it('real exports cut off, corrupted, or with invalid UTF-8 inside', async () => {
    const invalid = fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xff], [0x22]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REAL),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.constant(null), invalid),
        (file, share, inserted) => {
          const at = Math.floor(file.bytes.byteLength * share);
          const bytes = inserted
            ? Buffer.concat([file.bytes.subarray(0, at), Buffer.from(inserted), file.bytes.subarray(at)])
            : file.bytes.subarray(0, at);
          return readsOrRefuses(s, file.name, bytes);
        }
      ),
      { seed: 7302, numRuns: 25 }
    );
  });

  it('a cell over the longest a cell may be: 400 field_too_long naming file, row and column, nothing stored', async () => {
    const bytes = Buffer.from(`vraag,niveau\nHoe lees ik voor?,lager\n"${'Hoe? '.repeat(MAX_CELL_CHARS / 4)}",lager\n`);
    const before = await counts(s.app);
    const error = expectRefusal(await upload(s, 'import', bytes, 'lang.csv', 'text/csv'), 'lang.csv');
    expect(error).toMatchObject({ code: 'field_too_long', details: { row: 3, column: 'vraag' } });
    expect(error.message).toContain('row 3, column "vraag"');
    expect(await counts(s.app)).toEqual(before);
    await expectHealthy(s.app);
  });
});

describe('a single field of 100 MB', () => {
  const MB = 1024 * 1024;
  const head = 'vraag,niveau\nHoe lees ik voor?,lager\n';
  /** Built once, in place: the streaming import must not need copies of it either. */
  let body: Buffer;
  beforeAll(() => {
    body = Buffer.allocUnsafe(head.length + 100 * MB + ',lager\n'.length);
    body.write(head, 0, 'latin1');
    body.fill('a', head.length, head.length + 100 * MB);
    body.write(',lager\n', head.length + 100 * MB, 'latin1');
  });

  describe('under the default upload limit (MAX_UPLOAD_MB=50)', () => {
    let s: Setup;
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s?.t.close();
    });

    it('is refused with 413 too_large, saying the limit', async () => {
      const error = expectRefusal(await upload(s, 'import', body, 'groot.csv', 'text/csv'), '50 MB');
      expect(error.code).toBe('too_large');
      expect(await counts(s.app)).toMatchObject({ batches: 0, questions: 0 });
      await expectHealthy(s.app);
    });
  });

  describe('under a raised upload limit (MAX_UPLOAD_MB=200)', () => {
    let s: Setup;
    beforeAll(async () => {
      s = await setup({ MAX_UPLOAD_MB: '200' });
    });
    afterAll(async () => {
      await s?.t.close();
    });

    it.each(['preview', 'import'] as const)('is refused by the %s as too long, naming row and column', async (kind) => {
      const response = await upload(s, kind, body, 'groot.csv', 'text/csv');
      expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
      const error = expectRefusal(response, 'groot.csv');
      expect(error).toMatchObject({ code: 'field_too_long', details: { row: 3, column: 'vraag' } });
      expect(await counts(s.app)).toMatchObject({ batches: 0, questions: 0 });
      await expectHealthy(s.app);
    });
  });
});
