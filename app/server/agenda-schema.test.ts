import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle } from '../../db/queries/cycles.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// The agenda's rules that the database itself keeps, whatever code path writes to it.
let t: TestApp;
let app: FastifyInstance;
let cycleId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'Kennisagenda', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
});
afterEach(() => t.close());

describe('school years', () => {
  it.each([
    { startsOn: '2024-09-01', endsOn: '2027-08-31', years: ['2024-09-01', '2025-09-01', '2026-09-01'] },
    { startsOn: '2024-08-31', endsOn: '2025-06-30', years: ['2023-09-01', '2024-09-01'] },
    { startsOn: '2025-01-15', endsOn: '2025-12-31', years: ['2024-09-01', '2025-09-01'] }
  ])('a cycle from $startsOn to $endsOn has the school years $years', async ({ startsOn, endsOn, years }) => {
    const id = (await insertCycle(app.db, { name: 'C', startsOn, endsOn })).id;
    const rows = await app.db
      .selectFrom('school_years')
      .select(['starts_on', 'ends_on', 'capacity'])
      .where('cycle_id', '=', id)
      .orderBy('starts_on')
      .execute();
    expect(rows.map((row) => row.starts_on)).toEqual(years);
    for (const row of rows) {
      expect(Number(row.ends_on.slice(0, 4))).toBe(Number(row.starts_on.slice(0, 4)) + 1);
      expect(row.ends_on.slice(5)).toBe('08-31');
      expect(row.capacity).toBe(5);
    }
  });
});

describe('agenda versions', () => {
  async function insertVersion(status: 'proposed' | 'published', number: number | null) {
    return app.db
      .insertInto('agenda_versions')
      .values({
        cycle_id: cycleId,
        status,
        number,
        snapshot: JSON.stringify({ themes: ['Lezen'] }),
        published_at: status === 'published' ? new Date() : null
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  it('never changes or deletes a published version', async () => {
    const { id } = await insertVersion('published', 1);
    await expect(
      app.db.updateTable('agenda_versions').set({ review_note: 'later' }).where('id', '=', id).execute()
    ).rejects.toThrow(/published and cannot change/);
    await expect(app.db.deleteFrom('agenda_versions').where('id', '=', id).execute()).rejects.toThrow(
      /cannot be deleted/
    );
    const row = await app.db.selectFrom('agenda_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.review_note).toBe('');
  });

  it('keeps the snapshot of a proposal as proposed, while its review may be recorded', async () => {
    const { id } = await insertVersion('proposed', null);
    await expect(
      app.db
        .updateTable('agenda_versions')
        .set({ snapshot: JSON.stringify({ themes: [] }) })
        .where('id', '=', id)
        .execute()
    ).rejects.toThrow(/snapshot of an agenda version cannot change/);
    await app.db
      .updateTable('agenda_versions')
      .set({ status: 'approved', review_note: 'Akkoord', reviewed_at: new Date() })
      .where('id', '=', id)
      .execute();
  });

  it('numbers versions once per cycle and only when published', async () => {
    await insertVersion('published', 1);
    await expect(insertVersion('published', 1)).rejects.toThrow();
    await expect(insertVersion('proposed', 2)).rejects.toThrow();
  });
});
