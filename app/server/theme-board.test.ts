import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../db/queries/cycles.js';
import type { QuestionListDto, QuestionMapDto, ThemeBoardDto } from '../shared/curation.js';
import { themeBoard } from './services/theme-board.js';
import { type BallotFixture, ballotFixture, insertTestRound } from './testing/ballot-fixture.js';
import { createTestApp, loginAs, type TestApp } from './testing/test-app.js';

describe('theme board (read side of curation)', () => {
  let test: TestApp;
  let f: BallotFixture;
  /** The id of the fixture question that starts with `prefix`. */
  const q = (prefix: string) => {
    const found = [...f.questionIds].find(([text]) => text.startsWith(prefix));
    if (!found) throw new Error(`no fixture question starts with "${prefix}"`);
    return found[1];
  };

  // One fixture for all: the tests read; the two that write take their rows away again.
  beforeAll(async () => {
    test = await createTestApp();
    f = await ballotFixture(test.app);
    const db = test.app.db;
    // A second source (a survey) for two of the reading questions, and levels on some questions.
    const survey = (
      await insertSource(db, { cycleId: f.cycleId, kind: 'survey', name: 'Bevraging', participantCount: 40 })
    ).id;
    await db
      .updateTable('questions')
      .set({ source_id: survey, level: 'lager', asker_role: 'leraar' })
      .where('id', 'in', [q('Welke leesstrategieën'), q('Hoe motiveer')])
      .execute();
    await db.updateTable('questions').set({ level: 'kleuter' }).where('id', '=', q('Welke rekenspelletjes')).execute();
    // "Hoe ondersteun" is a confirmed duplicate of "Hoe herken" (both in Rekenen).
    await db
      .insertInto('duplicate_links')
      .values({
        cycle_id: f.cycleId,
        question_id: q('Hoe ondersteun'),
        duplicate_of: q('Hoe herken'),
        similarity: 0.9,
        exact: false,
        status: 'confirmed'
      })
      .execute();
    // One question of Pesten goes to "niet toegewezen", one of Rekenen out of scope.
    await db.updateTable('questions').set({ theme_id: null }).where('id', '=', q('Wat werkt tegen')).execute();
    await db
      .updateTable('questions')
      .set({ theme_id: null, status: 'out_of_scope', out_of_scope_reason: 'Geen onderzoeksvraag' })
      .where('id', '=', q('Wat werkt bij'))
      .execute();
  });
  afterAll(() => test.close());

  const get = (path: string, client = f.staff) => client.request('GET', path);
  const board = async () => (await get(`/api/cycles/${f.cycleId}/theme-board`)).json() as ThemeBoardDto;
  const list = async (query: string, client = f.staff) => {
    const response = await get(`/api/cycles/${f.cycleId}/questions/search?${query}`, client);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as QuestionListDto;
  };

  it('shows every theme with its size (a confirmed duplicate counted once), sources, levels and representatives', async () => {
    const dto = await board();
    const byName = new Map(dto.themes.map((t) => [t.name, t]));
    expect(dto.themes.map((t) => t.name)).toEqual(['Rekenen', 'Lezen', 'Pesten']);
    const rekenen = byName.get('Rekenen')!;
    expect(rekenen).toMatchObject({
      id: f.themes.rekenen,
      size: 4,
      duplicates: 1,
      version: expect.any(Number),
      locked: false,
      isOverarching: false,
      isAdHoc: false,
      inRound: false,
      keywords: ['rekenen'],
      bySource: [{ kind: 'vraagpunt', count: 4 }],
      byLevel: [
        { level: 'onbekend', count: 3 },
        { level: 'kleuter', count: 1 }
      ]
    });
    // The discovery's representatives that are still in the theme, in their order.
    expect(rekenen.representatives.map((r) => r.id)).toEqual([
      q('Hoe herken'),
      q('Welke rekenstrategieën'),
      q('Hoe leer ik breuken')
    ]);
    const lezen = byName.get('Lezen')!;
    expect(lezen).toMatchObject({
      size: 3,
      duplicates: 0,
      bySource: [
        { kind: 'survey', count: 2 },
        { kind: 'vraagpunt', count: 1 }
      ],
      byLevel: [
        { level: 'lager', count: 2 },
        { level: 'onbekend', count: 1 }
      ]
    });
    // One representative named, topped up with the theme's first questions.
    expect(lezen.representatives.map((r) => r.id)).toEqual([
      q('Hoe stimuleer'),
      q('Welke leesstrategieën'),
      q('Hoe motiveer')
    ]);
    // No representatives named: the theme's first question.
    expect(byName.get('Pesten')!.representatives).toEqual([
      { id: q('Hoe pak ik'), text: expect.stringMatching(/^Hoe pak ik/) }
    ]);
  });

  it('keeps the "niet toegewezen" and out-of-scope bins on the board, so no question disappears', async () => {
    const dto = await board();
    expect(dto.unassigned).toEqual({
      count: 1,
      bySource: [{ kind: 'vraagpunt', count: 1 }],
      byLevel: [{ level: 'onbekend', count: 1 }],
      sample: [{ id: q('Wat werkt tegen'), text: expect.stringMatching(/^Wat werkt tegen/) }]
    });
    expect(dto.outOfScope).toMatchObject({ count: 1, sample: [{ id: q('Wat werkt bij') }] });
    const onBoard = dto.themes.reduce((sum, t) => sum + t.size + t.duplicates, 0);
    expect(onBoard + dto.unassigned.count + dto.outOfScope.count).toBe(f.questionIds.size);
  });

  it('marks the themes a rating round includes', async () => {
    const round = await insertTestRound(test.app.db, {
      cycleId: f.cycleId,
      themeIds: [f.themes.pesten],
      committeeIds: [f.committees.user]
    });
    try {
      const dto = await board();
      expect(dto.themes.filter((t) => t.inRound).map((t) => t.id)).toEqual([f.themes.pesten]);
    } finally {
      await test.app.db.deleteFrom('rating_rounds').where('id', '=', round.id).execute();
    }
    expect((await board()).themes.some((t) => t.inRound)).toBe(false);
  });

  it("lists the cycle's latest curation steps, newest first, with who took them", async () => {
    const staffUser = await test.app.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('role', '=', 'staff')
      .executeTakeFirstOrThrow();
    const step = (summary: string, undone: boolean, actorId: number | null) =>
      test.app.db
        .insertInto('curation_operations')
        .values({
          cycle_id: f.cycleId,
          actor_id: actorId,
          kind: 'rename',
          summary,
          before: JSON.stringify({}),
          after: JSON.stringify({}),
          undone_at: undone ? new Date() : null,
          undone_by: undone ? actorId : null
        })
        .execute();
    await step('Renamed "Lezen" to "Leesonderwijs"', true, staffUser.id);
    await step('Renamed "Pesten" to "Welbevinden"', false, null);
    for (let i = 0; i < 25; i++) await step(`Step ${i}`, false, staffUser.id);
    const { history } = await board();
    expect(history).toHaveLength(20);
    expect(history[0]).toMatchObject({ kind: 'rename', summary: 'Step 24', actorName: staffUser.name, undone: false });
    expect(history[0]!.at).toEqual(expect.any(String));

    await test.app.db.deleteFrom('curation_operations').where('summary', 'like', 'Step %').execute();
    expect((await board()).history).toMatchObject([
      // A step older than the parts column: the page shows its summary.
      { summary: 'Renamed "Pesten" to "Welbevinden"', parts: [], actorName: null, undone: false },
      { summary: 'Renamed "Lezen" to "Leesonderwijs"', actorName: staffUser.name, undone: true }
    ]);
    await test.app.db.deleteFrom('curation_operations').execute();
  });

  it('is what the service answers for helper code (themeBoard) too', async () => {
    expect(JSON.parse(JSON.stringify(await themeBoard(test.app.db, f.cycleId)))).toEqual(await board());
  });

  it("lists a theme's questions with their provenance and the theme's card", async () => {
    const dto = await list(`theme=${f.themes.lezen}`);
    expect(dto.total).toBe(3);
    expect(dto.theme).toMatchObject({ id: f.themes.lezen, name: 'Lezen', size: 3 });
    expect(dto.questions[0]).toEqual({
      id: q('Hoe stimuleer'),
      text: 'Hoe stimuleer ik begrijpend lezen bij nieuwkomers?',
      sourceId: expect.any(Number),
      sourceName: 'Vraagpunt',
      sourceKind: 'vraagpunt',
      fileName: 'vraagpunt.csv',
      rowNumber: expect.any(Number),
      columnName: 'vraag',
      level: 'onbekend',
      askerRole: null,
      askedOn: null,
      status: 'active',
      themeId: f.themes.lezen,
      outOfScopeReason: null,
      duplicateOf: null
    });
    const rekenen = await list(`theme=${f.themes.rekenen}`);
    expect(rekenen.questions.find((x) => x.id === q('Hoe ondersteun'))!.duplicateOf).toBe(q('Hoe herken'));
  });

  it.each([
    { description: 'Dutch search on "lezen"', query: 'q=lezen', expected: ['Hoe stimuleer', 'Hoe motiveer'] },
    {
      description: 'Dutch search finds an inflected form ("motiveren" → "motiveer")',
      query: 'q=motiveren',
      expected: ['Hoe motiveer']
    },
    {
      description: 'search by web syntax (or)',
      query: 'q=nieuwkomers%20or%20jongens',
      expected: ['Hoe stimuleer', 'Hoe motiveer']
    },
    { description: 'search that finds nothing', query: 'q=breuken', expected: [] },
    {
      description: 'filter by source kind',
      query: 'sourceKind=survey',
      expected: ['Welke leesstrategieën', 'Hoe motiveer']
    },
    { description: 'filter by level', query: 'level=onbekend', expected: ['Hoe stimuleer'] },
    { description: 'filter by role', query: 'role=leraar', expected: ['Welke leesstrategieën', 'Hoe motiveer'] },
    { description: 'search and filter together', query: 'q=lezen&sourceKind=survey', expected: ['Hoe motiveer'] },
    { description: 'a page of one', query: 'limit=1&offset=1', expected: ['Welke leesstrategieën'], total: 3 }
  ])('$description', async ({ query, expected, total }) => {
    const dto = await list(`theme=${f.themes.lezen}&${query}`);
    expect(dto.questions.map((x) => x.id)).toEqual(expected.map(q));
    expect(dto.total).toBe(total ?? expected.length);
  });

  it('lists the unassigned and the out-of-scope questions, with the reason', async () => {
    const unassigned = await list('theme=unassigned');
    expect(unassigned).toMatchObject({
      theme: null,
      total: 1,
      questions: [{ id: q('Wat werkt tegen'), themeId: null }]
    });
    const out = await list('theme=out_of_scope');
    expect(out).toMatchObject({
      theme: null,
      total: 1,
      questions: [{ id: q('Wat werkt bij'), status: 'out_of_scope', outOfScopeReason: 'Geen onderzoeksvraag' }]
    });
  });

  it('gives the lineage of a theme as CSV: the source row of each question, no personal data', async () => {
    const response = await get(`/api/themes/${f.themes.rekenen}/lineage.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="herkomst-thema-${f.themes.rekenen}.csv"`
    );
    const parsed = Papa.parse<string[]>(response.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual([
      'question_id',
      'text',
      'source',
      'source_kind',
      'file',
      'row',
      'column',
      'level',
      'role',
      'asked_on',
      'duplicate_of'
    ]);
    expect(parsed).toHaveLength(1 + 5);
    const ondersteun = parsed.find((row) => row[0] === String(q('Hoe ondersteun')))!;
    expect(ondersteun.slice(2, 7)).toEqual([
      'Vraagpunt',
      'vraagpunt',
      'vraagpunt.csv',
      expect.stringMatching(/^\d+$/),
      'vraag'
    ]);
    expect(ondersteun[10]).toBe(String(q('Hoe herken')));
    // The askers' names and e-mail addresses (their own columns) never appear.
    for (const personal of ['jan.peeters@school.be', 'els@school.be', 'Els Claes,', 'naam', 'e-mail']) {
      expect(response.body).not.toContain(personal);
    }
    // A director sees contact details typed into a question masked.
    const forDirector = await get(`/api/themes/${f.themes.rekenen}/lineage.csv`, f.director);
    expect(forDirector.statusCode).toBe(200);
    expect(forDirector.body).not.toContain('an.smets@school.be');
    expect(forDirector.body).not.toContain('0470 12 34 56');
  });

  it('projects the active questions on a plane, coloured by theme', async () => {
    const response = await get(`/api/cycles/${f.cycleId}/question-map`);
    expect(response.statusCode).toBe(200);
    const { points } = response.json() as QuestionMapDto;
    expect(points).toHaveLength(f.questionIds.size - 1);
    expect(points.find((p) => p.questionId === q('Wat werkt bij'))).toBeUndefined();
    expect(points.find((p) => p.questionId === q('Wat werkt tegen'))!.themeId).toBeNull();
    expect(points.find((p) => p.questionId === q('Hoe motiveer'))!.themeId).toBe(f.themes.lezen);
    for (const p of points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
    }
  });

  it('masks contact details in question texts for a director', async () => {
    const dto = (await get(`/api/cycles/${f.cycleId}/theme-board`, f.director)).json() as ThemeBoardDto;
    const texts = dto.themes.flatMap((t) => t.representatives.map((r) => r.text)).join(' ');
    expect(texts).toContain('rekenstrategieën');
    expect(texts).not.toContain('an.smets@school.be');
    const questions = await list(`theme=${f.themes.rekenen}`, f.director);
    expect(questions.questions.map((x) => x.text).join(' ')).not.toContain('an.smets@school.be');
  });

  it.each([
    { description: 'an unknown cycle (board)', path: () => `/api/cycles/999999/theme-board` },
    { description: 'an unknown cycle (questions)', path: () => `/api/cycles/999999/questions/search?theme=unassigned` },
    { description: 'an unknown cycle (map)', path: () => `/api/cycles/999999/question-map` },
    { description: 'an unknown theme (lineage)', path: () => `/api/themes/999999/lineage.csv` },
    {
      description: 'an unknown theme (questions)',
      path: () => `/api/cycles/${f.cycleId}/questions/search?theme=999999`
    }
  ])('answers 404 for $description', async ({ path }) => {
    expect((await get(path())).statusCode).toBe(404);
  });

  it('answers 404 for a theme of another cycle', async () => {
    const other = await test.app.db
      .insertInto('cycles')
      .values({ name: 'Andere cyclus', starts_on: '2030-09-01', ends_on: '2033-08-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = await get(`/api/cycles/${other.id}/questions/search?theme=${f.themes.lezen}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toMatch(/Theme/);
  });

  it('answers 400 for a bad theme selector', async () => {
    expect((await get(`/api/cycles/${f.cycleId}/questions/search?theme=alles`)).statusCode).toBe(400);
    expect((await get(`/api/cycles/${f.cycleId}/questions/search`)).statusCode).toBe(400);
  });

  it('publishes the four routes in the OpenAPI document, readable by staff and director', async () => {
    const doc = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/cycles/{cycleId}/theme-board',
      '/api/cycles/{cycleId}/questions/search',
      '/api/themes/{themeId}/lineage.csv',
      '/api/cycles/{cycleId}/question-map'
    ]) {
      expect(doc.paths[path]?.get?.['x-roles'], path).toEqual(['admin', 'staff', 'director']);
    }
  });

  it.each([
    { description: 'board', path: () => `/api/cycles/${f.cycleId}/theme-board` },
    { description: 'questions', path: () => `/api/cycles/${f.cycleId}/questions/search?theme=unassigned` },
    { description: 'lineage', path: () => `/api/themes/${f.themes.lezen}/lineage.csv` },
    { description: 'map', path: () => `/api/cycles/${f.cycleId}/question-map` }
  ])('refuses a committee member the $description (403), lets a director read it', async ({ path }) => {
    expect((await get(path(), f.members.a.client)).statusCode).toBe(403);
    expect((await get(path(), await loginAs(test.app, 'director'))).statusCode).toBe(200);
  });
});
