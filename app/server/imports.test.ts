import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

const shared = path.resolve(import.meta.dirname, '../../../shared/data');
const vraagpunt = readFileSync(path.join(shared, 'vraagpunt-export.csv'));
const notes = readFileSync(path.join(shared, 'focusgroep-secundair-notes.md'));

let t: TestApp;
let app: FastifyInstance;
let staff: Client;
let cycleId: number;
let sourceId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  sourceId = (await insertSource(app.db, { cycleId, kind: 'vraagpunt', name: 'Vraagpunt', participantCount: null })).id;
  staff = await loginAs(app, 'staff');
});

afterEach(async () => {
  await t.close();
});

function upload(kind: 'preview' | 'import', body: Buffer | string, fileName: string, query = '', source = sourceId) {
  const url = `/api/cycles/${cycleId}/imports${kind === 'preview' ? '/preview' : ''}?sourceId=${source}&fileName=${encodeURIComponent(fileName)}${query}`;
  return staff.request('POST', url, body, { 'content-type': 'application/octet-stream' });
}

describe('import of the Vraagpunt form export (Windows-1252, semicolons, personal data)', () => {
  it('previews the detected format, encoding, delimiter and mapping without storing anything', async () => {
    const response = await upload('preview', vraagpunt, 'vraagpunt-export.csv');
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({
      format: 'vraagpunt',
      encoding: 'windows-1252',
      delimiter: ';',
      headerRows: 1,
      rows: 60
    });
    const roles = Object.fromEntries(
      preview.mapping.columns.map((c: { column: string; role: string }) => [c.column, c.role])
    );
    expect(roles).toMatchObject({
      'Uw vraag': 'text',
      Naam: 'name',
      'E-mailadres': 'email',
      Onderwijsniveau: 'level',
      Functie: 'role'
    });
    expect(preview.preview.length).toBeGreaterThan(0);
    expect((await staff.request('GET', `/api/cycles/${cycleId}/imports`)).json()).toEqual([]);
  });

  it('stores questions with provenance and keeps personal data apart from them', async () => {
    const response = await upload('import', vraagpunt, 'vraagpunt-export.csv');
    expect(response.statusCode).toBe(201);
    const batch = response.json();
    expect(batch).toMatchObject({
      format: 'vraagpunt',
      encoding: 'windows-1252',
      delimiter: ';',
      textColumns: ['Uw vraag']
    });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.questionCount).toBeGreaterThan(40);
    expect(batch.rejected).toContainEqual({ row: 3, column: null, reason: 'empty' });

    const questions = (await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json();
    expect(questions[0]).toMatchObject({
      fileName: 'vraagpunt-export.csv',
      columnName: 'Uw vraag',
      rowNumber: 2,
      level: 'kleuter',
      askerRole: 'leraar'
    });
    const personal = await app.db.selectFrom('personal_data').selectAll().where('batch_id', '=', batch.id).execute();
    expect(personal.find((p) => p.row_number === 2)).toMatchObject({
      name: 'Hanne Goossens',
      email: 'hanne.goossens@example.org'
    });
    for (const q of questions) {
      expect(q.text).not.toContain('hanne.goossens@example.org');
    }
  });

  it('adds no duplicates when the same file comes again, and says how many were already there', async () => {
    const first = (await upload('import', vraagpunt, 'vraagpunt-export.csv')).json();
    const second = (await upload('import', vraagpunt, 'vraagpunt-export (kopie).csv')).json();
    expect(second.questionCount).toBe(0);
    expect(second.duplicateCount).toBe(first.questionCount + first.duplicateCount);
  });

  it('lets staff download the rejected rows and undo the import', async () => {
    const batch = (await upload('import', vraagpunt, 'vraagpunt-export.csv')).json();
    const rejected = await staff.request('GET', `/api/cycles/${cycleId}/imports/${batch.id}/rejected.csv`);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.body.replace('\uFEFF', '').split('\r\n')[0]).toBe('row,column,reason');
    expect(rejected.body).toContain('3,,empty');

    expect((await staff.request('DELETE', `/api/cycles/${cycleId}/imports/${batch.id}`)).statusCode).toBe(200);
    expect((await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json()).toEqual([]);
    expect(await app.db.selectFrom('personal_data').selectAll().execute()).toEqual([]);
  });

  it('refuses to undo an import whose questions sit in a rated theme', async () => {
    const batch = (await upload('import', vraagpunt, 'vraagpunt-export.csv')).json();
    // Group the questions (in the background), then accept the proposal as the cycle's themes.
    const runs = `/api/cycles/${cycleId}/clustering-runs`;
    const run = await staff.request('POST', runs, { k: 3 });
    expect(run.statusCode).toBe(202);
    await expect
      .poll(async () => (await staff.request('GET', `${runs}/${run.json().id}`)).json().status, { timeout: 60_000 })
      .toBe('done');
    expect((await staff.request('POST', `${runs}/${run.json().id}/accept`)).statusCode).toBe(200);
    await app.db
      .insertInto('committees')
      .values({ cycle_id: cycleId, kind: 'user', name: 'G', max_members: 20 })
      .execute();
    expect((await staff.request('POST', `/api/cycles/${cycleId}/rounds`, { name: 'R' })).statusCode).toBe(201);
    const response = await staff.request('DELETE', `/api/cycles/${cycleId}/imports/${batch.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('batch_rated');
  });
});

describe('other inputs', () => {
  it('splits a cell holding several needs into questions linked to the cell', async () => {
    const csv =
      'vraag,niveau\n"1) Hoe pak ik pesten aan in de klas?\n2) Welke aanpak werkt bij faalangst?",lager\nHoe leer ik breuken aan?,lager\n';
    const batch = (await upload('import', csv, 'split.csv')).json();
    expect(batch).toMatchObject({ questionCount: 3, cellsSplit: 1 });
    const rows = await app.db
      .selectFrom('questions')
      .select(['row_number', 'split_index', 'split_of', 'cell_text', 'text'])
      .orderBy('id')
      .execute();
    expect(rows.slice(0, 2).map((r) => [r.row_number, r.split_index, r.split_of])).toEqual([
      [2, 1, 2],
      [2, 2, 2]
    ]);
    expect(rows[0]!.cell_text).toContain('Welke aanpak werkt bij faalangst?');
    expect(rows[2]).toMatchObject({ split_index: 0, split_of: 1, cell_text: null });
  });

  it('reads focus-group notes: every bullet a question, the level from the heading, the participants on the source', async () => {
    const focus = (
      await insertSource(app.db, { cycleId, kind: 'focusgroup', name: 'Focusgroep secundair', participantCount: null })
    ).id;
    const batch = (await upload('import', notes, 'focusgroep-secundair-notes.md', '', focus)).json();
    expect(batch).toMatchObject({ format: 'notes', questionCount: 30 });
    const source = await app.db
      .selectFrom('sources')
      .select('participant_count')
      .where('id', '=', focus)
      .executeTakeFirstOrThrow();
    expect(source.participant_count).toBe(12);
    const levels = await app.db
      .selectFrom('questions')
      .select('level')
      .distinct()
      .where('source_id', '=', focus)
      .execute();
    expect(levels).toEqual([{ level: 'secundair' }]);
  });

  it('remembers the confirmed mapping for the next file of the source', async () => {
    const csv =
      'id,opmerking,toelichting\n1,Hoe motiveer ik lezers in het derde leerjaar?,Een uitgebreide toelichting bij de vraag hier\n';
    const mapping = JSON.stringify({
      columns: [
        { column: 'id', role: 'respondent' },
        { column: 'opmerking', role: 'text' },
        { column: 'toelichting', role: 'ignore' }
      ]
    });
    expect((await upload('import', csv, 'a.csv', `&mapping=${encodeURIComponent(mapping)}`)).statusCode).toBe(201);
    const next = (await upload('preview', csv.replace('1,', '2,'), 'b.csv')).json();
    expect(next.textColumns).toEqual(['opmerking']);
  });

  it.each([
    { description: 'a mapping that is not JSON', query: '&mapping=%7Bnope', code: 'invalid_mapping' },
    {
      description: 'a mapping with an unknown role',
      query: `&mapping=${encodeURIComponent('{"columns":[{"column":"vraag","role":"x"}]}')}`,
      code: 'invalid_mapping'
    },
    {
      description: 'a mapping naming a missing column',
      query: `&mapping=${encodeURIComponent('{"columns":[{"column":"zzz","role":"text"}]}')}`,
      code: 'unknown_column'
    }
  ])('refuses $description', async ({ query, code }) => {
    const response = await upload('preview', 'vraag\nHoe leer ik lezen aan?\n', 'x.csv', query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
  });
});

describe('contact details inside question text', () => {
  it('are shown to staff and masked for the director, signed names included', async () => {
    const csv =
      'vraag\n"Mail me op jan.peeters@school.be of bel 0470 12 34 56: hoe pak ik dit aan? Groetjes, Jan Peeters"\n';
    expect((await upload('import', csv, 'contact.csv')).statusCode).toBe(201);
    const director = await loginAs(app, 'director');
    const [forStaff] = (await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json();
    const [forDirector] = (await director.request('GET', `/api/cycles/${cycleId}/questions`)).json();
    expect(forStaff.text).toContain('jan.peeters@school.be');
    expect(forDirector.text).toBe('Mail me op […] of bel […]: hoe pak ik dit aan? Groetjes, […]');
  });
});

describe('split cells and personal data after an import', () => {
  const csv =
    'vraag,Naam,E-mail\n"1) Hoe pak ik pesten aan in de klas?\n2) Welke aanpak werkt bij faalangst?",An Peeters,an@school.be\n';

  it('lists split cells and puts a cell back together on request', async () => {
    const batch = (await upload('import', csv, 'split.csv')).json();
    const splits = (await staff.request('GET', `/api/cycles/${cycleId}/imports/${batch.id}/splits`)).json();
    expect(splits).toHaveLength(1);
    expect(splits[0].parts.map((p: { text: string }) => p.text)).toEqual([
      'Hoe pak ik pesten aan in de klas?',
      'Welke aanpak werkt bij faalangst?'
    ]);
    const undone = await staff.request(
      'POST',
      `/api/cycles/${cycleId}/questions/${splits[0].parts[1].id}/undo-split`,
      {}
    );
    expect(undone.statusCode).toBe(200);
    expect(undone.json().text).toBe('1) Hoe pak ik pesten aan in de klas? 2) Welke aanpak werkt bij faalangst?');
    const questions = (await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json();
    expect(questions).toHaveLength(1);
    expect(questions[0].id).toBe(splits[0].parts[0].id);
    const again = await staff.request('POST', `/api/cycles/${cycleId}/questions/${questions[0].id}/undo-split`, {});
    expect(again.json().error.code).toBe('not_split');
  });

  it('shows personal data to staff only', async () => {
    const batch = (await upload('import', csv, 'split.csv')).json();
    const url = `/api/cycles/${cycleId}/imports/${batch.id}/personal-data`;
    expect((await staff.request('GET', url)).json()).toEqual([
      { rowNumber: 2, name: 'An Peeters', email: 'an@school.be', phone: null, ip: null, consent: null }
    ]);
    for (const role of ['director', 'committee'] as const) {
      expect((await (await loginAs(app, role)).request('GET', url)).statusCode).toBe(403);
    }
  });
});

describe('a remembered mapping', () => {
  it('still sets apart personal data in columns the source did not have before', async () => {
    expect((await upload('import', 'vraag\nHoe leer ik breuken aan?\n', 'a.csv')).statusCode).toBe(201);
    const next = (
      await upload('preview', 'vraag,Naam,E-mailadres\nWat werkt tegen pesten?,An,an@school.be\n', 'b.csv')
    ).json();
    expect(next.mapping.columns).toEqual([
      { column: 'vraag', role: 'text' },
      { column: 'Naam', role: 'name' },
      { column: 'E-mailadres', role: 'email' }
    ]);
  });
});
