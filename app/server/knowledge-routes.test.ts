import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleRoutesDto, EvaluationDto, OutputDto } from '../shared/knowledge-routes.js';
import { type BallotFixture, ballotFixture } from './testing/ballot-fixture.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let fx: BallotFixture;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  fx = await ballotFixture(app);
});

afterEach(async () => {
  await t.close();
});

async function questionsOf(themeId: number): Promise<number[]> {
  const rows = await app.db
    .selectFrom('questions')
    .select('id')
    .where('theme_id', '=', themeId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

async function auditRows(action: string) {
  return app.db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'entity_id as entityId', 'before', 'after', 'actor_id as actorId'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

const output = (extra: Record<string, unknown> = {}) => ({ kind: 'guide', title: 'Leidraad rekenen', ...extra });

describe('who may do what', () => {
  it('lets staff and the director read, only staff change routes and outputs, and keeps committee members out', async () => {
    const member = fx.members.a.client;
    expect((await member.request('GET', `/api/cycles/${fx.cycleId}/routes`)).statusCode).toBe(403);
    expect((await member.request('GET', `/api/cycles/${fx.cycleId}/evaluation`)).statusCode).toBe(403);
    expect((await member.request('GET', `/api/cycles/${fx.cycleId}/evaluation.csv`)).statusCode).toBe(403);
    expect(
      (
        await member.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
          name: 'X',
          justification: 'Dringend'
        })
      ).statusCode
    ).toBe(403);

    expect((await fx.director.request('GET', `/api/cycles/${fx.cycleId}/routes`)).statusCode).toBe(200);
    expect((await fx.director.request('GET', `/api/cycles/${fx.cycleId}/evaluation`)).statusCode).toBe(200);
    const route = { evidenceStatus: 'enough', plannedOutput: 'guide', note: '' };
    expect((await fx.director.request('PUT', `/api/themes/${fx.themes.rekenen}/route`, route)).statusCode).toBe(403);
    expect((await fx.director.request('POST', `/api/themes/${fx.themes.rekenen}/outputs`, output())).statusCode).toBe(
      403
    );
    expect((await member.request('PUT', `/api/themes/${fx.themes.rekenen}/route`, route)).statusCode).toBe(403);

    expect((await fx.staff.request('PUT', `/api/themes/${fx.themes.rekenen}/route`, route)).statusCode).toBe(200);
    const created = await fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/outputs`, output());
    expect(created.statusCode).toBe(201);
    const id = created.json<OutputDto>().id;
    expect((await fx.director.request('PUT', `/api/outputs/${id}`, output())).statusCode).toBe(403);
    expect((await fx.director.request('DELETE', `/api/outputs/${id}`)).statusCode).toBe(403);
    expect((await fx.staff.request('DELETE', `/api/outputs/${id}`)).statusCode).toBe(200);
  });
});

describe('routes', () => {
  it('shows every theme unchecked until a route is recorded, then the route, with the before and after audited', async () => {
    const before = (await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/routes`)).json<CycleRoutesDto>();
    expect(before.themes.map((th) => th.name)).toEqual(['Lezen', 'Pesten', 'Rekenen']);
    expect(before.themes.every((th) => th.evidenceStatus === 'unchecked' && th.plannedOutput === null)).toBe(true);
    expect(before.themes.find((th) => th.name === 'Rekenen')?.questionCount).toBe(6);

    const put = await fx.staff.request('PUT', `/api/themes/${fx.themes.rekenen}/route`, {
      evidenceStatus: 'too_little',
      plannedOutput: 'research',
      note: '  Weinig Vlaams onderzoek.  '
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ evidenceStatus: 'too_little', plannedOutput: 'research', warning: null });
    const after = (await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/routes`)).json<CycleRoutesDto>();
    expect(after.themes.find((th) => th.themeId === fx.themes.rekenen)).toMatchObject({
      evidenceStatus: 'too_little',
      plannedOutput: 'research',
      note: 'Weinig Vlaams onderzoek.'
    });

    const second = await fx.staff.request('PUT', `/api/themes/${fx.themes.rekenen}/route`, {
      evidenceStatus: 'enough',
      plannedOutput: 'guide'
    });
    expect(second.statusCode).toBe(200);
    const audit = await auditRows('route.update');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      entity: 'theme_route',
      entityId: String(fx.themes.rekenen),
      before: { evidenceStatus: 'unchecked', plannedOutput: null, note: '' },
      after: { evidenceStatus: 'too_little', plannedOutput: 'research' }
    });
    expect(audit[1]).toMatchObject({
      before: { evidenceStatus: 'too_little', plannedOutput: 'research', note: 'Weinig Vlaams onderzoek.' },
      after: { evidenceStatus: 'enough', plannedOutput: 'guide', note: '' }
    });
  });

  it.each([
    { evidenceStatus: 'too_little', plannedOutput: 'guide', warning: 'too_little_without_research' },
    { evidenceStatus: 'too_little', plannedOutput: 'valorisation', warning: 'too_little_without_research' },
    { evidenceStatus: 'enough', plannedOutput: 'research', warning: 'enough_with_research' },
    { evidenceStatus: 'enough', plannedOutput: 'valorisation', warning: null },
    { evidenceStatus: 'unchecked', plannedOutput: 'research', warning: null },
    { evidenceStatus: 'too_little', plannedOutput: null, warning: null }
  ])('keeps $plannedOutput for $evidenceStatus and warns: $warning', async ({ warning, ...route }) => {
    const put = await fx.staff.request('PUT', `/api/themes/${fx.themes.lezen}/route`, route);
    expect(put.statusCode).toBe(200);
    expect(put.json().warning).toBe(warning);
    const routes = (await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/routes`)).json<CycleRoutesDto>();
    expect(routes.themes.find((th) => th.themeId === fx.themes.lezen)?.warning).toBe(warning);
  });

  it('refuses an unknown status or theme', async () => {
    const bad = await fx.staff.request('PUT', `/api/themes/${fx.themes.lezen}/route`, {
      evidenceStatus: 'maybe',
      plannedOutput: null
    });
    expect(bad.statusCode).toBe(400);
    const missing = await fx.staff.request('PUT', '/api/themes/999999/route', {
      evidenceStatus: 'enough',
      plannedOutput: null
    });
    expect(missing.statusCode).toBe(404);
    expect((await fx.staff.request('GET', '/api/cycles/999999/routes')).statusCode).toBe(404);
  });
});

