import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BallotDto, MemberFeedbackDto, RoundFeedbackDto } from '../shared/schemas.js';
import {
  type BallotFixture,
  ballotFixture,
  closeTestRound,
  type FixtureMember,
  insertTestRound
} from './testing/ballot-fixture.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let f: BallotFixture;
let roundId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  f = await ballotFixture(app);
  roundId = (
    await insertTestRound(app.db, {
      cycleId: f.cycleId,
      name: 'Concretisering',
      kind: 'feedback',
      themeIds: [f.themes.rekenen, f.themes.pesten, f.themes.lezen],
      committeeIds: [f.committees.user, f.committees.scientific]
    })
  ).id;
});

afterEach(async () => {
  await t.close();
});

const add = (m: FixtureMember, themeId: number, category: string, text: string, round = roundId) =>
  m.client.request('POST', `/api/rounds/${round}/feedback`, { themeId, category, text });

const errorCode = (response: { json(): { error: { code: string } } }) => response.json().error.code;

const staffView = async (): Promise<RoundFeedbackDto> => {
  const response = await f.staff.request('GET', `/api/cycles/${f.cycleId}/rounds/${roundId}/feedback`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('feedback rounds: members', () => {
  it('add feedback per theme in the four categories, and see only their own on the ballot', async () => {
    const a = f.members.a;
    for (const [category, text] of [
      ['gaps', 'Het thema mist de eerste graad secundair.'],
      ['literature', 'Zie de meta-analyse van Dietrichson e.a. (2017).'],
      ['naming', 'Noem het liever "Wiskundeonderwijs".'],
      ['fit', 'Past binnen de opdracht: gaat over de klaspraktijk.']
    ]) {
      const response = await add(a, f.themes.rekenen, category!, text!);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ category, text, handledAt: null });
    }
    await add(f.members.b, f.themes.rekenen, 'gaps', 'Van een ander lid');

    const ballot: BallotDto = (await a.client.request('GET', `/api/rounds/${roundId}/ballot`)).json();
    expect(ballot.round.kind).toBe('feedback');
    expect(ballot.declaration).toBeNull();
    const rekenen = ballot.themes.find((th) => th.id === f.themes.rekenen)!;
    expect(rekenen.feedback.map((i) => i.category)).toEqual(['gaps', 'literature', 'naming', 'fit']);
    expect(JSON.stringify(ballot)).not.toContain('Van een ander lid');
    expect(ballot.round.progress).toEqual({ done: 1, total: 3 });
  });

  it('edit and delete their own feedback while the round is open, and only their own', async () => {
    const a = f.members.a;
    const item: MemberFeedbackDto = (await add(a, f.themes.lezen, 'gaps', 'Eerste versie')).json();
    const edited = await a.client.request('PUT', `/api/feedback/${item.id}`, {
      category: 'naming',
      text: 'Tweede versie'
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ id: item.id, category: 'naming', text: 'Tweede versie' });

    const other = await f.members.b.client.request('PUT', `/api/feedback/${item.id}`, { category: 'gaps', text: 'x' });
    expect(other.statusCode).toBe(403);
    expect(errorCode(other)).toBe('not_own_feedback');
    expect((await f.members.b.client.request('DELETE', `/api/feedback/${item.id}`)).statusCode).toBe(403);

    expect((await a.client.request('DELETE', `/api/feedback/${item.id}`)).statusCode).toBe(200);
    expect((await a.client.request('DELETE', `/api/feedback/${item.id}`)).statusCode).toBe(404);

    const kept: MemberFeedbackDto = (await add(a, f.themes.lezen, 'fit', 'Blijft staan')).json();
    await closeTestRound(app.db, roundId);
    const late = await a.client.request('PUT', `/api/feedback/${kept.id}`, { category: 'fit', text: 'Te laat' });
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('round_not_open');
    expect(errorCode(await add(a, f.themes.lezen, 'fit', 'Te laat'))).toBe('round_not_open');

    const rows = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'theme_feedback')
      .orderBy('id')
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(['feedback.create', 'feedback.update', 'feedback.delete', 'feedback.create']);
  });

  it.each([
    { description: 'empty text', body: { text: '   ' }, status: 400, code: 'feedback_empty' },
    { description: 'an unknown category', body: { category: 'other' }, status: 400, code: 'validation' },
    { description: 'a theme outside the round', body: { themeId: 999999 }, status: 400, code: 'unknown_theme' }
  ])('refuses $description', async ({ body, status, code }) => {
    const response = await f.members.a.client.request('POST', `/api/rounds/${roundId}/feedback`, {
      themeId: f.themes.lezen,
      category: 'gaps',
      text: 'Tekst',
      ...body
    });
    expect(response.statusCode).toBe(status);
    expect(errorCode(response)).toBe(code);
  });

  it('refuses observers, outsiders, and rating rounds', async () => {
    expect(errorCode(await add(f.observer, f.themes.lezen, 'gaps', 'x'))).toBe('observer_cannot_rate');
    expect(errorCode(await add(f.outsider, f.themes.lezen, 'gaps', 'x'))).toBe('not_round_member');
    const rating = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: [f.themes.lezen],
      committeeIds: [f.committees.user]
    });
    const refused = await add(f.members.a, f.themes.lezen, 'gaps', 'x', rating.id);
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('not_feedback_round');
    // And a feedback round takes no scores.
    const score = await f.members.a.client.request('PUT', `/api/rounds/${roundId}/scores`, {
      themeId: f.themes.lezen,
      value: 3
    });
    expect(errorCode(score)).toBe('no_scores_in_feedback_round');
  });

  it('lets a member submit a feedback round', async () => {
    const response = await f.members.a.client.request('POST', `/api/rounds/${roundId}/submit`);
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('feedback rounds: staff', () => {
  it('read the feedback per theme and category, with counts, and mark items handled (audited)', async () => {
    await add(f.members.a, f.themes.rekenen, 'literature', 'Zie Hattie.');
    await add(f.members.c, f.themes.rekenen, 'gaps', 'Mist het kleuteronderwijs.');
    const naming: MemberFeedbackDto = (
      await add(f.members.b, f.themes.lezen, 'naming', 'Noem het Leesonderwijs.')
    ).json();

    const view = await staffView();
    expect(view.round).toMatchObject({ id: roundId, name: 'Concretisering', kind: 'feedback' });
    expect(view.themes.map((th) => [th.name, th.counts, th.unhandled])).toEqual([
      ['Lezen', { gaps: 0, literature: 0, naming: 1, fit: 0 }, 1],
      ['Pesten', { gaps: 0, literature: 0, naming: 0, fit: 0 }, 0],
      ['Rekenen', { gaps: 1, literature: 1, naming: 0, fit: 0 }, 2]
    ]);
    const rekenen = view.themes.find((th) => th.themeId === f.themes.rekenen)!;
    expect(rekenen.items.map((i) => [i.category, i.authorName])).toEqual([
      ['gaps', `committee ${f.members.c.email}`],
      ['literature', `committee ${f.members.a.email}`]
    ]);

    const mark = (handled: boolean, client = f.staff) =>
      client.request('PUT', `/api/feedback/${naming.id}/handled`, { handled });
    const handled = await mark(true);
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json().handledAt).not.toBeNull();
    const lezen = (await staffView()).themes.find((th) => th.themeId === f.themes.lezen)!;
    expect(lezen.unhandled).toBe(0);
    expect(lezen.items[0]!.handledByName).toMatch(/^staff /);
    expect((await mark(false)).json().handledAt).toBeNull();

    expect((await mark(true, f.director)).statusCode).toBe(403);
    expect((await mark(true, f.members.a.client)).statusCode).toBe(403);
    expect((await f.director.request('GET', `/api/cycles/${f.cycleId}/rounds/${roundId}/feedback`)).statusCode).toBe(
      200
    );
    expect(
      (await f.members.a.client.request('GET', `/api/cycles/${f.cycleId}/rounds/${roundId}/feedback`)).statusCode
    ).toBe(403);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity', '=', 'theme_feedback')
      .where('action', 'like', 'feedback.%handle')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['feedback.handle', 'feedback.unhandle']);
  });

  it('answer 404 for a round of another cycle', async () => {
    const response = await f.staff.request('GET', `/api/cycles/${f.cycleId + 1}/rounds/${roundId}/feedback`);
    expect(response.statusCode).toBe(404);
  });
});
