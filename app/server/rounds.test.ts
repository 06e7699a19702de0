import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCommitteeMember, insertCommittee, insertCycle } from '../../db/queries/cycles.js';
import { CRITERION_PRESETS } from '../shared/round-setup.js';
import type { RankingDto, RoundDetailDto, RoundDto, RoundMonitorDto, RoundSummaryDto } from '../shared/schemas.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let cycleId: number;
let staff: Client;
let director: Client;
let member: Client;
let themeIds: number[];
let committees: { scientific: number; user: number };
/** Rating members by name: s1 (chair), s2, s3 in the scientific committee, u1, u2 in the user committee. */
let users: Record<'s1' | 's2' | 's3' | 'o1' | 'u1' | 'u2', number>;

const THEMES = ['Begrijpend lezen', 'Cyberpesten', 'Dyscalculie', 'Huiswerk', 'Nieuwkomers'];

async function userId(email: string): Promise<number> {
  return (await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (
    await insertCycle(app.db, { name: 'Kennisagenda 2024–2027', startsOn: '2024-09-01', endsOn: '2027-08-31' })
  ).id;
  themeIds = [];
  for (const name of THEMES) {
    const { id } = await app.db
      .insertInto('themes')
      .values({ cycle_id: cycleId, name, description: `Over ${name.toLowerCase()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    themeIds.push(id);
  }
  committees = {
    scientific: await insertCommittee(app.db, {
      cycleId,
      kind: 'scientific',
      name: 'Wetenschappelijke commissie',
      maxMembers: 10
    }),
    user: await insertCommittee(app.db, { cycleId, kind: 'user', name: 'Gebruikerscommissie', maxMembers: 20 })
  };
  staff = await loginAs(app, 'staff');
  director = await loginAs(app, 'director');
  member = await loginAs(app, 'committee', 's1@test.be');
  const seats = [
    ['s1', 'scientific', 'chair'],
    ['s2', 'scientific', 'member'],
    ['s3', 'scientific', 'member'],
    ['o1', 'scientific', 'observer'],
    ['u1', 'user', 'member'],
    ['u2', 'user', 'member']
  ] as const;
  users = {} as typeof users;
  for (const [name, committee, membership] of seats) {
    // Only s1 logs in; the others need no password.
    if (name === 's1') {
      users[name] = await userId('s1@test.be');
      await app.db.updateTable('users').set({ name: 'Lid s1' }).where('id', '=', users[name]).execute();
    } else {
      const { id } = await app.db
        .insertInto('users')
        .values({ email: `${name}@test.be`, name: `Lid ${name}`, role: 'committee', password_hash: 'none' })
        .returning('id')
        .executeTakeFirstOrThrow();
      users[name] = id;
    }
    await addCommitteeMember(app.db, { committeeId: committees[committee], userId: users[name], membership });
  }
});

afterEach(async () => {
  await t.close();
});

const roundsUrl = () => `/api/cycles/${cycleId}/rounds`;

async function create(body: Record<string, unknown>, client: Client = staff): Promise<RoundDto> {
  const response = await client.request('POST', roundsUrl(), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function detail(roundId: number, client: Client = staff): Promise<RoundDetailDto> {
  const response = await client.request('GET', `/api/rounds/${roundId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function close(roundId: number) {
  const response = await staff.request('POST', `/api/rounds/${roundId}/close`);
  expect(response.statusCode, response.body).toBe(200);
}

/** Scores go straight into the database: these tests are about what staff see, not the rules of rating. */
async function score(
  roundId: number,
  user: number,
  themeId: number,
  criterionId: number,
  value: number | 'weet ik niet',
  reason: string | null = null,
  at = new Date('2026-12-04T10:00:00Z')
) {
  await app.db
    .insertInto('scores')
    .values({
      round_id: roundId,
      user_id: user,
      theme_id: themeId,
      criterion_id: criterionId,
      value: value === 'weet ik niet' ? null : value,
      dont_know: value === 'weet ik niet',
      reason,
      updated_at: at
    })
    .execute();
}

async function auditActions(): Promise<string[]> {
  return (await app.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('setting up a round', () => {
  it('opens a round with the defaults: all themes and committees, 1–5, one criterion, blind, the consensus rule', async () => {
    const round = await create({ name: 'Ronde 1' });
    expect(round).toMatchObject({
      name: 'Ronde 1',
      kind: 'rating',
      scaleKind: 'scale',
      scaleMin: 1,
      scaleMax: 5,
      rankTopN: null,
      status: 'open',
      blind: true,
      previousRoundId: null,
      consensus: { topShare: 0.7, maxIqr: 1 },
      themeCount: 5,
      committeeIds: [committees.scientific, committees.user].sort((a, b) => a - b)
    });
    expect(round.openedAt).not.toBeNull();
    const full = await detail(round.id);
    expect(full.criteria).toEqual([expect.objectContaining({ name: 'Prioriteit', weight: 1 })]);
    expect(full.themes.map((th) => th.name)).toEqual(THEMES);
    expect(await auditActions()).toContain('round.open');
  });

  it('keeps the criteria staff edited from the presets, in their order, with their weights', async () => {
    const criteria = [
      { ...CRITERION_PRESETS[1]!, weight: 2 },
      { ...CRITERION_PRESETS[0]!, weight: 1.5 },
      { name: '  Haalbaarheid  ', description: 'Kan het kenniscentrum dit binnen twee jaar uitwerken?', weight: 0.5 }
    ];
    const round = await create({
      name: 'Ronde met criteria',
      scaleMax: 9,
      criteria,
      themeIds: themeIds.slice(0, 3),
      committeeIds: [committees.scientific],
      description: 'Eerste ronde van de prioritering.',
      blind: false
    });
    expect(round).toMatchObject({ scaleMax: 9, blind: false, themeCount: 3, committeeIds: [committees.scientific] });
    const full = await detail(round.id);
    expect(full.description).toBe('Eerste ronde van de prioritering.');
    expect(full.criteria.map(({ name, weight }) => [name, weight])).toEqual([
      ['Urgentie', 2],
      ['Relevantie voor de klaspraktijk', 1.5],
      ['Haalbaarheid', 0.5]
    ]);
    expect(full.criteria[0]!.description).toBe(CRITERION_PRESETS[1]!.description);
  });

  it('offers six presets from research-priority practice, each with a one-line description', () => {
    expect(CRITERION_PRESETS.map((c) => c.name)).toEqual([
      'Relevantie voor de klaspraktijk',
      'Urgentie',
      'Omvang van de doelgroep',
      'Verwachte leerwinst',
      'Beschikbaarheid van wetenschappelijke kennis',
      'Past binnen de opdracht van het kenniscentrum'
    ]);
    for (const c of CRITERION_PRESETS) {
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.description).not.toContain('\n');
      expect(c.weight).toBeGreaterThan(0);
    }
  });

  it('sets up a ranking of a top N on one criterion: the scale runs 1..N, without a consensus rule', async () => {
    const round = await create({ name: 'Top 3', scaleKind: 'ranking', rankTopN: 3 });
    expect(round).toMatchObject({ scaleKind: 'ranking', scaleMin: 1, scaleMax: 3, rankTopN: 3, consensus: null });
    expect((await detail(round.id)).criteria).toHaveLength(1);
  });

  it('sets up a feedback round with themes and committees but no criteria', async () => {
    const round = await create({ name: 'Feedback', kind: 'feedback', themeIds: themeIds.slice(0, 2) });
    expect(round).toMatchObject({ kind: 'feedback', themeCount: 2, consensus: null, previousRoundId: null });
    expect((await detail(round.id)).criteria).toEqual([]);
  });

  it('stores the planned dates', async () => {
    const opensAt = new Date(Date.now() + 86_400_000).toISOString();
    const closesAt = inAWeek();
    const round = await create({ name: 'Gepland', opensAt, closesAt, status: 'draft' });
    expect(new Date(round.opensAt!).toISOString()).toBe(opensAt);
    expect(new Date(round.closesAt!).toISOString()).toBe(closesAt);
  });

  const past = '2020-01-01T10:00:00.000Z';
  it.each([
    { description: 'a blank name', body: { name: '   ' }, code: 'name_required' },
    { description: 'a scale of 1–7', body: { scaleMax: 7 }, code: 'invalid_scale' },
    { description: 'no criteria', body: { criteria: [] }, code: 'no_criteria' },
    { description: 'a criterion without a name', body: { criteria: [{ name: ' ' }] }, code: 'criterion_name_required' },
    { description: 'a weight of 0', body: { criteria: [{ name: 'Urgentie', weight: 0 }] }, code: 'invalid_weight' },
    {
      description: 'a negative weight',
      body: { criteria: [{ name: 'Urgentie', weight: -1 }] },
      code: 'invalid_weight'
    },
    {
      description: 'a weight over 100',
      body: { criteria: [{ name: 'Urgentie', weight: 101 }] },
      code: 'invalid_weight'
    },
    {
      description: 'two criteria with the same name',
      body: { criteria: [{ name: 'Urgentie' }, { name: 'urgentie ' }] },
      code: 'duplicate_criterion'
    },
    {
      description: 'eleven criteria',
      body: { criteria: Array.from({ length: 11 }, (_, i) => ({ name: `Criterium ${i + 1}` })) },
      code: 'too_many_criteria'
    },
    { description: 'a ranking without N', body: { scaleKind: 'ranking' }, code: 'rank_top_n_required' },
    { description: 'a ranking of a top 1', body: { scaleKind: 'ranking', rankTopN: 1 }, code: 'invalid_rank_top_n' },
    {
      description: 'a top N larger than the themes',
      body: { scaleKind: 'ranking', rankTopN: 3, themeIds: 'first two' },
      code: 'rank_top_n_too_large'
    },
    {
      description: 'a ranking on two criteria',
      body: { scaleKind: 'ranking', rankTopN: 3, criteria: [{ name: 'Urgentie' }, { name: 'Relevantie' }] },
      code: 'ranking_one_criterion'
    },
    {
      description: 'a ranking with a scale',
      body: { scaleKind: 'ranking', rankTopN: 3, scaleMax: 5 },
      code: 'scale_for_ranking'
    },
    {
      description: 'a ranking with a consensus rule',
      body: { scaleKind: 'ranking', rankTopN: 3, consensus: { topShare: 0.7, maxIqr: 1 } },
      code: 'consensus_needs_scale'
    },
    { description: 'a top N on a scale', body: { rankTopN: 3 }, code: 'rank_top_n_for_scale' },
    {
      description: 'a feedback round with criteria',
      body: { kind: 'feedback', criteria: [{ name: 'X' }] },
      code: 'feedback_no_scale'
    },
    {
      description: 'a feedback round with a scale',
      body: { kind: 'feedback', scaleMax: 5 },
      code: 'feedback_no_scale'
    },
    { description: 'no themes', body: { themeIds: [] }, code: 'no_themes' },
    { description: 'a theme of no cycle', body: { themeIds: [999999] }, code: 'unknown_theme' },
    { description: 'no committees', body: { committeeIds: [] }, code: 'no_committees' },
    { description: 'a committee of no cycle', body: { committeeIds: [999999] }, code: 'unknown_committee' },
    {
      description: 'a close before the opening',
      body: { opensAt: inAWeek(), closesAt: new Date(Date.now() + 86_400_000).toISOString(), status: 'draft' },
      code: 'closes_before_opens'
    },
    { description: 'a close in the past', body: { closesAt: past }, code: 'closes_in_past' },
    { description: 'a close that is no date', body: { closesAt: 'volgende week' }, code: 'validation' },
    {
      description: 'a consensus share over 100 %',
      body: { consensus: { topShare: 1.5, maxIqr: 1 } },
      code: 'invalid_consensus'
    },
    { description: 'a negative IQR', body: { consensus: { topShare: 0.7, maxIqr: -1 } }, code: 'invalid_consensus' },
    {
      description: 'an IQR wider than the scale',
      body: { consensus: { topShare: 0.7, maxIqr: 5 } },
      code: 'invalid_consensus'
    }
  ])('refuses $description with a 400 $code and stores nothing', async ({ body, code }) => {
    const payload = { name: 'Ronde', ...body } as Record<string, unknown>;
    if (payload.themeIds === 'first two') payload.themeIds = themeIds.slice(0, 2);
    const response = await staff.request('POST', roundsUrl(), payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe(code);
    expect((await staff.request('GET', roundsUrl())).json()).toEqual([]);
  });

  it('refuses a round for a cycle without themes', async () => {
    await app.db.deleteFrom('themes').execute();
    const response = await staff.request('POST', roundsUrl(), { name: 'Ronde' });
    expect(response.json().error.code).toBe('no_themes');
  });

  it.each([{ role: 'director' as const }, { role: 'committee' as const }])(
    'refuses $role a 403 for every change',
    async ({ role }) => {
      const round = await create({ name: 'Ontwerp', status: 'draft' });
      const client = role === 'committee' ? member : director;
      for (const [method, url, body] of [
        ['POST', roundsUrl(), { name: 'X' }],
        ['PUT', `/api/rounds/${round.id}`, { name: 'X' }],
        ['POST', `/api/rounds/${round.id}/open`, undefined],
        ['POST', `/api/rounds/${round.id}/close`, undefined],
        ['DELETE', `/api/rounds/${round.id}`, undefined],
        ['GET', `/api/rounds/${round.id}/scores.csv`, undefined]
      ] as const) {
        const response = await client.request(method, url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
      expect((await detail(round.id)).name).toBe('Ontwerp');
    }
  );

  it('sends anonymous callers a 401', async () => {
    const response = await app.inject({ method: 'GET', url: roundsUrl() });
    expect(response.statusCode).toBe(401);
  });
});

describe('drafts', () => {
  it('saves a draft, edits it, opens it later; then its setup is fixed', async () => {
    const draft = await create({ name: 'Ontwerp', status: 'draft', criteria: [{ name: 'Urgentie' }] });
    expect(draft).toMatchObject({ status: 'draft', openedAt: null });

    const edited = await staff.request('PUT', `/api/rounds/${draft.id}`, {
      name: 'Ronde najaar',
      scaleMax: 9,
      criteria: [
        { name: 'Urgentie', weight: 2 },
        { name: 'Verwachte leerwinst', description: 'Winst voor leerlingen', weight: 1 }
      ],
      themeIds: themeIds.slice(1, 4),
      committeeIds: [committees.user],
      status: 'draft'
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Ronde najaar', status: 'draft', scaleMax: 9, themeCount: 3 });
    const full = await detail(draft.id);
    expect(full.criteria.map((c) => c.name)).toEqual(['Urgentie', 'Verwachte leerwinst']);
    expect(full.themes.map((th) => th.id).sort()).toEqual(themeIds.slice(1, 4).sort());
    expect(full.committeeIds).toEqual([committees.user]);

    const invalid = await staff.request('PUT', `/api/rounds/${draft.id}`, { name: 'X', scaleMax: 4 });
    expect(invalid.json().error.code).toBe('invalid_scale');
    expect((await detail(draft.id)).name).toBe('Ronde najaar');

    const closing = await staff.request('POST', `/api/rounds/${draft.id}/close`);
    expect([closing.statusCode, closing.json().error.code]).toEqual([409, 'round_draft']);

    const opened = await staff.request('POST', `/api/rounds/${draft.id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().status).toBe('open');
    expect(opened.json().openedAt).not.toBeNull();

    for (const [method, url, body] of [
      ['PUT', `/api/rounds/${draft.id}`, { name: 'Later' }],
      ['POST', `/api/rounds/${draft.id}/open`, undefined]
    ] as const) {
      const response = await staff.request(method, url, body);
      expect([response.statusCode, response.json().error.code]).toEqual([409, 'round_not_draft']);
    }
    expect(await auditActions()).toEqual(['round.create', 'round.update', 'round.open']);
  });

  it('saves and opens a draft in one step', async () => {
    const draft = await create({ name: 'Ontwerp', status: 'draft' });
    const response = await staff.request('PUT', `/api/rounds/${draft.id}`, { name: 'Ronde', status: 'open' });
    expect(response.json()).toMatchObject({ name: 'Ronde', status: 'open' });
    expect(await auditActions()).toEqual(['round.create', 'round.update', 'round.open']);
  });

  it('will not open a draft whose planned close has passed', async () => {
    const draft = await create({ name: 'Ontwerp', status: 'draft', closesAt: inAWeek() });
    await app.db
      .updateTable('rating_rounds')
      .set({ closes_at: new Date('2021-01-01') })
      .where('id', '=', draft.id)
      .execute();
    const response = await staff.request('POST', `/api/rounds/${draft.id}/open`);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'closes_in_past']);
  });

  it('deletes a round nobody answered in, and keeps one with answers or a follow-up', async () => {
    const draft = await create({ name: 'Ontwerp', status: 'draft' });
    expect((await staff.request('DELETE', `/api/rounds/${draft.id}`)).statusCode).toBe(200);
    expect((await staff.request('GET', `/api/rounds/${draft.id}`)).statusCode).toBe(404);
    expect(await auditActions()).toContain('round.delete');

    const answered = await create({ name: 'Met scores' });
    const [criterion] = (await detail(answered.id)).criteria;
    await score(answered.id, users.s1, themeIds[0]!, criterion!.id, 4);
    const refused = await staff.request('DELETE', `/api/rounds/${answered.id}`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'round_has_answers']);

    const first = await create({ name: 'Eerste' });
    await close(first.id);
    await create({ name: 'Vervolg', previousRoundId: first.id });
    const followed = await staff.request('DELETE', `/api/rounds/${first.id}`);
    expect([followed.statusCode, followed.json().error.code]).toEqual([409, 'round_followed']);
  });
});

/** Round 1 on 1–5 with relevance (weight 2) and urgency (weight 1), scored by five members on three themes. */
async function scoredRound() {
  const round = await create({
    name: 'Ronde 1',
    criteria: [
      { name: 'Relevantie', weight: 2 },
      { name: 'Urgentie', weight: 1 }
    ],
    themeIds: themeIds.slice(0, 3)
  });
  const [relevance, urgency] = (await detail(round.id)).criteria.map((c) => c.id) as [number, number];
  const raters = [users.s1, users.s2, users.s3, users.u1, users.u2];
  const [t1, t2] = themeIds as [number, number];
  const table: [number, number, (number | 'weet ik niet')[]][] = [
    [t1, relevance, [5, 4, 5, 5, 4]],
    [t1, urgency, [4, 4, 5, 5, 4]],
    [t2, relevance, [5, 5, 5, 5, 'weet ik niet']],
    [t2, urgency, [1, 5, 5, 5, 1]]
  ];
  for (const [theme, criterion, values] of table) {
    for (const [i, value] of values.entries()) await score(round.id, raters[i]!, theme, criterion, value);
  }
  return { round, relevance, urgency };
}

describe('Delphi: summary and follow-up rounds', () => {
  it('summarises each theme × criterion with type-7 quartiles; a theme meets consensus on every criterion', async () => {
    const { round, relevance, urgency } = await scoredRound();
    const response = await staff.request('GET', `/api/rounds/${round.id}/summary`);
    expect(response.statusCode, response.body).toBe(200);
    const summary: RoundSummaryDto = response.json();
    expect(summary.rule).toEqual({ topShare: 0.7, maxIqr: 1 });
    expect(summary.criteria.map((c) => c.id)).toEqual([relevance, urgency]);
    const [t1, t2, t3] = summary.themes;
    // R: quantile(c(4,4,5,5,5), c(.25,.5,.75)) = 4 5 5
    expect(t1).toMatchObject({ themeId: themeIds[0], consensus: true });
    expect(t1!.criteria).toEqual([
      { criterionId: relevance, n: 5, median: 5, q1: 4, q3: 5, iqr: 1, topShare: 1, consensus: true },
      { criterionId: urgency, n: 5, median: 4, q1: 4, q3: 5, iqr: 1, topShare: 1, consensus: true }
    ]);
    // "Weet ik niet" is no score: n = 4. R: quantile(c(1,1,5,5,5)) → q1 1, median 5, q3 5.
    expect(t2).toMatchObject({ themeId: themeIds[1], consensus: false });
    expect(t2!.criteria).toEqual([
      { criterionId: relevance, n: 4, median: 5, q1: 5, q3: 5, iqr: 0, topShare: 1, consensus: true },
      { criterionId: urgency, n: 5, median: 5, q1: 1, q3: 5, iqr: 4, topShare: 0.6, consensus: false }
    ]);
    expect(t3).toMatchObject({ themeId: themeIds[2], consensus: false });
    expect(t3!.criteria[0]).toMatchObject({ n: 0, median: null, iqr: null, consensus: false });

    // Another rule, as staff try one while setting up round 2.
    const looser: RoundSummaryDto = (
      await staff.request('GET', `/api/rounds/${round.id}/summary?topShare=0.6&maxIqr=4`)
    ).json();
    expect(looser.rule).toEqual({ topShare: 0.6, maxIqr: 4 });
    expect(looser.themes.map((th) => th.consensus)).toEqual([true, true, false]);
    const half = await staff.request('GET', `/api/rounds/${round.id}/summary?topShare=0.6`);
    expect([half.statusCode, half.json().error.code]).toEqual([400, 'invalid_consensus']);
  });

  it('shows the director the summary only once the round is closed, and committee members never here', async () => {
    const { round } = await scoredRound();
    const early = await director.request('GET', `/api/rounds/${round.id}/summary`);
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'round_open']);
    expect((await member.request('GET', `/api/rounds/${round.id}/summary`)).statusCode).toBe(403);
    await close(round.id);
    expect((await director.request('GET', `/api/rounds/${round.id}/summary`)).statusCode).toBe(200);
  });

  it('lets a round follow a closed rating round on the same scale, with its own consensus rule', async () => {
    const nine = await create({ name: 'Ronde 1 (1–9)', scaleMax: 9 });
    const open = await create({ name: 'Nog open' });
    const feedback = await create({ name: 'Feedback', kind: 'feedback' });
    const ranked = await create({ name: 'Top 3', scaleKind: 'ranking', rankTopN: 3 });
    for (const round of [nine, feedback, ranked]) await close(round.id);

    const refusals: [Record<string, unknown>, string][] = [
      [{ previousRoundId: open.id }, 'previous_not_closed'],
      [{ previousRoundId: feedback.id }, 'previous_not_rating'],
      [{ previousRoundId: ranked.id }, 'delphi_needs_scale'],
      [{ previousRoundId: nine.id, scaleMax: 5 }, 'previous_scale_differs'],
      [{ previousRoundId: 999999 }, 'unknown_previous_round'],
      [{ previousRoundId: nine.id, scaleKind: 'ranking', rankTopN: 3 }, 'delphi_needs_scale']
    ];
    for (const [body, code] of refusals) {
      const response = await staff.request('POST', roundsUrl(), { name: 'Ronde 2', ...body });
      expect([response.statusCode, response.json().error.code], code).toEqual([400, code]);
    }

    const other = await insertCycle(app.db, { name: 'Andere', startsOn: '2021-09-01', endsOn: '2024-08-31' });
    await app.db.updateTable('rating_rounds').set({ cycle_id: other.id }).where('id', '=', open.id).execute();
    await app.db.updateTable('rating_rounds').set({ status: 'closed' }).where('id', '=', open.id).execute();
    const elsewhere = await staff.request('POST', roundsUrl(), { name: 'Ronde 2', previousRoundId: open.id });
    expect(elsewhere.json().error.code).toBe('unknown_previous_round');

    // The scale follows the earlier round when staff do not name one.
    const second = await create({
      name: 'Ronde 2',
      previousRoundId: nine.id,
      consensus: { topShare: 0.8, maxIqr: 2 },
      themeIds: themeIds.slice(1)
    });
    expect(second).toMatchObject({
      previousRoundId: nine.id,
      scaleMax: 9,
      consensus: { topShare: 0.8, maxIqr: 2 },
      themeCount: 4
    });
    expect((await detail(second.id)).previousRoundName).toBe('Ronde 1 (1–9)');
  });
});

describe('ranking', () => {
  it('ranks a scale round by the weighted mean of the criteria means, leaving "weet ik niet" out', async () => {
    const { round } = await scoredRound();
    await close(round.id);
    const result: RankingDto = (await director.request('GET', `/api/rounds/${round.id}/ranking`)).json();
    expect(result.method).toBe('mean');
    // Theme 1: (2 · 4.6 + 1 · 4.4) / 3; theme 2: (2 · 5 + 1 · 3.4) / 3; theme 3: nobody scored.
    expect(result.themes.map((th) => [th.rank, th.themeId, th.raters])).toEqual([
      [1, themeIds[0], 5],
      [2, themeIds[1], 5],
      [3, themeIds[2], 0]
    ]);
    expect(result.themes[0]!.mean).toBeCloseTo(13.6 / 3, 10);
    expect(result.themes[1]!.mean).toBeCloseTo(13.4 / 3, 10);
    expect(result.themes[2]!.mean).toBeNull();
    const csv = (await director.request('GET', `/api/rounds/${round.id}/ranking.csv`)).body.replace('\uFEFF', '');
    expect(csv.split('\r\n')).toEqual([
      'rank,theme_id,theme,mean_score,raters',
      `1,${themeIds[0]},Begrijpend lezen,4.53,5`,
      `2,${themeIds[1]},Cyberpesten,4.47,5`,
      `3,${themeIds[2]},Dyscalculie,,0`
    ]);
  });

  it('ranks a ranking round by Borda points (N + 1 − rank, summed); equal points share a rank', async () => {
    const round = await create({ name: 'Top 3', scaleKind: 'ranking', rankTopN: 3 });
    const [criterion] = (await detail(round.id)).criteria;
    const [t1, t2, t3, t4, t5] = themeIds as [number, number, number, number, number];
    const ranks: [number, number, number][] = [
      [users.s1, t1, 1],
      [users.s1, t2, 2],
      [users.s1, t3, 3],
      [users.s2, t2, 1],
      [users.s2, t1, 2],
      [users.s2, t4, 3],
      [users.s3, t2, 1],
      [users.s3, t3, 2],
      [users.s3, t1, 3],
      [users.u1, t4, 2]
    ];
    for (const [user, theme, rank] of ranks) await score(round.id, user, theme, criterion!.id, rank);
    await close(round.id);
    const result: RankingDto = (await director.request('GET', `/api/rounds/${round.id}/ranking`)).json();
    expect(result.method).toBe('borda');
    expect(result.themes.map((th) => [th.rank, th.themeId, th.points, th.raters, th.mean])).toEqual([
      [1, t2, 8, 3, null],
      [2, t1, 6, 3, null],
      [3, t3, 3, 2, null],
      [3, t4, 3, 2, null],
      [5, t5, 0, 0, null]
    ]);
    const csv = (await director.request('GET', `/api/rounds/${round.id}/ranking.csv`)).body.replace('\uFEFF', '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('rank,theme_id,theme,borda_points,raters');
    expect(lines[1]).toBe(`1,${t2},Cyberpesten,8,3`);
    expect(lines[5]).toBe(`5,${t5},Nieuwkomers,0,0`);

    // The summary of a ranking round describes points on 1..N, without a consensus rule.
    const summary: RoundSummaryDto = (await staff.request('GET', `/api/rounds/${round.id}/summary`)).json();
    expect(summary.rule).toBeNull();
    const second = summary.themes.find((th) => th.themeId === t2)!;
    expect(second.consensus).toBeNull();
    // Points 2, 3, 3 on 1..3: the top third is 3 points.
    expect(second.criteria[0]).toMatchObject({ n: 3, median: 3, topShare: 2 / 3, consensus: null });
  });

  it('has no ranking for a feedback round', async () => {
    const round = await create({ name: 'Feedback', kind: 'feedback' });
    const response = await staff.request('GET', `/api/rounds/${round.id}/ranking`);
    expect([response.statusCode, response.json().error.code]).toEqual([409, 'feedback_round']);
  });
});

describe('monitoring', () => {
  it('counts per committee and per member who submitted, started or did not start, with recusals', async () => {
    const round = await create({
      name: 'Ronde 1',
      criteria: [{ name: 'Relevantie' }, { name: 'Urgentie' }],
      themeIds: themeIds.slice(0, 3)
    });
    const [a, b] = (await detail(round.id)).criteria.map((c) => c.id) as [number, number];
    const [t1, t2, t3] = themeIds as [number, number, number];
    // s1 answered everything (one "weet ik niet") and submitted.
    for (const theme of [t1, t2, t3]) {
      await score(round.id, users.s1, theme, a, 4);
      await score(round.id, users.s1, theme, b, theme === t3 ? 'weet ik niet' : 3);
    }
    await app.db
      .insertInto('round_submissions')
      .values({ round_id: round.id, user_id: users.s1, submitted_at: new Date('2026-12-05T09:00:00Z') })
      .execute();
    // s2 is recused from theme 3, answered theme 1 fully and theme 2 half.
    await app.db
      .insertInto('conflict_declarations')
      .values({
        round_id: round.id,
        user_id: users.s2,
        kind: 'theme',
        theme_id: t3,
        description: 'Auteur van een studie'
      })
      .execute();
    await score(round.id, users.s2, t1, a, 2, null, new Date('2026-12-04T08:00:00Z'));
    await score(round.id, users.s2, t1, b, 2, null, new Date('2026-12-04T08:01:00Z'));
    await score(round.id, users.s2, t2, a, 5, null, new Date('2026-12-06T12:00:00Z'));
    // u1 only declared to have no conflicts.
    await app.db
      .insertInto('conflict_declarations')
      .values({ round_id: round.id, user_id: users.u1, kind: 'none', declared_at: new Date('2026-12-03T15:00:00Z') })
      .execute();

    for (const client of [staff, director]) {
      const response = await client.request('GET', `/api/rounds/${round.id}/monitor`);
      expect(response.statusCode, response.body).toBe(200);
      const monitor: RoundMonitorDto = response.json();
      expect(monitor.committees).toEqual([
        {
          committeeId: committees.scientific,
          name: 'Wetenschappelijke commissie',
          kind: 'scientific',
          raters: 3,
          submitted: 1,
          started: 1,
          notStarted: 1
        },
        {
          committeeId: committees.user,
          name: 'Gebruikerscommissie',
          kind: 'user',
          raters: 2,
          submitted: 0,
          started: 1,
          notStarted: 1
        }
      ]);
      const byName = new Map(monitor.members.map((m) => [m.name, m]));
      // The observer reads along and is not counted.
      expect([...byName.keys()].sort()).toEqual(['Lid s1', 'Lid s2', 'Lid s3', 'Lid u1', 'Lid u2']);
      expect(byName.get('Lid s1')).toMatchObject({
        membership: 'chair',
        answered: 3,
        total: 3,
        recused: 0,
        state: 'submitted',
        submittedAt: '2026-12-05T09:00:00.000Z',
        lastActivityAt: '2026-12-05T09:00:00.000Z'
      });
      expect(byName.get('Lid s2')).toMatchObject({
        answered: 1,
        total: 2,
        recused: 1,
        state: 'started',
        submittedAt: null,
        lastActivityAt: '2026-12-06T12:00:00.000Z'
      });
      expect(byName.get('Lid s3')).toMatchObject({ answered: 0, total: 3, state: 'not_started', lastActivityAt: null });
      expect(byName.get('Lid u1')).toMatchObject({
        committeeName: 'Gebruikerscommissie',
        answered: 0,
        state: 'started',
        lastActivityAt: '2026-12-03T15:00:00.000Z'
      });
    }
    expect((await member.request('GET', `/api/rounds/${round.id}/monitor`)).statusCode).toBe(403);
  });

  it('counts a ranking as complete at the top N, a feedback round by the themes commented on', async () => {
    const ranked = await create({ name: 'Top 2', scaleKind: 'ranking', rankTopN: 2 });
    const [criterion] = (await detail(ranked.id)).criteria;
    await score(ranked.id, users.u1, themeIds[0]!, criterion!.id, 1);
    const rankedMonitor: RoundMonitorDto = (await staff.request('GET', `/api/rounds/${ranked.id}/monitor`)).json();
    expect(rankedMonitor.members.find((m) => m.userId === users.u1)).toMatchObject({ answered: 1, total: 2 });

    const feedback = await create({ name: 'Feedback', kind: 'feedback', themeIds: themeIds.slice(0, 2) });
    await app.db
      .insertInto('theme_feedback')
      .values([
        { round_id: feedback.id, theme_id: themeIds[0]!, user_id: users.u2, category: 'gaps', text: 'Mist kleuters.' },
        { round_id: feedback.id, theme_id: themeIds[0]!, user_id: users.u2, category: 'naming', text: 'Kortere naam.' }
      ])
      .execute();
    const feedbackMonitor: RoundMonitorDto = (await staff.request('GET', `/api/rounds/${feedback.id}/monitor`)).json();
    expect(feedbackMonitor.members.find((m) => m.userId === users.u2)).toMatchObject({
      answered: 1,
      total: 2,
      state: 'started'
    });
  });

  it('exports every raw score as CSV to staff, also while a blind round is open', async () => {
    const round = await create({
      name: 'Ronde 1',
      criteria: [{ name: 'Relevantie' }, { name: 'Urgentie' }],
      themeIds: themeIds.slice(0, 2)
    });
    const [a, b] = (await detail(round.id)).criteria.map((c) => c.id) as [number, number];
    // u1 sits in both committees.
    await addCommitteeMember(app.db, { committeeId: committees.scientific, userId: users.u1, membership: 'member' });
    await score(round.id, users.u1, themeIds[0]!, a, 4, null, new Date('2026-12-04T10:00:00Z'));
    await score(round.id, users.u1, themeIds[0]!, b, 'weet ik niet', null, new Date('2026-12-04T10:01:00Z'));
    await score(round.id, users.s2, themeIds[1]!, a, 2, '=Bijgesteld na de mediaan', new Date('2026-12-04T11:00:00Z'));

    const response = await staff.request('GET', `/api/rounds/${round.id}/scores.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="scores-ronde-${round.id}.csv"`);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    expect(response.body.slice(1).split('\r\n')).toEqual([
      'round_id,round,committee,member_id,member,theme_id,theme,criterion,value,dont_know,reason,updated_at',
      `${round.id},Ronde 1,Gebruikerscommissie; Wetenschappelijke commissie,${users.u1},Lid u1,${themeIds[0]},Begrijpend lezen,Relevantie,4,false,,2026-12-04T10:00:00.000Z`,
      `${round.id},Ronde 1,Gebruikerscommissie; Wetenschappelijke commissie,${users.u1},Lid u1,${themeIds[0]},Begrijpend lezen,Urgentie,,true,,2026-12-04T10:01:00.000Z`,
      // A reason that starts like a formula is kept as text.
      `${round.id},Ronde 1,Wetenschappelijke commissie,${users.s2},Lid s2,${themeIds[1]},Cyberpesten,Relevantie,2,false,'=Bijgesteld na de mediaan,2026-12-04T11:00:00.000Z`
    ]);
    expect((await director.request('GET', `/api/rounds/${round.id}/scores.csv`)).statusCode).toBe(403);
  });
});
