import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Value } from 'typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgendaDto, type AgendaPreviewDto, type AgendaVersionDto, type PublicAgendaDto } from '../shared/agenda.js';
import { proposeAgenda, publishProposal, reviewProposal } from './services/agenda.js';
import { type BallotFixture, ballotFixture } from './testing/ballot-fixture.js';
import { type Client, createTestApp, type TestApp } from './testing/test-app.js';

const require = createRequire(import.meta.url);

let t: TestApp;
let app: FastifyInstance;
let fx: BallotFixture;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  fx = await ballotFixture(app);
  // Rekenen in the first school year, Lezen in the second, Pesten overarching; a route and an output for Rekenen.
  await place(fx.themes.rekenen, '2024-09-01');
  await place(fx.themes.lezen, '2025-09-01');
  await app.db.updateTable('themes').set({ is_overarching: true }).where('id', '=', fx.themes.pesten).execute();
  await app.db
    .insertInto('theme_routes')
    .values({ theme_id: fx.themes.rekenen, evidence_status: 'enough', planned_output: 'guide' })
    .execute();
  await app.db
    .insertInto('theme_outputs')
    .values({ theme_id: fx.themes.rekenen, kind: 'guide', title: 'Leidraad dyscalculie', status: 'in_progress' })
    .execute();
});

afterEach(async () => {
  await t.close();
});

async function place(themeId: number, year: string | null) {
  await app.db
    .insertInto('theme_placements')
    .values({ theme_id: themeId, cycle_id: fx.cycleId, year_starts_on: year })
    .onConflict((oc) => oc.column('theme_id').doUpdateSet({ year_starts_on: year }))
    .execute();
}

const anonymous = () => ({
  get: (url: string) => app.inject({ method: 'GET', url })
});

function ok<T>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** Staff propose, the director approves and publishes: the published version. */
async function publishVia(proposer: Client, note = 'Voorstel'): Promise<AgendaVersionDto> {
  const proposal = ok<AgendaVersionDto>(
    await proposer.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, { note })
  );
  ok(await fx.director.request('POST', `/api/agenda/proposals/${proposal.id}/approve`, { note: 'Akkoord' }));
  return ok<AgendaVersionDto>(await fx.director.request('POST', `/api/agenda/proposals/${proposal.id}/publish`));
}

