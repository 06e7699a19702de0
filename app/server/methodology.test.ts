import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCycles } from '../../db/queries/cycles.js';
import { listRounds } from '../../db/queries/rounds.js';
import type { MethodologyDto } from '../shared/methodology.js';
import type { RaterReviewDto } from '../shared/rater-reviews.js';
import type { RoundAnalyticsDto } from '../shared/schemas.js';
import { seedDemo } from './services/demo.js';
import { PDF_HEADINGS } from './services/methodology-pdf.js';
import { Client, createTestApp, type TestApp } from './testing/test-app.js';

const PASSWORD = 'demo-password';
let t: TestApp;
let cycleId: number;
let roundId: number;
let staff: Client;
const people: { email: string; name: string }[] = [];

async function as(user: string): Promise<Client> {
  const client = new Client(t.app);
  expect((await client.login(`${user}@demo.kennisagenda.test`, PASSWORD)).statusCode).toBe(200);
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.app.db, { password: PASSWORD, hashCost: 4 });
  cycleId = (await listCycles(t.app.db))[0]!.id;
  roundId = (await listRounds(t.app.db, cycleId))[0]!.id;
  people.push(...(await t.app.db.selectFrom('users').select(['email', 'name']).execute()));
  staff = await as('staff');
});
afterAll(async () => {
  await t.close();
});

async function report(client = staff): Promise<MethodologyDto> {
  const response = await client.request('GET', `/api/cycles/${cycleId}/methodology`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function pdfText(bytes: Buffer): Promise<string> {
  // pdfjs reads the metrics of the standard fonts from its own package.
  const require = createRequire(import.meta.url);
  const standardFontDataUrl = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl }).promise;
  let text = '';
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  return text;
}

