import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.js';
import { addCommitteeMember, insertCommittee, insertCycle, insertSource } from '../../db/queries/cycles.js';
import { Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

const CSV = [
  'vraag,onderwijsniveau,functie,datum',
  'Hoe herken ik dyscalculie bij jonge kinderen in het lager onderwijs?,lager,leraar,2024-01-15',
  'Welke rekenstrategieën helpen leerlingen met rekenproblemen het meest?,lager,zorgcoördinator,15/01/2024',
  'Hoe pak ik pesten op sociale media aan als klasleraar?,secundair,leraar,',
  'Wat werkt tegen cyberpesten in de eerste graad?,secundair,directie,2024-02-01',
  'Hoe stimuleer ik begrijpend lezen bij anderstalige nieuwkomers?,lager,leraar,2024-02-03',
  'Welke leesstrategieën verbeteren begrijpend lezen in het vierde leerjaar?,lager,CLB,2024-02-04',
  ',lager,leraar,2024-02-05'
].join('\n');

let t: TestApp;
let app: FastifyInstance;
let cycleId: number;
let sourceId: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  const cycle = await insertCycle(app.db, {
    name: 'Kennisagenda 2024–2027',
    startsOn: '2024-09-01',
    endsOn: '2027-08-31'
  });
  cycleId = cycle.id;
  sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'Bevraging', participantCount: null })).id;
});

afterEach(async () => {
  await t.close();
});

async function importCsv(client: Client, body: string | Buffer = CSV, query = '') {
  return client.request(
    'POST',
    `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=vragen.csv${query}`,
    body,
    {
      'content-type': 'text/csv'
    }
  );
}

/** Two committees: the member rates in the user committee, the observer watches the scientific one. */
async function committees() {
  const member = await loginAs(app, 'committee', 'lid@test.be');
  const observer = await loginAs(app, 'committee', 'waarnemer@test.be');
  const outsider = await loginAs(app, 'committee', 'buiten@test.be');
  const userCommittee = await insertCommittee(app.db, {
    cycleId,
    kind: 'user',
    name: 'Gebruikerscommissie',
    maxMembers: 20
  });
  const scientific = await insertCommittee(app.db, {
    cycleId,
    kind: 'scientific',
    name: 'Wetenschappelijke commissie',
    maxMembers: 10
  });
  const ids = await app.db.selectFrom('users').select(['id', 'email']).execute();
  const id = (email: string) => ids.find((u) => u.email === email)!.id;
  await addCommitteeMember(app.db, { committeeId: userCommittee, userId: id('lid@test.be'), membership: 'member' });
  await addCommitteeMember(app.db, {
    committeeId: scientific,
    userId: id('waarnemer@test.be'),
    membership: 'observer'
  });
  return { member, observer, outsider };
}

describe('health and API description', () => {
  it('reports status, database kind and migration', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
      migration: Object.keys(migrations).at(-1)
    });
  });

  it('publishes an OpenAPI document listing every route with its roles', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, roles: op['x-roles'] }))
    );
    const registered = app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((line) => line.includes('/api/'));
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(registered.length).toBeGreaterThan(0);
    for (const op of operations) expect(op.roles, `${op.method} ${op.path}`).toBeInstanceOf(Array);
    expect(operations).toContainEqual({ path: '/api/auth/login', method: 'post', roles: ['public'] });
    expect(operations).toContainEqual({
      path: '/api/cycles/{cycleId}/imports',
      method: 'post',
      roles: ['admin', 'staff']
    });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