describe('outputs', () => {
  it.each([
    { description: 'a blank title', body: output({ title: '   ' }), code: 'title_required' },
    { description: 'a title over 300 characters', body: output({ title: 'x'.repeat(301) }), code: 'validation' },
    { description: 'a link that is no web address', body: output({ url: 'javascript:alert(1)' }), code: 'invalid_url' },
    { description: 'a link without a scheme', body: output({ url: 'www.example.be' }), code: 'invalid_url' },
    { description: 'a day that does not exist', body: output({ plannedOn: '2025-02-30' }), code: 'invalid_date' },
    { description: 'a date far away', body: output({ plannedOn: '1925-02-03' }), code: 'date_out_of_range' },
    {
      description: 'a delivery date on an output not delivered',
      body: output({ status: 'in_progress', deliveredOn: '2025-03-01' }),
      code: 'delivered_on_without_delivery'
    },
    { description: 'an unknown kind', body: output({ kind: 'book' }), code: 'validation' },
    {
      description: 'coversAll with a list',
      body: output({ coversAll: true, questionIds: [1] }),
      code: 'covers_all_with_ids'
    }
  ])('refuses $description', async ({ body, code }) => {
    const response = await fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/outputs`, body);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    if (code !== 'validation') expect(error.code).toBe(code);
    expect(error.message).not.toBe('');
    expect(await app.db.selectFrom('theme_outputs').selectAll().execute()).toEqual([]);
  });

  it("refuses questions of another theme, naming them, and accepts the theme's own", async () => {
    const [pest1] = await questionsOf(fx.themes.pesten);
    const reken = await questionsOf(fx.themes.rekenen);
    const refused = await fx.staff.request(
      'POST',
      `/api/themes/${fx.themes.rekenen}/outputs`,
      output({ questionIds: [reken[0], pest1] })
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'questions_not_in_theme', details: { questionIds: [pest1] } });
    expect(refused.json().error.message).toContain(String(pest1));

    const created = await fx.staff.request(
      'POST',
      `/api/themes/${fx.themes.rekenen}/outputs`,
      output({
        url: 'https://www.example.be/leidraad',
        status: 'delivered',
        plannedOn: '2025-01-15',
        deliveredOn: '2025-03-01',
        questionIds: [reken[1], reken[0], reken[0]]
      })
    );
    expect(created.statusCode).toBe(201);
    expect(created.json<OutputDto>()).toMatchObject({
      kind: 'guide',
      title: 'Leidraad rekenen',
      url: 'https://www.example.be/leidraad',
      status: 'delivered',
      plannedOn: '2025-01-15',
      deliveredOn: '2025-03-01',
      questionIds: [reken[0], reken[1]],
      coveredQuestionCount: 2
    });
  });

  it('counts covered questions per theme: cancelled outputs do not count, a duplicate counts through its original', async () => {
    const reken = await questionsOf(fx.themes.rekenen);
    // Question 5 is a confirmed duplicate of question 0: the theme has 5 questions, not 6.
    await app.db
      .insertInto('duplicate_links')
      .values({
        cycle_id: fx.cycleId,
        question_id: reken[5]!,
        duplicate_of: reken[0]!,
        similarity: 0.95,
        exact: false,
        status: 'confirmed'
      })
      .execute();
    const post = (body: Record<string, unknown>) =>
      fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/outputs`, output(body));
    // Covering the duplicate covers its original; question 1 twice over counts once.
    const a = (await post({ questionIds: [reken[5], reken[1]] })).json<OutputDto>();
    await post({ kind: 'research', title: 'Onderzoek', questionIds: [reken[1], reken[2]] });
    await post({ kind: 'valorisation', title: 'Webinar', status: 'cancelled', questionIds: [reken[3], reken[4]] });
    const lezen = await fx.staff.request('POST', `/api/themes/${fx.themes.lezen}/outputs`, {
      kind: 'guide',
      title: 'Leidraad lezen',
      coversAll: true
    });
    expect(lezen.json<OutputDto>().coveredQuestionCount).toBe(3);

    const evaluation = (await fx.director.request('GET', `/api/cycles/${fx.cycleId}/evaluation`)).json<EvaluationDto>();
    const rekenen = evaluation.themes.find((th) => th.themeId === fx.themes.rekenen)!;
    expect(rekenen).toMatchObject({ questionCount: 5, coveredCount: 3, coveredShare: 3 / 5 });
    expect(rekenen.outputs).toHaveLength(3);
    expect(evaluation.themes.find((th) => th.themeId === fx.themes.lezen)).toMatchObject({
      questionCount: 3,
      coveredCount: 3,
      coveredShare: 1
    });
    expect(evaluation.themes.find((th) => th.themeId === fx.themes.pesten)).toMatchObject({
      coveredCount: 0,
      coveredShare: 0,
      outputs: []
    });
    expect(evaluation.totals).toMatchObject({ themes: 3, themesWithOutput: 2, questions: 10, covered: 6 });
    expect(evaluation.totals.coveredShare).toBeCloseTo(0.6);
    const count = (kind: string, status: string) =>
      evaluation.totals.outputs.find((o) => o.kind === kind && o.status === status)?.count;
    expect(evaluation.totals.outputs).toHaveLength(12);
    expect(count('guide', 'planned')).toBe(2);
    expect(count('research', 'planned')).toBe(1);
    expect(count('valorisation', 'cancelled')).toBe(1);
    expect(count('guide', 'delivered')).toBe(0);
    expect(evaluation.themesWithoutOutput).toEqual([{ themeId: fx.themes.pesten, name: 'Pesten' }]);

    // Only cancelled outputs: the theme counts as without output, and its covered share drops.
    const edited = await fx.staff.request(
      'PUT',
      `/api/outputs/${a.id}`,
      output({ status: 'cancelled', questionIds: [reken[5]] })
    );
    expect(edited.statusCode).toBe(200);
    const again = (await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/evaluation`)).json<EvaluationDto>();
    expect(again.themes.find((th) => th.themeId === fx.themes.rekenen)?.coveredCount).toBe(2);
  });

  it('edits and deletes an output with the before and after in the audit log', async () => {
    const reken = await questionsOf(fx.themes.rekenen);
    const id = (
      await fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/outputs`, output({ questionIds: [reken[0]] }))
    ).json<OutputDto>().id;
    const put = await fx.staff.request(
      'PUT',
      `/api/outputs/${id}`,
      output({ title: 'Leidraad dyscalculie', status: 'in_progress', coversAll: true })
    );
    expect(put.statusCode).toBe(200);
    expect(put.json<OutputDto>()).toMatchObject({ title: 'Leidraad dyscalculie', questionIds: reken });
    expect((await fx.staff.request('PUT', '/api/outputs/999999', output())).statusCode).toBe(404);
    expect((await fx.staff.request('DELETE', `/api/outputs/${id}`)).statusCode).toBe(200);
    expect((await fx.staff.request('DELETE', `/api/outputs/${id}`)).statusCode).toBe(404);
    expect(await app.db.selectFrom('output_questions').selectAll().execute()).toEqual([]);

    const [created] = await auditRows('output.create');
    expect(created).toMatchObject({
      entity: 'theme_output',
      entityId: String(id),
      before: null,
      after: { title: 'Leidraad rekenen', questionIds: [reken[0]] }
    });
    const [updated] = await auditRows('output.update');
    expect(updated).toMatchObject({
      before: { title: 'Leidraad rekenen', status: 'planned' },
      after: { title: 'Leidraad dyscalculie', status: 'in_progress', questionIds: reken }
    });
    const [deleted] = await auditRows('output.delete');
    expect(deleted).toMatchObject({ before: { title: 'Leidraad dyscalculie' }, after: null });
  });
});