describe('agenda preview', () => {
  it('shows placed themes per school year alphabetically, then the overarching ones, without personal data', async () => {
    await place(fx.themes.pesten, '2024-09-01');
    const extra = await app.db
      .insertInto('themes')
      .values({ cycle_id: fx.cycleId, run_id: null, name: 'Ééntaligheid', description: 'Taalbeleid.' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await place(extra.id, '2024-09-01');
    const preview = ok<AgendaPreviewDto>(await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/agenda/preview`));
    expect(Value.Check(AgendaDto, preview.agenda)).toBe(true);
    expect(preview.agenda.version).toBeNull();
    expect(preview.agenda.schoolYears.map((y) => y.label)).toEqual(['2024–2025', '2025–2026', '2026–2027']);
    // Overarching wins over a placement; "Éé" sorts as "Ee", before "Rekenen".
    expect(preview.agenda.schoolYears[0]!.themes.map((th) => th.name)).toEqual(['Ééntaligheid', 'Rekenen']);
    expect(preview.agenda.schoolYears[1]!.themes.map((th) => th.name)).toEqual(['Lezen']);
    expect(preview.agenda.overarching.map((th) => th.name)).toEqual(['Pesten']);
    const rekenen = preview.agenda.schoolYears[0]!.themes[1]!;
    expect(rekenen).toMatchObject({
      questionCount: 6,
      evidenceStatus: 'enough',
      plannedOutput: 'guide',
      outputs: [{ kind: 'guide', title: 'Leidraad dyscalculie', url: null, status: 'in_progress' }]
    });
    expect(JSON.stringify(preview)).not.toMatch(/Peeters|@school\.be|0470/);
    expect(preview.againstNumber).toBeNull();
    expect(preview.changes.added.map((c) => c.name).sort((a, b) => a.localeCompare(b, 'nl-BE'))).toEqual([
      'Ééntaligheid',
      'Lezen',
      'Pesten',
      'Rekenen'
    ]);
  });

  it('lists themes on no school year apart, and leaves them out of the agenda', async () => {
    await place(fx.themes.lezen, null);
    const preview = ok<AgendaPreviewDto>(await fx.director.request('GET', `/api/cycles/${fx.cycleId}/agenda/preview`));
    expect(preview.notPlaced).toEqual([{ id: fx.themes.lezen, name: 'Lezen' }]);
    expect(JSON.stringify(preview.agenda)).not.toContain('Lezen');
  });
});

describe('publication', () => {
  it('lets staff propose but only the director approve and publish; committees see nothing', async () => {
    const committee = fx.members.a.client;
    expect((await committee.request('GET', `/api/cycles/${fx.cycleId}/agenda/preview`)).statusCode).toBe(403);
    expect((await committee.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, {})).statusCode).toBe(403);

    const proposal = ok<AgendaVersionDto>(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, { note: 'Eerste voorstel' })
    );
    expect(proposal).toMatchObject({
      status: 'proposed',
      number: null,
      themeCount: 3,
      proposalNote: 'Eerste voorstel'
    });
    for (const client of [fx.staff, committee]) {
      for (const action of ['approve', 'reject', 'publish']) {
        const response = await client.request('POST', `/api/agenda/proposals/${proposal.id}/${action}`, {});
        expect(response.statusCode, `${action}`).toBe(403);
      }
    }
    expect((await anonymous().get(`/api/cycles/${fx.cycleId}/agenda/versions`)).statusCode).toBe(401);

    // Publishing before approval is refused.
    const early = await fx.director.request('POST', `/api/agenda/proposals/${proposal.id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('agenda_not_approved');

    ok(await fx.director.request('POST', `/api/agenda/proposals/${proposal.id}/approve`, { note: 'Akkoord' }));
    const published = ok<AgendaVersionDto>(
      await fx.director.request('POST', `/api/agenda/proposals/${proposal.id}/publish`)
    );
    expect(published).toMatchObject({ status: 'published', number: 1, reviewNote: 'Akkoord' });
    expect(published.publishedBy?.name).toMatch(/^director/);

    const cycle = await app.db.selectFrom('cycles').select('phase').where('id', '=', fx.cycleId).executeTakeFirst();
    expect(cycle?.phase).toBe('published');
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'agenda_version')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['agenda.propose', 'agenda.approve', 'agenda.publish']);
    expect(audit[2]).toMatchObject({ before: { status: 'approved' }, after: { status: 'published', number: 1 } });

    // Anyone reads the published agenda, without logging in.
    const json = ok<AgendaDto>(await anonymous().get('/agenda.json'));
    expect(Value.Check(AgendaDto, json)).toBe(true);
    expect(json.version?.number).toBe(1);
    expect(json.schoolYears[0]!.themes.map((th) => th.name)).toEqual(['Rekenen']);
  });

  it('numbers versions 1, 2 and keeps the earlier one readable and unchanged', async () => {
    const v1 = await publishVia(fx.staff);
    expect(v1.number).toBe(1);
    const firstJson = ok<AgendaDto>(await anonymous().get('/agenda/v1.json'));

    await app.db
      .updateTable('themes')
      .set({ name: 'Rekenen en wiskunde' })
      .where('id', '=', fx.themes.rekenen)
      .execute();
    await place(fx.themes.lezen, '2026-09-01');
    const preview = ok<AgendaPreviewDto>(await fx.director.request('GET', `/api/cycles/${fx.cycleId}/agenda/preview`));
    expect(preview.againstNumber).toBe(1);
    expect(preview.changes).toEqual({
      added: [],
      removed: [],
      moved: [{ id: fx.themes.lezen, name: 'Lezen', from: '2025–2026', to: '2026–2027' }],
      renamed: [{ id: fx.themes.rekenen, from: 'Rekenen', to: 'Rekenen en wiskunde' }]
    });

    const v2 = await publishVia(fx.director, 'Correctie');
    expect(v2.number).toBe(2);
    expect(ok<AgendaDto>(await anonymous().get('/agenda/v1.json'))).toEqual(firstJson);
    const latest = ok<AgendaDto>(await anonymous().get('/agenda.json'));
    expect(latest.version?.number).toBe(2);
    expect(latest.schoolYears[0]!.themes[0]!.name).toBe('Rekenen en wiskunde');

    const page = ok<PublicAgendaDto>(await anonymous().get('/api/agenda/versions/1'));
    expect(page.agenda?.version?.number).toBe(1);
    expect(page.latestNumber).toBe(2);
    expect(page.versions.map((v) => v.number)).toEqual([1, 2]);

    const list = ok<{ versions: AgendaVersionDto[] }>(
      await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/agenda/versions`)
    );
    expect(list.versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'published'],
      [1, 'published']
    ]);
  });

  it('never changes a published version through the API', async () => {
    const v1 = await publishVia(fx.staff);
    for (const action of ['approve', 'reject', 'publish']) {
      const response = await fx.director.request('POST', `/api/agenda/proposals/${v1.id}/${action}`, {});
      expect(response.statusCode, action).toBe(409);
    }
    for (const method of ['PUT', 'DELETE'] as const) {
      expect((await fx.director.request(method, `/api/agenda/proposals/${v1.id}`, {})).statusCode).toBe(404);
    }
    const row = await app.db
      .selectFrom('agenda_versions')
      .select(['status', 'number'])
      .where('id', '=', v1.id)
      .executeTakeFirst();
    expect(row).toEqual({ status: 'published', number: 1 });
  });

  it('refuses a second open proposal, and a rejected one makes room for the next', async () => {
    const first = ok<AgendaVersionDto>(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, {})
    );
    const second = await fx.director.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, {});
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'agenda_open_proposal', details: { id: first.id } });
    expect(second.json().error.message).toContain(`Proposal ${first.id}`);

    const rejected = ok<AgendaVersionDto>(
      await fx.director.request('POST', `/api/agenda/proposals/${first.id}/reject`, { note: 'Lezen eerst' })
    );
    expect(rejected).toMatchObject({ status: 'rejected', reviewNote: 'Lezen eerst', number: null });
    expect((await fx.director.request('POST', `/api/agenda/proposals/${first.id}/publish`)).statusCode).toBe(409);
    expect((await anonymous().get('/agenda.json')).statusCode).toBe(404);

    const again = await publishVia(fx.staff);
    expect(again.number).toBe(1);
  });

  it('refuses an empty agenda, unknown proposals and unknown cycles with clear errors', async () => {
    await app.db.deleteFrom('theme_placements').execute();
    await app.db.updateTable('themes').set({ is_overarching: false }).execute();
    const empty = await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, {});
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('agenda_empty');
    expect((await fx.director.request('POST', '/api/agenda/proposals/999/approve', {})).statusCode).toBe(404);
    expect((await fx.staff.request('GET', '/api/cycles/999/agenda/preview')).statusCode).toBe(404);
    const bad = await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/agenda/proposals`, { note: 5, extra: 1 });
    expect(bad.statusCode).toBe(400);
  });

  it('works inside a caller’s transaction (the demo seed)', async () => {
    const staff = await app.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'director')
      .executeTakeFirstOrThrow();
    const published = await app.db.transaction().execute(async (trx) => {
      const proposal = await proposeAgenda(trx, { cycleId: fx.cycleId, userId: null, note: 'Demo' });
      await reviewProposal(trx, { id: proposal.id, userId: staff.id, approve: true, note: '' });
      return publishProposal(trx, { id: proposal.id, userId: staff.id });
    });
    expect(published).toMatchObject({ number: 1, status: 'published' });
  });
});

describe('public agenda and exports', () => {
  it('answers 404 before the first publication, with an empty page model', async () => {
    const json = await anonymous().get('/agenda.json');
    expect(json.statusCode).toBe(404);
    expect(json.json().error.code).toBe('not_found');
    expect(ok<PublicAgendaDto>(await anonymous().get('/api/agenda'))).toEqual({
      agenda: null,
      latestNumber: null,
      versions: []
    });
    expect((await anonymous().get('/agenda/v1.pdf')).statusCode).toBe(404);
    expect((await anonymous().get('/api/agenda/versions/1')).statusCode).toBe(404);
  });

  it('exports a version as XLSX, CSV and PDF that hold the themes', async () => {
    // A theme name that a spreadsheet would run as a formula, and characters outside the PDF fonts' WinAnsi.
    await app.db
      .updateTable('themes')
      .set({ name: '=Pesten en cyberpesten', description: 'Ook online – ≥ 3 keer per week' })
      .where('id', '=', fx.themes.pesten)
      .execute();
    await publishVia(fx.staff);

    const xlsx = await anonymous().get('/agenda/v1.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('kennisagenda-2024-2027-v1.xlsx');
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Kennisagenda');
    const cells: string[][] = [];
    sheet?.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map(String)));
    expect(cells[0]).toEqual([
      'Schooljaar',
      'Thema',
      'Beschrijving',
      'Overkoepelend',
      'Ad hoc',
      'Kennisstatus',
      'Gepland product',
      'Aantal vragen'
    ]);
    expect(cells.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['2024–2025', 'Rekenen'],
      ['2025–2026', 'Lezen'],
      ['alle schooljaren', "'=Pesten en cyberpesten"]
    ]);
    expect(cells[1]).toEqual([
      '2024–2025',
      'Rekenen',
      'Reken- en wiskundeonderwijs, dyscalculie.',
      'nee',
      'nee',
      'voldoende kennis',
      'leidraad',
      '6'
    ]);

    const csv = await anonymous().get('/agenda/v1.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain("'=Pesten en cyberpesten");
    expect(csv.body).toContain('2025–2026,Lezen');

    const pdf = await anonymous().get('/agenda/v1.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // pdfjs reads the metrics of the standard fonts from its own package.
    const standardFontDataUrl = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
    const document = await getDocument({ data: new Uint8Array(pdf.rawPayload), standardFontDataUrl }).promise;
    let text = '';
    for (let i = 1; i <= document.numPages; i++) {
      const content = await (await document.getPage(i)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
    }
    for (const name of ['Rekenen', 'Lezen', '=Pesten en cyberpesten', 'Schooljaar 2024–2025', 'Versie 1']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Ook online – >= 3 keer per week');
    expect(text).toMatch(/Pagina 1 van \d/);

    expect((await anonymous().get('/agenda/v2.xlsx')).statusCode).toBe(404);
  });
});