describe('accounts and sessions', () => {
  it('logs in, tells who is logged in, and logs out', async () => {
    const client = await loginAs(app, 'staff', 'Staff@Test.be');
    const me = (await client.request('GET', '/api/auth/me')).json();
    expect(me.user).toMatchObject({ email: 'Staff@Test.be', role: 'staff' });
    expect(me.csrfToken).toBe(client.csrf);
    expect((await client.request('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await client.request('GET', '/api/auth/me')).json()).toEqual({ user: null, csrfToken: null });
  });

  it('matches the e-mail address case-insensitively and sets an httpOnly SameSite cookie', async () => {
    await loginAs(app, 'staff', 'iemand@test.be');
    const response = await new Client(app).login('IEMAND@test.be');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'kw_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it.each([
    { description: 'a wrong password', email: 'x@test.be', password: 'wrong-password' },
    { description: 'an unknown e-mail address', email: 'nobody@test.be', password: 'test-password-123' }
  ])('refuses $description with one and the same message', async ({ email, password }) => {
    await loginAs(app, 'staff', 'x@test.be');
    const response = await new Client(app).login(email, password);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('refuses malformed login bodies with a 400, not a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' }
    });
    expect(response.statusCode).toBe(400);
    const missing = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.c' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('validation');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const client = await loginAs(app, 'staff');
    client.csrf = null;
    const response = await importCsv(client);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf');
  });

  it('refuses a cross-site login', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@test.be', password: 'x' },
      headers: { origin: 'https://evil.example' }
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('roles', () => {
  it.each([
    { role: 'committee' as const, method: 'GET' as const, path: '/api/cycles/:cycle/themes', status: 403 },
    { role: 'director' as const, method: 'POST' as const, path: '/api/cycles/:cycle/clustering-runs', status: 403 },
    { role: 'staff' as const, method: 'GET' as const, path: '/api/me/rounds', status: 403 },
    { role: 'director' as const, method: 'GET' as const, path: '/api/cycles/:cycle/themes', status: 200 }
  ])('$role $method $path → $status', async ({ role, method, path, status }) => {
    const client = await loginAs(app, role);
    const url = path.replace(':cycle', String(cycleId));
    const response = await client.request(method, url, method === 'POST' ? {} : undefined);
    expect(response.statusCode).toBe(status);
  });

  it('sends anonymous callers a 401', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/cycles/${cycleId}/themes` });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });
});

describe('import', () => {
  it('stores every question with its source, file, row and metadata, and lists rejected rows', async () => {
    const staff = await loginAs(app, 'staff');
    const response = await importCsv(staff);
    expect(response.statusCode).toBe(201);
    const batch = response.json();
    expect(batch).toMatchObject({
      fileName: 'vragen.csv',
      encoding: 'utf-8',
      delimiter: ',',
      textColumns: ['vraag'],
      rowCount: 7,
      questionCount: 6,
      duplicateCount: 0,
      rejected: [{ row: 8, reason: 'empty' }]
    });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    const questions = (await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json();
    expect(questions).toHaveLength(6);
    expect(questions[1]).toMatchObject({
      sourceName: 'Bevraging',
      fileName: 'vragen.csv',
      rowNumber: 3,
      columnName: 'vraag',
      level: 'lager',
      askerRole: 'zorgcoördinator',
      askedOn: '2024-01-15'
    });
  });

  it('adds no duplicates when the same file is imported twice', async () => {
    const staff = await loginAs(app, 'staff');
    await importCsv(staff);
    const again = (await importCsv(staff)).json();
    expect(again).toMatchObject({ questionCount: 0, duplicateCount: 6 });
    expect((await staff.request('GET', `/api/cycles/${cycleId}/questions`)).json()).toHaveLength(6);
  });

  it.each([
    { description: 'an empty file', body: '', code: 'empty_file' },
    {
      description: 'a broken Excel file',
      body: Buffer.from('PK\u0003\u0004 not really a workbook'),
      code: 'unreadable_file'
    },
    { description: 'a header without rows', body: 'vraag,niveau\n', code: 'no_rows' },
    { description: 'a column that does not exist', body: CSV, query: '&textColumn=tekst', code: 'unknown_column' }
  ])('refuses $description with a specific message and stores nothing', async ({ body, query, code }) => {
    const staff = await loginAs(app, 'staff');
    const response = await importCsv(staff, body, query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toContain('vragen.csv');
    expect((await staff.request('GET', `/api/cycles/${cycleId}/imports`)).json()).toEqual([]);
  });

  it('refuses a file larger than the upload limit with a 413', async () => {
    await t.close();
    t = await createTestApp({ MAX_UPLOAD_MB: '1' });
    app = t.app;
    cycleId = (await insertCycle(app.db, { name: 'C', startsOn: '2024-09-01', endsOn: '2027-08-31' })).id;
    sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'B', participantCount: null })).id;
    const staff = await loginAs(app, 'staff');
    const response = await importCsv(staff, 'vraag\n' + 'x'.repeat(1024 * 1024 + 10));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('too_large');
  });
});

describe('the journey: import → themes → round → scores → ranking', () => {
  it('runs end to end under the rules of rating', async () => {
    const staff = await loginAs(app, 'staff');
    const director = await loginAs(app, 'director');
    const { member, observer, outsider } = await committees();
    await importCsv(staff);

    // Grouping runs in the background from three known themes; staff poll it, then accept the proposal.
    const started = await staff.request('POST', `/api/cycles/${cycleId}/clustering-runs`, {
      seed: 7,
      seedThemes: [
        { name: 'Rekenen', description: 'Rekenen en wiskunde: dyscalculie, rekenproblemen, rekenstrategieën.' },
        { name: 'Pesten', description: 'Pesten en cyberpesten op school en op sociale media.' },
        { name: 'Lezen', description: 'Begrijpend lezen, leesstrategieën en leesplezier.' }
      ]
    });
    expect(started.statusCode).toBe(202);
    const runUrl = `/api/cycles/${cycleId}/clustering-runs/${started.json().id}`;
    await expect
      .poll(async () => (await staff.request('GET', runUrl)).json().status, { timeout: 60_000, interval: 100 })
      .toBe('done');
    expect((await staff.request('GET', runUrl)).json()).toMatchObject({ k: 3, seed: 7, method: 'tfidf-kmeans' });
    expect((await staff.request('POST', `${runUrl}/accept`)).statusCode).toBe(200);
    const themes = (await staff.request('GET', `/api/cycles/${cycleId}/themes`)).json();
    expect(themes).toHaveLength(3);
    expect(themes.reduce((sum: number, theme: { questionCount: number }) => sum + theme.questionCount, 0)).toBe(6);
    expect(themes.map((theme: { name: string }) => theme.name).sort()).toEqual(['Lezen', 'Pesten', 'Rekenen']);

    const opened = await staff.request('POST', `/api/cycles/${cycleId}/rounds`, { name: 'Ronde 1' });
    expect(opened.statusCode).toBe(201);
    const round = opened.json();
    expect(round).toMatchObject({ status: 'open', scaleMin: 1, scaleMax: 5, themeCount: 3, blind: true });

    // Themes in a round cannot be replaced by a new grouping.
    const regroup = await staff.request('POST', `/api/cycles/${cycleId}/clustering-runs`, {});
    expect(regroup.statusCode).toBe(409);
    expect(regroup.json().error.code).toBe('themes_in_round');

    expect((await member.request('GET', '/api/me/rounds')).json()).toHaveLength(1);
    const ballot = (await member.request('GET', `/api/rounds/${round.id}/ballot`)).json();
    expect(ballot.themes).toHaveLength(3);
    const [first, second, third] = ballot.themes.map((th: { id: number }) => th.id);

    const score = (client: Client, themeId: number, value: number) =>
      client.request('PUT', `/api/rounds/${round.id}/scores`, { themeId, value });
    // The ballot opens once the member has declared their interests (here: none).
    expect((await score(member, first, 5)).json().error.code).toBe('declaration_required');
    const declared = await member.request('PUT', `/api/rounds/${round.id}/declaration`, { none: true, themes: [] });
    expect(declared.statusCode).toBe(200);
    expect((await score(member, first, 5)).statusCode).toBe(200);
    expect((await score(member, second, 2)).statusCode).toBe(200);
    expect((await score(member, third, 4)).statusCode).toBe(200);
    expect((await score(member, second, 3)).statusCode).toBe(200); // re-sending replaces

    expect((await score(member, first, 6)).json().error.code).toBe('off_scale');
    expect((await score(observer, first, 3)).statusCode).toBe(403);
    expect((await score(outsider, first, 3)).statusCode).toBe(403);
    expect((await score(member, 999999, 3)).json().error.code).toBe('unknown_theme');

    const mine = (await member.request('GET', `/api/rounds/${round.id}/ballot`)).json();
    const criterion = mine.criteria[0].id;
    expect(mine.themes.find((th: { id: number }) => th.id === second).scores).toEqual({ [criterion]: 3 });
    const progress = (await staff.request('GET', `/api/rounds/${round.id}/progress`)).json();
    expect(progress).toEqual([expect.objectContaining({ name: 'committee lid@test.be', scored: 3 })]);

    // The director sees the ranking once staff close the round.
    expect((await director.request('GET', `/api/rounds/${round.id}/ranking`)).statusCode).toBe(409);
    expect((await staff.request('POST', `/api/rounds/${round.id}/close`, {})).json().status).toBe('closed');
    expect((await score(member, first, 1)).json().error.code).toBe('round_not_open');

    const ranking = (await director.request('GET', `/api/rounds/${round.id}/ranking`)).json();
    expect(ranking.themes.map((th: { themeId: number; mean: number }) => [th.themeId, th.mean])).toEqual([
      [first, 5],
      [third, 4],
      [second, 3]
    ]);
    const csv = await director.request('GET', `/api/rounds/${round.id}/ranking.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe('rank,theme_id,theme,mean_score,raters');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^1,${first},.*,5\\.00,1$`));

    const audit = await app.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'import.create',
        'themes.discover',
        'themes.accept',
        'round.open',
        'score.create',
        'score.update',
        'round.close'
      ])
    );
  });
});