describe('ad-hoc themes', () => {
  it('needs a justification', async () => {
    for (const justification of ['', '   ']) {
      const response = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
        name: 'Hittegolf',
        justification
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('justification_required');
    }
    const noName = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
      name: ' ',
      justification: 'Dringend'
    });
    expect(noName.json().error.code).toBe('name_required');
    const missing = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, { name: 'X' });
    expect(missing.statusCode).toBe(400);
    expect(await app.db.selectFrom('themes').select('id').where('is_ad_hoc', '=', true).execute()).toEqual([]);
  });

  it('is added by the director, locked, with questions from "niet toegewezen", shown as ad-hoc and audited', async () => {
    const [free] = await questionsOf(fx.themes.pesten);
    await app.db.updateTable('questions').set({ theme_id: null }).where('id', '=', free!).execute();
    const [taken] = await questionsOf(fx.themes.lezen);
    const refused = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
      name: 'Hittegolf',
      justification: 'Scholen vragen nu om richtlijnen.',
      questionIds: [free, taken]
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'questions_not_unassigned', details: { questionIds: [taken] } });

    const created = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
      name: ' Hittegolf ',
      description: 'Lesgeven bij extreme hitte.',
      justification: ' Scholen vragen nu om richtlijnen. ',
      questionIds: [free]
    });
    expect(created.statusCode).toBe(201);
    const { themeId, movedQuestions } = created.json();
    expect(movedQuestions).toBe(1);
    const row = await app.db
      .selectFrom('themes')
      .select(['locked', 'is_ad_hoc', 'ad_hoc_justification', 'name'])
      .where('id', '=', themeId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      locked: true,
      is_ad_hoc: true,
      ad_hoc_justification: 'Scholen vragen nu om richtlijnen.',
      name: 'Hittegolf'
    });
    expect(await questionsOf(themeId)).toEqual([free]);

    const routes = (await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/routes`)).json<CycleRoutesDto>();
    expect(routes.themes.find((th) => th.themeId === themeId)).toMatchObject({
      isAdHoc: true,
      adHocJustification: 'Scholen vragen nu om richtlijnen.',
      questionCount: 1
    });
    const [audit] = await auditRows('theme.create_ad_hoc');
    expect(audit).toMatchObject({
      entity: 'theme',
      entityId: String(themeId),
      after: { name: 'Hittegolf', justification: 'Scholen vragen nu om richtlijnen.', questionIds: [free] }
    });
    expect(audit!.actorId).not.toBeNull();
  });
});

describe('evaluation CSV', () => {
  it('lists every theme and keeps a title that looks like a formula as text', async () => {
    await fx.staff.request('POST', `/api/themes/${fx.themes.pesten}/outputs`, {
      kind: 'guide',
      title: '=HYPERLINK("http://evil")',
      coversAll: true
    });
    await fx.director.request('POST', `/api/cycles/${fx.cycleId}/themes/ad-hoc`, {
      name: '@Hitte',
      justification: 'Dringend'
    });
    const response = await fx.director.request('GET', `/api/cycles/${fx.cycleId}/evaluation.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'theme_id,theme,ad_hoc,overarching,evidence_status,planned_output,questions,covered_questions,covered_share,' +
        'outputs_guide,outputs_valorisation,outputs_research,outputs_delivered,outputs'
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes('Hitte'))).toContain(",'@Hitte,yes,");
    const pesten = lines.find((l) => l.includes('Pesten'))!;
    expect(pesten).toContain(',2,2,1.0000,1,0,0,0,');
    expect(pesten).toContain('guide: =HYPERLINK');
  });
});
