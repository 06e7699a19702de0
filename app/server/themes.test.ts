import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCommittee, insertCycle, insertSource } from '../../db/queries/cycles.js';
import type { ClusteringRunDto, RunComparisonDto } from '../shared/schemas.js';
import { ThemeRuns } from './services/theme-runs.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';
import { THEME_QUESTIONS, themeQuestionsCsv } from './testing/theme-questions.js';
import { WorkerDiscoveryRunner } from './workers/discovery-runner.js';

let t: TestApp | undefined;
let app: FastifyInstance;
let cycleId: number;
let sourceId: number;
let staff: Client;

async function setUp(options: Parameters<typeof createTestApp>[1] = {}) {
  t = await createTestApp({}, options);
  app = t.app;
  cycleId = (await insertCycle(app.db, { name: 'Kennisagenda', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
  sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'Bevraging', participantCount: null })).id;
  staff = await loginAs(app, 'staff');
}

beforeEach(async () => {
  await setUp();
});

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function importQuestions(csv = themeQuestionsCsv(), fileName = 'vragen.csv') {
  const response = await staff.request(
    'POST',
    `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=${fileName}`,
    csv,
    { 'content-type': 'text/csv' }
  );
  expect(response.statusCode).toBe(201);
}

const runsUrl = () => `/api/cycles/${cycleId}/clustering-runs`;

