import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle } from '../../db/queries/cycles.js';
import type { TimelineDto } from '../shared/timeline.js';
import { type BallotFixture, ballotFixture, insertTestRound } from './testing/ballot-fixture.js';
import { type Client, createTestApp, type TestApp } from './testing/test-app.js';

const Y1 = '2024-09-01';
const Y2 = '2025-09-01';
const Y3 = '2026-09-01';

let t: TestApp;
let app: FastifyInstance;
let f: BallotFixture;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  f = await ballotFixture(app);
});

afterEach(async () => {
  await t.close();
});

function ok(response: LightMyRequestResponse): TimelineDto {
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
}

const url = () => `/api/cycles/${f.cycleId}/timeline`;
const propose = (client: Client = f.staff) => client.request('POST', `${url()}/proposal`);
const move = (themeId: number, body: unknown, client: Client = f.staff) =>
  client.request('PUT', `/api/themes/${themeId}/placement`, body);
const capacity = (year: string, value: unknown, client: Client = f.staff) =>
  client.request('PUT', `/api/cycles/${f.cycleId}/school-years/${year}`, { capacity: value });
const depend = (themeId: number, afterThemeId: number, client: Client = f.staff) =>
  client.request('POST', `${url()}/dependencies`, { themeId, afterThemeId });

/** Theme name per school year, and the pool. */
function layout(timeline: TimelineDto) {
  return {
    years: Object.fromEntries(timeline.years.map((y) => [y.startsOn, y.themes.map((th) => th.name)])),
    unplaced: timeline.unplaced.map((th) => th.name),
    overarching: timeline.overarching.map((th) => th.name)
  };
}
const themeOf = (timeline: TimelineDto, id: number) =>
  [...timeline.years.flatMap((y) => y.themes), ...timeline.unplaced, ...timeline.overarching].find(
    (th) => th.id === id
  )!;

async function capacities(c1: number, c2: number, c3: number) {
  for (const [year, value] of [
    [Y1, c1],
    [Y2, c2],
    [Y3, c3]
  ] as const) {
    ok(await capacity(year, value));
  }
}

