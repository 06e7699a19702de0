import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import { listActiveQuestionTexts } from '../../db/queries/questions.js';
import { replaceThemes } from '../../db/queries/themes.js';
import type { DuplicateDetectionDto, DuplicateGroupDto, ThemeDto } from '../shared/schemas.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let cycleId: number;
let staff: Client;

const QUESTIONS = [
  'Hoe pak ik pesten in de klas aan?',
  'Hoe kan ik leerlingen met dyslexie ondersteunen bij het lezen?',
  'Dag, hoe pak ik pesten in de klas aan? Alvast bedankt!',
  'Welke rol spelen ouders bij huiswerk in het lager onderwijs?',
  'Hoe kan ik leerlingen met dyslexie ondersteunen bij lezen?'
];

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'Kennisagenda', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  const sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'Bevraging', participantCount: null }))
    .id;
  staff = await loginAs(app, 'staff');
  const csv = ['vraag', ...QUESTIONS.map((q) => `"${q}"`)].join('\n');
  const response = await staff.request(
    'POST',
    `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=vragen.csv`,
    csv,
    { 'content-type': 'text/csv' }
  );
  expect(response.statusCode, response.body).toBe(201);
});

afterEach(async () => {
  await t.close();
});

const url = () => `/api/cycles/${cycleId}/duplicates`;

async function detect(): Promise<DuplicateDetectionDto> {
  const response = await staff.request('POST', `${url()}/detect`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function groups(query = '', client = staff): Promise<DuplicateGroupDto[]> {
  const response = await client.request('GET', `${url()}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function decide(linkId: number, decision: string) {
  return staff.request('POST', `${url()}/${linkId}/decision`, { decision });
}

async function ids() {
  const questions = await listActiveQuestionTexts(app.db, cycleId);
  return new Map(questions.map((q) => [q.text, q.id]));
}

describe('duplicates', () => {
  it('proposes each repeat as a duplicate of the earliest question of its group', async () => {
    expect(await detect()).toEqual({ questionCount: 5, found: 2, added: 2, proposed: 2, confirmed: 0, rejected: 0 });
    const byText = await ids();
    const found = await groups('?status=proposed');
    expect(found.map((g) => [g.original.id, g.members.map((m) => m.id)])).toEqual([
      [byText.get(QUESTIONS[0]!), [byText.get(QUESTIONS[2]!)]],
      [byText.get(QUESTIONS[1]!), [byText.get(QUESTIONS[4]!)]]
    ]);
    const member = found[0]!.members[0]!;
    expect(member).toMatchObject({ status: 'proposed', exact: false, decidedAt: null });
    expect(member.similarity).toBeGreaterThan(0.5);
    expect(member.similarity).toBeLessThanOrEqual(1);
    // A second detection adds nothing new.
    expect(await detect()).toMatchObject({ found: 2, added: 0, proposed: 2 });
  });

  it('counts a confirmed duplicate once in its theme and keeps it listed; undo restores the count', async () => {
    await detect();
    const byText = await ids();
    await replaceThemes(app.db, cycleId, null, [
      {
        name: 'Pesten en lezen',
        keywords: [],
        questionIds: [...byText.values()],
        representativeQuestionIds: []
      }
    ]);
    const themes = async () => {
      const response = await staff.request('GET', `/api/cycles/${cycleId}/themes`);
      expect(response.statusCode).toBe(200);
      return (response.json() as ThemeDto[]).map((theme) => [theme.questionCount, theme.duplicates]);
    };
    expect(await themes()).toEqual([[5, 0]]);

    const link = (await groups())[0]!.members[0]!;
    const confirmed = await decide(link.linkId, 'confirmed');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ linkId: link.linkId, status: 'confirmed', text: QUESTIONS[2] });
    expect(await themes()).toEqual([[4, 1]]);
    expect((await groups('?status=confirmed'))[0]!.members.map((m) => m.id)).toEqual([link.id]);
    // The question itself stays in the inventory.
    expect((await ids()).has(QUESTIONS[2]!)).toBe(true);

    // Confirmed links survive a new detection untouched.
    expect(await detect()).toMatchObject({ proposed: 1, confirmed: 1 });

    const undone = await decide(link.linkId, 'proposed');
    expect(undone.json()).toMatchObject({ status: 'proposed', decidedAt: null });
    expect(await themes()).toEqual([[5, 0]]);

    const audit = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'duplicate_link')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['duplicate.confirm', 'duplicate.undo']);
  });

  it('never proposes a rejected pair again', async () => {
    await detect();
    const link = (await groups())[1]!.members[0]!;
    expect((await decide(link.linkId, 'rejected')).statusCode).toBe(200);
    expect(await detect()).toMatchObject({ found: 2, added: 0, proposed: 1, rejected: 1 });
    expect((await groups('?status=proposed')).flatMap((g) => g.members.map((m) => m.id))).not.toContain(link.id);
    expect((await groups('?status=rejected'))[0]!.members[0]).toMatchObject({ id: link.id, status: 'rejected' });
  });

  it('answers 404 for an unknown link or cycle and 400 for an unknown decision', async () => {
    await detect();
    expect((await decide(999_999, 'confirmed')).json().error.code).toBe('not_found');
    expect((await staff.request('POST', `/api/cycles/999999/duplicates/detect`)).statusCode).toBe(404);
    expect((await staff.request('GET', `/api/cycles/999999/duplicates`)).statusCode).toBe(404);
    const link = (await groups())[0]!.members[0]!;
    expect((await decide(link.linkId, 'maybe')).statusCode).toBe(400);
    const other = (await insertCycle(app.db, { name: 'Andere', startsOn: '2027-09-01', endsOn: '2030-08-31' })).id;
    const response = await staff.request('POST', `/api/cycles/${other}/duplicates/${link.linkId}/decision`, {
      decision: 'confirmed'
    });
    expect(response.statusCode).toBe(404);
  });

  it('lets the director read and refuses committee members', async () => {
    await detect();
    const director = await loginAs(app, 'director');
    expect(await groups('', director)).toHaveLength(2);
    const link = (await groups())[0]!.members[0]!;
    const byDirector = await director.request('POST', `${url()}/${link.linkId}/decision`, { decision: 'confirmed' });
    expect(byDirector.statusCode).toBe(403);
    const committee = await loginAs(app, 'committee');
    expect((await committee.request('GET', url())).statusCode).toBe(403);
    expect((await committee.request('POST', `${url()}/detect`)).statusCode).toBe(403);
  });
});