async function startRun(body: Record<string, unknown> = {}): Promise<ClusteringRunDto> {
  const response = await staff.request('POST', runsUrl(), body);
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

/** Polls the run as the page does, until it is no longer running. */
async function waitForRun(runId: number, client: Client = staff): Promise<ClusteringRunDto> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await client.request('GET', `${runsUrl()}/${runId}`);
    expect(response.statusCode).toBe(200);
    const run: ClusteringRunDto = response.json();
    if (run.status !== 'running' || Date.now() > deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runToDone(body: Record<string, unknown> = {}): Promise<ClusteringRunDto> {
  const run = await waitForRun((await startRun(body)).id);
  expect(run.status, run.errorDetail ?? '').toBe('done');
  return run;
}

async function accept(runId: number) {
  return staff.request('POST', `${runsUrl()}/${runId}/accept`);
}

async function comparison(runId: number): Promise<RunComparisonDto> {
  const response = await staff.request('GET', `${runsUrl()}/${runId}/comparison`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const themeOf = async () =>
  new Map(
    (await app.db.selectFrom('questions').select(['id', 'theme_id']).orderBy('id').execute()).map((q) => [
      q.id,
      q.theme_id
    ])
  );

const listThemes = async () =>
  (await staff.request('GET', `/api/cycles/${cycleId}/themes`)).json() as {
    id: number;
    name: string;
    description: string;
    questionCount: number;
  }[];

describe('a theme discovery run', () => {
  it('answers 202 at once, runs in a worker, and is done when polled; the themes stay until it is accepted', async () => {
    await importQuestions();
    const started = await startRun({ k: 3, seed: 7 });
    expect(started).toMatchObject({
      status: 'running',
      phase: 'queued',
      kRequested: 3,
      seed: 7,
      seedSource: 'none',
      questionCount: 15,
      k: null,
      metrics: null,
      themes: []
    });

    const run = await waitForRun(started.id);
    expect(run).toMatchObject({ status: 'done', phase: null, k: 3, error: null, method: 'tfidf-kmeans' });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.finishedAt).not.toBeNull();
    expect(run.metrics!.silhouette).toBeGreaterThan(0.5);
    expect(run.metrics!.unassigned).toBe(0);
    expect(run.themes.map((theme) => theme.size)).toEqual([5, 5, 5]);
    for (const theme of run.themes) {
      expect(theme.keywords.length).toBeGreaterThan(0);
      expect(theme.representatives).toHaveLength(3);
      expect(theme.seedName).toBeNull();
    }

    // Every question's place is stored with the run.
    const assignments = await app.db
      .selectFrom('clustering_run_assignments')
      .selectAll()
      .where('run_id', '=', run.id)
      .execute();
    expect(assignments).toHaveLength(15);
    for (const a of assignments) {
      expect(a.cluster).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeGreaterThan(0);
      expect(Array.isArray(a.terms)).toBe(true);
    }
    const stored = await app.db.selectFrom('clustering_run_themes').selectAll().where('run_id', '=', run.id).execute();
    expect(stored).toHaveLength(3);

    expect(await listThemes()).toEqual([]);
    expect((await staff.request('GET', `${runsUrl()}/latest`)).json()).toMatchObject({ id: run.id, status: 'done' });
  });

  it('chooses k by silhouette when asked for auto, and reports the silhouette per k', async () => {
    await importQuestions();
    const run = await runToDone({ k: 'auto' });
    expect(run.kRequested).toBe('auto');
    expect(run.k).toBe(3);
    expect(run.metrics!.kCandidates.map((c) => c.k)).toEqual([2, 3]);
    const best = run.metrics!.kCandidates.reduce((a, b) => ((b.silhouette ?? -2) > (a.silhouette ?? -2) ? b : a));
    expect(best.k).toBe(3);
  });

  it('on a first grouping, compares nothing and accepting makes the proposal the themes', async () => {
    await importQuestions();
    const run = await runToDone({ k: 3 });
    expect(await comparison(run.id)).toMatchObject({
      runId: run.id,
      hasCurrentThemes: false,
      currentThemes: [],
      cells: [],
      moves: [],
      moved: 0,
      notInRun: 0
    });

    const accepted = await accept(run.id);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ id: run.id, status: 'accepted' });
    const themes = await listThemes();
    expect(themes.map((theme) => theme.name).sort()).toEqual(run.themes.map((theme) => theme.label).sort());
    expect(themes.map((theme) => theme.questionCount)).toEqual([5, 5, 5]);
    const audit = await app.db.selectFrom('audit_log').select(['action', 'entity_id']).orderBy('id').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'themes.discover', entity_id: String(run.id) },
        { action: 'themes.accept', entity_id: String(run.id) }
      ])
    );
    // Decided once: a second accept is refused.
    expect((await accept(run.id)).json().error.code).toBe('run_decided');
  });

  it('compares a new run with the current themes: questions per pair of themes, and those that move', async () => {
    await importQuestions();
    const first = await runToDone({ k: 3 });
    expect((await accept(first.id)).statusCode).toBe(200);
    const themes = await listThemes();
    // Staff curate: one arithmetic question is put in the bullying theme by hand.
    const arithmetic = themes.find((theme) => theme.name === first.themes[0]!.label)!;
    const bullying = themes.find((theme) => theme.name === first.themes[1]!.label)!;
    const [movedByHand] = await app.db
      .selectFrom('questions')
      .select('id')
      .where('theme_id', '=', arithmetic.id)
      .orderBy('id')
      .execute();
    await app.db.updateTable('questions').set({ theme_id: bullying.id }).where('id', '=', movedByHand!.id).execute();

    // A fresh grouping of the same questions puts it back with the arithmetic questions.
    const second = await runToDone({ k: 3 });
    const result = await comparison(second.id);
    expect(result.hasCurrentThemes).toBe(true);
    expect(result.currentThemes.map((theme) => theme.size).sort()).toEqual([4, 5, 6]);
    expect(result.cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(15);
    expect(result.cells).toContainEqual({ fromThemeId: bullying.id, toCluster: 0, count: 1 });
    expect(result.cells).toContainEqual({ fromThemeId: arithmetic.id, toCluster: 0, count: 4 });
    expect(result.proposedThemes.map((theme) => theme.continuesThemeId)).toEqual(
      first.themes.map((theme) => themes.find((current) => current.name === theme.label)!.id)
    );
    expect(result).toMatchObject({ moved: 1, stay: 14, notInRun: 0 });
    expect(result.moves).toEqual([
      {
        questionId: movedByHand!.id,
        text: THEME_QUESTIONS.arithmetic[0],
        fromThemeId: bullying.id,
        toCluster: 0
      }
    ]);
  });

  it('keeps the current themes when a run is discarded', async () => {
    await importQuestions();
    const first = await runToDone({ k: 3 });
    await accept(first.id);
    const themes = await listThemes();
    const places = await themeOf();

    const second = await runToDone({ k: 2 });
    const discarded = await staff.request('POST', `${runsUrl()}/${second.id}/discard`);
    expect(discarded.statusCode).toBe(200);
    expect(discarded.json()).toMatchObject({ status: 'discarded' });
    expect(await listThemes()).toEqual(themes);
    expect(await themeOf()).toEqual(places);
    expect((await accept(second.id)).json().error).toMatchObject({
      code: 'run_decided',
      details: { status: 'discarded' }
    });
    const audit = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(second.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['themes.discover', 'themes.discard']);
  });

  it('refuses to accept while the themes are in a rating round, and leaves the run to decide later', async () => {
    await importQuestions();
    const first = await runToDone({ k: 3 });
    await accept(first.id);
    const second = await runToDone({ k: 2 });
    await insertCommittee(app.db, { cycleId, kind: 'user', name: 'Gebruikerscommissie', maxMembers: 20 });
    expect((await staff.request('POST', `/api/cycles/${cycleId}/rounds`, { name: 'Ronde 1' })).statusCode).toBe(201);
    const themes = await listThemes();

    const refused = await accept(second.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('themes_in_round');
    expect(await listThemes()).toEqual(themes);
    expect((await waitForRun(second.id)).status).toBe('done');
    // A new run is refused before it starts.
    const again = await staff.request('POST', runsUrl(), {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('themes_in_round');
  });

  it('lets the director read runs and comparisons, with contacts masked, but not start or decide', async () => {
    await importQuestions(
      themeQuestionsCsv(['Mail me op an@school.be: hoe lezen kleuters prentenboeken met plezier?'])
    );
    const run = await runToDone({ k: 3 });
    const director = await loginAs(app, 'director');
    const read = await waitForRun(run.id, director);
    expect(JSON.stringify(read.themes)).not.toContain('an@school.be');
    expect((await director.request('GET', `${runsUrl()}/${run.id}/comparison`)).statusCode).toBe(200);
    expect((await director.request('POST', runsUrl(), {})).statusCode).toBe(403);
    expect((await director.request('POST', `${runsUrl()}/${run.id}/accept`)).statusCode).toBe(403);
    expect((await director.request('POST', `${runsUrl()}/${run.id}/discard`)).statusCode).toBe(403);
    const committee = await loginAs(app, 'committee');
    expect((await committee.request('GET', `${runsUrl()}/${run.id}`)).statusCode).toBe(403);
  });

  it('refuses a second run while one is running', async () => {
    await t!.close();
    await setUp({ discoveryRunner: new WorkerDiscoveryRunner({ entry: worker('hanging-worker.ts') }) });
    await importQuestions();
    const running = await startRun();
    const second = await staff.request('POST', runsUrl(), {});
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('run_in_progress');
    // Discarding stops it; then a new run may start.
    expect((await staff.request('POST', `${runsUrl()}/${running.id}/discard`)).json().status).toBe('discarded');
    expect((await staff.request('POST', runsUrl(), {})).statusCode).toBe(202);
  });
});

describe('a seeded run', () => {
  const SEEDS = [
    { name: 'Rekenen', description: 'Reken- en wiskundeonderwijs: dyscalculie, rekenproblemen, breuken, tafels.' },
    { name: 'Pesten', description: 'Pesten en cyberpesten op school en online.' }
  ];

  it('puts questions in the seed themes first, under the seed names; new themes follow', async () => {
    await importQuestions();
    const run = await runToDone({ seedThemes: SEEDS });
    expect(run.seedSource).toBe('list');
    expect(run.seedThemes).toEqual([
      { name: 'Rekenen', description: SEEDS[0]!.description, exampleCount: 0 },
      { name: 'Pesten', description: SEEDS[1]!.description, exampleCount: 0 }
    ]);
    expect(run.themes.slice(0, 2).map((theme) => [theme.label, theme.seedName])).toEqual([
      ['Rekenen', 'Rekenen'],
      ['Pesten', 'Pesten']
    ]);
    expect(run.themes[0]!.description).toBe(SEEDS[0]!.description);
    expect(run.themes.slice(2).every((theme) => theme.seedName === null)).toBe(true);

    const texts = new Map(
      (await app.db.selectFrom('questions').select(['id', 'text']).execute()).map((q) => [q.id, q.text])
    );
    const assignments = await app.db
      .selectFrom('clustering_run_assignments')
      .select(['question_id', 'cluster'])
      .where('run_id', '=', run.id)
      .execute();
    const clusterOf = (text: string) => assignments.find((a) => texts.get(a.question_id) === text)!.cluster;
    for (const text of THEME_QUESTIONS.arithmetic) expect(clusterOf(text), text).toBe(0);
    for (const text of THEME_QUESTIONS.bullying) expect(clusterOf(text), text).toBe(1);

    expect((await accept(run.id)).statusCode).toBe(200);
    const themes = await listThemes();
    expect(themes.find((theme) => theme.name === 'Rekenen')).toMatchObject({
      description: SEEDS[0]!.description,
      questionCount: 5
    });
  });

  it('uses the current themes as seeds: names, descriptions and their questions as examples', async () => {
    await importQuestions();
    const first = await runToDone({ k: 3 });
    await accept(first.id);
    const themes = await listThemes();

    const run = await runToDone({ seedWithCurrentThemes: true });
    expect(run.seedSource).toBe('current');
    expect(run.seedThemes.map((s) => [s.name, s.exampleCount])).toEqual(themes.map((t) => [t.name, 5]));
    expect(run.themes.slice(0, 3).map((theme) => theme.label)).toEqual(themes.map((theme) => theme.name));
    // Each theme continues itself: nothing moves.
    const result = await comparison(run.id);
    expect(result.proposedThemes.slice(0, 3).map((theme) => theme.continuesThemeId)).toEqual(themes.map((t) => t.id));
    expect(result).toMatchObject({ moved: 0, stay: 15, moves: [] });
  });

  it.each([
    {
      description: 'a theme without a name',
      body: { seedThemes: [{ name: 'Rekenen' }, { name: '  ' }] },
      code: 'seed_theme_unnamed',
      details: { position: 2 }
    },
    {
      description: 'two themes of the same name',
      body: { seedThemes: [{ name: 'Rekenen' }, { name: 'Pesten' }, { name: ' rekenen ' }] },
      code: 'seed_theme_duplicate',
      details: { position: 3, first: 1, name: 'rekenen' }
    },
    {
      description: 'a name over 200 characters',
      body: { seedThemes: [{ name: 'x'.repeat(201) }] },
      code: 'validation',
      details: { context: 'body' }
    },
    {
      description: 'more than 200 themes',
      body: { seedThemes: Array.from({ length: 201 }, (_, i) => ({ name: `Thema ${i}` })) },
      code: 'validation',
      details: { context: 'body' }
    },
    {
      description: 'an unknown field in a theme',
      body: { seedThemes: [{ name: 'Rekenen', colour: 'red' }] },
      code: 'validation',
      details: { context: 'body' }
    },
    {
      description: 'seed themes and the current themes at once',
      body: { seedThemes: [{ name: 'Rekenen' }], seedWithCurrentThemes: true },
      code: 'seed_source_conflict',
      details: {}
    },
    {
      description: 'the current themes when there are none',
      body: { seedWithCurrentThemes: true },
      code: 'no_current_themes',
      details: {}
    },
    {
      description: 'more themes than questions',
      body: { k: 16 },
      code: 'k_too_large',
      details: { k: 16, questions: 15 }
    },
    { description: 'k that is no number', body: { k: 'many' }, code: 'validation', details: { context: 'body' } }
  ])('refuses $description with a specific 400 and starts nothing', async ({ body, code, details }) => {
    await importQuestions();
    const response = await staff.request('POST', runsUrl(), body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, details });
    expect(await app.db.selectFrom('clustering_runs').selectAll().execute()).toEqual([]);
  });

  it('refuses a run in a cycle without questions', async () => {
    const response = await staff.request('POST', runsUrl(), {});
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('no_questions');
    expect((await staff.request('POST', `/api/cycles/99999/clustering-runs`, {})).statusCode).toBe(404);
  });
});

const worker = (name: string) => new URL(`./testing/${name}`, import.meta.url);

describe('a run that fails or is stopped', () => {
  it('is marked failed, with the reason, when its worker throws', async () => {
    await t!.close();
    await setUp({ discoveryRunner: new WorkerDiscoveryRunner({ entry: worker('failing-worker.ts') }) });
    await importQuestions();
    const run = await waitForRun((await startRun()).id);
    expect(run).toMatchObject({ status: 'failed', error: 'failed', phase: null, themes: [] });
    expect(run.errorDetail).toContain('ran out of luck');
    expect((await accept(run.id)).json().error.code).toBe('run_decided');
    expect((await staff.request('GET', `${runsUrl()}/${run.id}/comparison`)).json().error.code).toBe('run_not_done');
    // A failed run does not block the next one.
    expect((await staff.request('POST', runsUrl(), {})).statusCode).toBe(202);
  });

  it('is marked failed when its worker stops without a result', async () => {
    await t!.close();
    await setUp({ discoveryRunner: new WorkerDiscoveryRunner({ entry: worker('exiting-worker.ts') }) });
    await importQuestions();
    const run = await waitForRun((await startRun()).id);
    expect(run).toMatchObject({ status: 'failed', error: 'failed' });
    expect(run.errorDetail).toContain('exit code 3');
  });

  it('is stopped and marked interrupted when the server closes', async () => {
    await importQuestions();
    const runs = new ThemeRuns(app.db, new WorkerDiscoveryRunner({ entry: worker('hanging-worker.ts') }), app.log);
    const started = await runs.start({ cycleId, userId: null });
    await expect.poll(async () => (await waitForRunRow(started.id)).phase, { timeout: 30_000 }).toBe('grouping');
    await runs.close();
    expect(await waitForRunRow(started.id)).toMatchObject({
      status: 'failed',
      error: 'interrupted',
      phase: null
    });
  });

  it('is stopped when discarded while it runs', async () => {
    await t!.close();
    const runner = new WorkerDiscoveryRunner({ entry: worker('hanging-worker.ts') });
    await setUp({ discoveryRunner: runner });
    await importQuestions();
    const started = await startRun();
    const discarded = await staff.request('POST', `${runsUrl()}/${started.id}/discard`);
    expect(discarded.json()).toMatchObject({ status: 'discarded', error: null });
    expect((await waitForRun(started.id)).status).toBe('discarded');
  });

  it('left running by a previous server is marked interrupted at the next start', async () => {
    await importQuestions();
    const { id } = await app.db
      .insertInto('clustering_runs')
      .values({
        cycle_id: cycleId,
        method: 'tfidf-kmeans',
        params: '{}',
        seed: 1,
        status: 'running',
        phase: 'grouping'
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await new ThemeRuns(app.db, new WorkerDiscoveryRunner(), app.log).recover();
    expect(await waitForRunRow(id)).toMatchObject({ status: 'failed', error: 'interrupted' });
  });
});

async function waitForRunRow(id: number) {
  return app.db
    .selectFrom('clustering_runs')
    .select(['status', 'phase', 'error'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('assigning new questions', () => {
  const NEW = [
    'Hoe help ik een leerling met dyscalculie bij hoofdrekenen?',
    'Wat doe ik tegen pesten via WhatsApp in de klas?',
    'Welke fiets moet ik kopen?'
  ];

  it('puts questions without a theme in the nearest theme and leaves every curated question where it is', async () => {
    await importQuestions();
    const run = await runToDone({ k: 3 });
    await accept(run.id);
    const themes = await listThemes();
    const arithmetic = themes.find((theme) => theme.name === run.themes[0]!.label)!;
    const bullying = themes.find((theme) => theme.name === run.themes[1]!.label)!;
    const reading = themes.find((theme) => theme.name === run.themes[2]!.label)!;
    // Curation: a reading question moved to bullying by hand, one arithmetic question taken out of its theme.
    const curated = await app.db.selectFrom('questions').select(['id', 'text']).orderBy('id').execute();
    const idOf = (text: string) => curated.find((q) => q.text === text)!.id;
    await app.db
      .updateTable('questions')
      .set({ theme_id: bullying.id })
      .where('id', '=', idOf(THEME_QUESTIONS.reading[0]!))
      .execute();
    await app.db
      .updateTable('questions')
      .set({ theme_id: null, status: 'out_of_scope' })
      .where('id', '=', idOf(THEME_QUESTIONS.arithmetic[1]!))
      .execute();
    const before = await themeOf();

    await importQuestions(['vraag', ...NEW].join('\n'), 'nieuw.csv');
    const response = await staff.request('POST', `/api/cycles/${cycleId}/themes/assign-new`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      assigned: 2,
      left: 1,
      themes: [
        { themeId: arithmetic.id, name: arithmetic.name, added: 1 },
        { themeId: bullying.id, name: bullying.name, added: 1 }
      ]
    });

    const after = await themeOf();
    for (const [id, themeId] of before) expect(after.get(id), `question ${id}`).toBe(themeId);
    const added = await app.db.selectFrom('questions').select(['text', 'theme_id']).where('batch_id', '>', 1).execute();
    expect(Object.fromEntries(added.map((q) => [q.text, q.theme_id]))).toEqual({
      [NEW[0]!]: arithmetic.id,
      [NEW[1]!]: bullying.id,
      [NEW[2]!]: null
    });
    expect(reading.questionCount).toBe(5);
    const audit = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'themes.assign_new')
      .execute();
    expect(audit).toHaveLength(1);

    // Nothing left that fits: a second call assigns nothing.
    expect((await staff.request('POST', `/api/cycles/${cycleId}/themes/assign-new`)).json()).toMatchObject({
      assigned: 0,
      left: 1
    });
  });

  it('needs themes to assign to, and is for staff only', async () => {
    await importQuestions();
    const response = await staff.request('POST', `/api/cycles/${cycleId}/themes/assign-new`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('no_current_themes');
    const director = await loginAs(app, 'director');
    expect((await director.request('POST', `/api/cycles/${cycleId}/themes/assign-new`)).statusCode).toBe(403);
  });
});