describe('timeline API', () => {
  it('is for staff and the director; committee members get 403, strangers 401', async () => {
    const empty = ok(await f.director.request('GET', url()));
    expect(empty.years.map((y) => [y.startsOn, y.endsOn, y.capacity])).toEqual([
      [Y1, '2025-08-31', 5],
      [Y2, '2026-08-31', 5],
      [Y3, '2027-08-31', 5]
    ]);
    expect(empty.unplaced.map((th) => th.name).sort()).toEqual(['Lezen', 'Pesten', 'Rekenen']);
    expect(empty.prioritySource).toBeNull();
    ok(await propose(f.director));
    ok(await move(f.themes.lezen, { year: Y3 }, f.director));
    const member = f.members.a.client;
    expect((await member.request('GET', url())).statusCode).toBe(403);
    expect((await propose(member)).statusCode).toBe(403);
    expect((await move(f.themes.lezen, { year: Y1 }, member)).statusCode).toBe(403);
    expect((await capacity(Y1, 2, member)).statusCode).toBe(403);
    expect((await depend(f.themes.lezen, f.themes.pesten, member)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
    expectError(await f.staff.request('GET', '/api/cycles/999999/timeline'), 404, 'not_found');
  });

  it('proposes by size without a closed rating round, within capacity, saying why', async () => {
    await capacities(1, 1, 0);
    const timeline = ok(await propose());
    // Sizes: Rekenen 6, Lezen 3, Pesten 2 questions.
    expect(layout(timeline)).toEqual({
      years: { [Y1]: ['Rekenen'], [Y2]: ['Lezen'], [Y3]: [] },
      unplaced: ['Pesten'],
      overarching: []
    });
    expect(themeOf(timeline, f.themes.rekenen).reason).toEqual({ code: 'priority', params: { rank: null, year: Y1 } });
    expect(themeOf(timeline, f.themes.lezen).reason).toEqual({
      code: 'capacity',
      params: { rank: null, year: Y2, fullYears: [Y1] }
    });
    expect(themeOf(timeline, f.themes.pesten).reason?.code).toBe('no_capacity');
    expect(timeline.flags).toEqual({ overCapacity: [], brokenDependencies: [] });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id as entityId'])
      .where('action', 'like', 'timeline.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'timeline.capacity',
      'timeline.capacity',
      'timeline.capacity',
      'timeline.propose'
    ]);
  });

  it('follows the combined ranking of the latest closed rating round', async () => {
    const round = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      name: 'Eerste ronde',
      status: 'closed',
      themeIds: [f.themes.rekenen, f.themes.pesten, f.themes.lezen],
      committeeIds: [f.committees.user]
    });
    const score = (userId: number, themeId: number, value: number) => ({
      round_id: round.id,
      user_id: userId,
      theme_id: themeId,
      criterion_id: round.criteria[0]!,
      value,
      dont_know: false
    });
    await app.db
      .insertInto('scores')
      .values(
        [f.members.a, f.members.b].flatMap((m) => [
          score(m.userId, f.themes.pesten, 5),
          score(m.userId, f.themes.lezen, 3),
          score(m.userId, f.themes.rekenen, 1)
        ])
      )
      .execute();
    await capacities(1, 1, 1);
    const timeline = ok(await propose());
    expect(timeline.prioritySource).toMatchObject({ roundId: round.id, name: 'Eerste ronde' });
    expect(layout(timeline).years).toEqual({ [Y1]: ['Pesten'], [Y2]: ['Lezen'], [Y3]: ['Rekenen'] });
    expect(themeOf(timeline, f.themes.pesten)).toMatchObject({ rank: 1, reason: { code: 'priority' } });
  });

  it('keeps pinned placements, moved by hand, and counts them against capacity', async () => {
    await capacities(1, 1, 1);
    ok(await propose());
    const moved = ok(await move(f.themes.pesten, { year: Y1, position: 0 }));
    expect(layout(moved).years[Y1]).toEqual(['Pesten', 'Rekenen']);
    expect(themeOf(moved, f.themes.pesten)).toMatchObject({ pinned: true, reason: { code: 'manual' } });
    expect(moved.flags.overCapacity).toEqual([{ year: Y1, count: 2, capacity: 1 }]);
    expect(moved.manualUnpinned).toBe(0);

    const again = ok(await propose());
    expect(layout(again)).toEqual({
      years: { [Y1]: ['Pesten'], [Y2]: ['Rekenen'], [Y3]: ['Lezen'] },
      unplaced: [],
      overarching: []
    });
    expect(themeOf(again, f.themes.pesten)).toMatchObject({ pinned: true, reason: { code: 'manual' } });

    // Unpinning in place keeps the year and the reason; the next proposal may move it.
    const unpinned = ok(await move(f.themes.pesten, { year: Y1, pinned: false }));
    expect(themeOf(unpinned, f.themes.pesten)).toMatchObject({ year: Y1, pinned: false, reason: { code: 'manual' } });
    expect(unpinned.manualUnpinned).toBe(1);
    expect(layout(ok(await propose())).years).toEqual({ [Y1]: ['Rekenen'], [Y2]: ['Lezen'], [Y3]: ['Pesten'] });

    // Off the timeline, pinned: the proposal leaves it there.
    ok(await move(f.themes.lezen, { year: null }));
    const pool = ok(await propose());
    expect(layout(pool).unplaced).toEqual(['Lezen']);
    expect(layout(pool).years).toEqual({ [Y1]: ['Rekenen'], [Y2]: ['Pesten'], [Y3]: [] });

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'timeline.move')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ year: Y3, pinned: false, reason: { code: 'capacity' } });
    expect(audit.after).toMatchObject({ year: Y1, pinned: true, position: 0, reason: { code: 'manual' } });
  });

  it('places overarching themes across all years, outside capacity', async () => {
    await app.db.updateTable('themes').set({ is_overarching: true }).where('id', '=', f.themes.rekenen).execute();
    await capacities(1, 0, 0);
    const timeline = ok(await propose());
    expect(layout(timeline)).toEqual({
      years: { [Y1]: ['Lezen'], [Y2]: [], [Y3]: [] },
      unplaced: ['Pesten'],
      overarching: ['Rekenen']
    });
    expect(themeOf(timeline, f.themes.rekenen).reason).toEqual({ code: 'overarching', params: {} });
    expectError(await move(f.themes.rekenen, { year: Y1 }), 409, 'overarching_theme');
    expectError(await depend(f.themes.lezen, f.themes.rekenen), 400, 'overarching_dependency');
  });

  it('respects "after" dependencies and flags the ones a manual move breaks', async () => {
    ok(await depend(f.themes.rekenen, f.themes.lezen));
    let timeline = ok(await propose());
    expect(layout(timeline).years).toEqual({ [Y1]: ['Lezen', 'Pesten'], [Y2]: ['Rekenen'], [Y3]: [] });
    expect(themeOf(timeline, f.themes.rekenen).reason).toEqual({
      code: 'after_dependency',
      params: { rank: null, year: Y2, afterThemeId: f.themes.lezen, afterThemeName: 'Lezen' }
    });
    expect(timeline.dependencies).toEqual([
      { themeId: f.themes.rekenen, afterThemeId: f.themes.lezen, themeName: 'Rekenen', afterThemeName: 'Lezen' }
    ]);

    timeline = ok(await move(f.themes.rekenen, { year: Y1 }));
    const broken = [{ themeId: f.themes.rekenen, afterThemeId: f.themes.lezen, reason: 'same_year' }];
    expect(timeline.flags.brokenDependencies).toEqual(broken);
    expect(themeOf(timeline, f.themes.rekenen).broken).toEqual(broken);

    timeline = ok(await move(f.themes.lezen, { year: null }));
    expect(timeline.flags.brokenDependencies[0]?.reason).toBe('unplaced_prerequisite');

    timeline = ok(await f.staff.request('DELETE', `${url()}/dependencies/${f.themes.rekenen}/${f.themes.lezen}`));
    expect(timeline.dependencies).toEqual([]);
    expect(timeline.flags.brokenDependencies).toEqual([]);
    expectError(
      await f.staff.request('DELETE', `${url()}/dependencies/${f.themes.rekenen}/${f.themes.lezen}`),
      404,
      'not_found'
    );
  });

  it('refuses dependencies on itself, in a circle, twice, or with unknown or foreign themes', async () => {
    const other = await insertCycle(app.db, { name: 'Ander', startsOn: '2027-09-01', endsOn: '2030-08-31' });
    const { id: foreign } = await app.db
      .insertInto('themes')
      .values({ cycle_id: other.id, run_id: null, name: 'Elders', keywords: '[]', representative_question_ids: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { rekenen, pesten, lezen } = f.themes;
    expectError(await depend(lezen, lezen), 400, 'self_dependency');
    expectError(await depend(lezen, 999999), 400, 'unknown_theme');
    expectError(await depend(lezen, foreign), 400, 'theme_not_in_cycle');
    ok(await depend(lezen, pesten));
    ok(await depend(pesten, rekenen));
    const circle = await depend(rekenen, lezen);
    expectError(circle, 400, 'dependency_cycle');
    expect(circle.json().error.message).toContain("'Lezen' already comes after 'Rekenen'");
    expectError(await depend(lezen, pesten), 409, 'dependency_exists');
    expectError(await f.staff.request('POST', `${url()}/dependencies`, { themeId: lezen }), 400, 'validation');
  });

  it('refuses bad placements and capacities with a clear 4xx', async () => {
    const wrongYear = await move(f.themes.lezen, { year: '2030-09-01' });
    expectError(wrongYear, 400, 'unknown_school_year');
    expect(wrongYear.json().error.message).toContain('2024-09-01, 2025-09-01, 2026-09-01');
    expect((await move(f.themes.lezen, { year: '2024-10-01' })).statusCode).toBe(400);
    expect((await move(f.themes.lezen, { year: Y1, position: -1 })).statusCode).toBe(400);
    expect((await move(f.themes.lezen, {})).statusCode).toBe(400);
    expectError(await move(999999, { year: Y1 }), 404, 'not_found');
    expect((await capacity(Y1, -1)).statusCode).toBe(400);
    expect((await capacity(Y1, 'veel')).statusCode).toBe(400);
    expectError(await capacity('2031-09-01', 2), 404, 'not_found');
    const lowered = ok(await capacity(Y2, 0));
    expect(lowered.years[1]).toMatchObject({ startsOn: Y2, capacity: 0 });
  });
});