describe('the methodology report of the demo cycle', () => {
  it('counts questions per source and level as the database does', async () => {
    const dto = await report();
    const perSource = await t.app.db
      .selectFrom('questions')
      .select(['source_id', sql<number>`count(*)::int`.as('n')])
      .where('cycle_id', '=', cycleId)
      .groupBy('source_id')
      .execute();
    expect(dto.questions.bySource.map((s) => [s.sourceId, s.questions]).sort()).toEqual(
      perSource.map((r) => [r.source_id, r.n]).sort()
    );
    const total = await t.app.db
      .selectFrom('questions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('cycle_id', '=', cycleId)
      .executeTakeFirstOrThrow();
    expect(dto.questions.total).toBe(total.n);
    expect(dto.questions.byLevel.reduce((sum, l) => sum + l.questions, 0)).toBe(total.n);
    expect(
      dto.questions.inThemes + dto.questions.unassigned + dto.questions.outOfScope + dto.questions.duplicates
    ).toBe(total.n);
    expect(dto.focusGroups).toEqual([expect.objectContaining({ kind: 'focusgroup', participants: 55 })]);
  });

  it('reports imports, theme formation, the round with response rates, agreement, conflicts and unusual raters', async () => {
    const dto = await report();
    const batches = await t.app.db.selectFrom('import_batches').select(['row_count', 'question_count']).execute();
    expect(dto.cleaning.batches.map((b) => b.rows).sort()).toEqual(batches.map((b) => b.row_count).sort());
    expect(dto.themes.runs).toHaveLength(1);
    const themes = await t.app.db.selectFrom('themes').select('id').where('cycle_id', '=', cycleId).execute();
    expect(dto.themes.total).toBe(themes.length);

    const [round] = dto.rounds;
    expect(round).toMatchObject({ name: 'Prioritering 2024', status: 'closed', themes: themes.length });
    expect(round!.criteria.map((c) => c.weight)).toEqual([3, 2, 1, 2, 1]);
    const scientific = round!.committees.find((c) => c.kind === 'scientific')!;
    expect(scientific).toMatchObject({ raters: 5, observers: 1, submitted: 5 });
    const submissions = await t.app.db
      .selectFrom('round_submissions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow();
    expect(round!.committees.reduce((sum, c) => sum + c.submitted, 0)).toBe(submissions.n);
    expect(round!.agreement).toHaveLength(2 * 5);
    expect(round!.agreement.every((a) => a.alpha === null || (a.alpha <= 1 && a.alpha >= -1))).toBe(true);
    expect(round!.conflicts).toMatchObject({ recusals: 1, membersRecused: 1 });
    expect(round!.unusual!.flagged).toBeGreaterThanOrEqual(1);
    expect(round!.unusual!.reasons.map((r) => r.kind)).toContain('straight_lining');
    expect(round!.changes).toBeNull();
    // The demo ships with version 1 of its agenda, published by the director.
    const published = await t.app.db
      .selectFrom('agenda_versions')
      .select(['number', 'published_at'])
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(dto.decision).toEqual({
      number: published.number,
      publishedAt: published.published_at!.toISOString(),
      publishedByRole: 'director'
    });
  });

  it('holds no e-mail address and no name of a person', async () => {
    const text = JSON.stringify(await report());
    expect(text).not.toMatch(/@/);
    for (const person of people) expect(text).not.toContain(person.name);
  });

  it('is a PDF with the section headings and page numbers', async () => {
    const response = await staff.request('GET', `/api/cycles/${cycleId}/methodology.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    for (const heading of Object.values(PDF_HEADINGS)) {
      expect(text.replace(/\s+/g, ' ')).toContain(heading);
    }
    expect(text).toContain('Prioritering 2024');
    expect(text).toMatch(/Pagina 1 van \d/);
    for (const person of people) expect(text).not.toContain(person.name);
  });

  it('is for staff and the director, not for committee members', async () => {
    expect((await report(await as('director'))).cycle.id).toBe(cycleId);
    const member = await as('gebruiker1');
    expect((await member.request('GET', `/api/cycles/${cycleId}/methodology`)).statusCode).toBe(403);
    expect((await member.request('GET', `/api/cycles/${cycleId}/methodology.pdf`)).statusCode).toBe(403);
    expect((await staff.request('GET', `/api/cycles/999/methodology`)).statusCode).toBe(404);
  });
});

describe('handling unusual raters', () => {
  const straightLiner = async () =>
    (
      await t.app.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'gebruiker4@demo.kennisagenda.test')
        .executeTakeFirstOrThrow()
    ).id;

  it('records a decision, audits it, and an exclusion leaves the rater out of the combined ranking', async () => {
    const userId = await straightLiner();
    const url = `/api/rounds/${roundId}/rater-reviews/${userId}`;
    const before: RoundAnalyticsDto = (await staff.request('GET', `/api/rounds/${roundId}/analytics`)).json();
    expect(before.raters.find((r) => r.userId === userId)!.scores).toBeGreaterThan(0);

    const kept = await staff.request('PUT', url, { decision: 'kept', note: 'Besproken met de voorzitter.' });
    expect(kept.statusCode, kept.body).toBe(200);
    const excluded = await staff.request('PUT', url, { decision: 'excluded', note: 'Overal 5 gegeven.' });
    expect(excluded.json<RaterReviewDto>()).toMatchObject({ decision: 'excluded', note: 'Overal 5 gegeven.' });

    const after: RoundAnalyticsDto = (await staff.request('GET', `/api/rounds/${roundId}/analytics`)).json();
    expect(after.raters.find((r) => r.userId === userId)!.scores).toBe(0);
    const user = after.committees.find((c) => c.kind === 'user')!;
    expect(user.raters).toBe(before.committees.find((c) => c.kind === 'user')!.raters - 1);

    const list = (await staff.request('GET', `/api/rounds/${roundId}/rater-reviews`)).json<{
      reviews: RaterReviewDto[];
    }>();
    expect(list.reviews).toEqual([expect.objectContaining({ userId, decision: 'excluded' })]);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'rater_review.set')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.after)).toEqual([
      { decision: 'kept', note: 'Besproken met de voorzitter.' },
      { decision: 'excluded', note: 'Overal 5 gegeven.' }
    ]);
    expect(audit[1]!.before).toEqual({ decision: 'kept', note: 'Besproken met de voorzitter.' });

    const round = (await report()).rounds[0]!;
    expect(round.unusual).toMatchObject({ kept: 0, revised: 0, excluded: 1 });
  });

  it('refuses bad input, non-raters and other roles', async () => {
    const userId = await straightLiner();
    const url = `/api/rounds/${roundId}/rater-reviews/${userId}`;
    expect((await staff.request('PUT', url, { decision: 'ignored' })).statusCode).toBe(400);
    const observer = await t.app.db
      .selectFrom('committee_members')
      .select('user_id')
      .where('membership', '=', 'observer')
      .executeTakeFirstOrThrow();
    const notRater = await staff.request('PUT', `/api/rounds/${roundId}/rater-reviews/${observer.user_id}`, {
      decision: 'kept'
    });
    expect(notRater.statusCode).toBe(409);
    expect(notRater.json().error.code).toBe('not_a_rater');
    expect(
      (await staff.request('PUT', `/api/rounds/9999/rater-reviews/${userId}`, { decision: 'kept' })).statusCode
    ).toBe(404);
    const director = await as('director');
    expect((await director.request('PUT', url, { decision: 'kept' })).statusCode).toBe(403);
    expect((await director.request('GET', `/api/rounds/${roundId}/rater-reviews`)).statusCode).toBe(200);
  });
});
