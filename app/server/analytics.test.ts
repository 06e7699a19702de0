import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCommitteeMember } from '../../db/queries/cycles.js';
import type { RoundAnalyticsDto } from '../shared/schemas.js';
import { parseWeights } from './services/analytics.js';
import {
  type BallotFixture,
  ballotFixture,
  closeTestRound,
  type FixtureMember,
  insertTestRound
} from './testing/ballot-fixture.js';
import { loginAs, createTestApp, type TestApp } from './testing/test-app.js';

describe('parseWeights', () => {
  it.each([
    { description: 'none given: equal', text: undefined, expected: [1, 1] },
    { description: 'one named, the other keeps 1', text: '8:2.5', expected: [1, 2.5] },
    { description: 'both, with spaces', text: ' 7:0 , 8:3 ', expected: [0, 3] }
  ])('$description', ({ text, expected }) => {
    expect(parseWeights(text, [7, 8])).toEqual(expected);
  });

  it.each([
    { description: 'a committee outside the round', text: '9:1', code: 'unknown_committee' },
    { description: 'every weight 0', text: '7:0,8:0', code: 'no_committee_weight' }
  ])('refuses $description', ({ text, code }) => {
    expect(() => parseWeights(text, [7, 8])).toThrow(expect.objectContaining({ code }));
  });
});

describe('round analytics through the API', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;
  /** Scientific committee: c, d and three more; user committee: a, b. */
  let scientific: FixtureMember[];

  beforeEach(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
    scientific = [f.members.c, f.members.d];
    for (const email of ['lid-e@test.be', 'lid-f@test.be', 'lid-g@test.be']) {
      const client = await loginAs(app, 'committee', email);
      const user = await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      await addCommitteeMember(app.db, { committeeId: f.committees.scientific, userId: user.id, membership: 'member' });
      scientific.push({ client, userId: user.id, email });
    }
  });

  afterEach(async () => {
    await t.close();
  });

  const themes = () => [f.themes.rekenen, f.themes.pesten, f.themes.lezen];

  async function scoredRound(): Promise<{ id: number; criteria: number[] }> {
    const round = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: themes(),
      committeeIds: [f.committees.user, f.committees.scientific],
      criteria: ['Relevantie', 'Urgentie']
    });
    const [relevance, urgency] = round.criteria as [number, number];
    const rows: {
      round_id: number;
      user_id: number;
      theme_id: number;
      criterion_id: number;
      value: number | null;
      dont_know: boolean;
    }[] = [];
    const give = (m: FixtureMember, theme: number, values: [number | null, number | null]) => {
      values.forEach((value, i) =>
        rows.push({
          round_id: round.id,
          user_id: m.userId,
          theme_id: theme,
          criterion_id: i === 0 ? relevance : urgency,
          value,
          dont_know: value === null
        })
      );
    };
    const { rekenen, pesten, lezen } = f.themes;
    // Scientific: four agree (rekenen > lezen > pesten), g scores 3 everywhere (straight-lining).
    for (const m of scientific.slice(0, 4)) {
      give(m, rekenen, [5, 4]);
      give(m, lezen, [4, 3]);
      give(m, pesten, [2, 2]);
    }
    for (const theme of themes()) give(scientific[4]!, theme, [3, 3]);
    // User committee: pesten first; b answers "weet ik niet" on urgency of lezen; a is recused from rekenen.
    give(f.members.a, pesten, [5, 5]);
    give(f.members.a, lezen, [3, 3]);
    give(f.members.b, rekenen, [3, 2]);
    give(f.members.b, pesten, [5, 4]);
    give(f.members.b, lezen, [3, null]);
    await app.db.insertInto('scores').values(rows).execute();
    await app.db
      .insertInto('conflict_declarations')
      .values({ round_id: round.id, user_id: f.members.a.userId, kind: 'theme', theme_id: rekenen })
      .execute();
    return round;
  }

  const analytics = async (roundId: number, query = ''): Promise<RoundAnalyticsDto> => {
    const response = await f.staff.request('GET', `/api/rounds/${roundId}/analytics${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('ranks per committee and combined, with figures per cell, recusals and "weet ik niet" counted', async () => {
    const round = await scoredRound();
    const result = await analytics(round.id, '?topN=1');
    expect(result.committees.map((c) => [c.name, c.seats, c.raters, c.weight])).toEqual([
      ['Wetenschappelijke commissie', 5, 5, 1],
      ['Gebruikerscommissie', 2, 2, 1]
    ]);
    const byName = new Map(result.themes.map((th) => [th.name, th]));
    const rekenen = byName.get('Rekenen')!;
    // Scientific: relevance (4 · 5 + 3) / 5 = 4.6, urgency (4 · 4 + 3) / 5 = 3.8 → 4.2; rank 1.
    expect(rekenen.committees[0]).toMatchObject({ rank: 1, raters: 5, recused: 0 });
    expect(rekenen.committees[0]!.weighted).toBeCloseTo(4.2, 10);
    expect(rekenen.committees[0]!.chnri).toBeCloseTo(80, 10);
    // User: only b scored (a recused): (3 + 2) / 2 = 2.5 → rank 3 of 3.
    expect(rekenen.committees[1]).toMatchObject({ rank: 3, raters: 1, recused: 1 });
    expect(rekenen.combinedValue).toBe(2);
    const pesten = byName.get('Pesten')!;
    expect(pesten.committees.map((c) => c.rank)).toEqual([3, 1]);
    expect(byName.get('Lezen')!.committees[1]!.dontKnow).toBe(1);
    // Combined: rekenen (1 + 3) / 2 = 2, lezen (2 + 2) / 2 = 2, pesten (3 + 1) / 2 = 2: a three-way tie.
    expect(result.themes.map((th) => th.combinedRank)).toEqual([1, 1, 1]);
    expect(result.themes.every((th) => th.topNShare !== null && th.topNShare >= 0 && th.topNShare <= 1)).toBe(true);
    // With a top N as large as the round, every theme is always in it.
    expect((await analytics(round.id, '?topN=3')).themes.map((th) => th.topNShare)).toEqual([1, 1, 1]);

    const cell = result.cells.find(
      (c) =>
        c.themeId === f.themes.rekenen &&
        c.committeeId === f.committees.scientific &&
        c.criterionId === round.criteria[0]
    )!;
    expect(cell).toMatchObject({ n: 5, median: 5, q1: 5, q3: 5, iqr: 0, distribution: [0, 0, 1, 0, 4] });
    expect(cell.withinOne).toBeCloseTo(0.8, 10);
    const recusedCell = result.cells.find(
      (c) =>
        c.themeId === f.themes.rekenen && c.committeeId === f.committees.user && c.criterionId === round.criteria[0]
    )!;
    expect(recusedCell).toMatchObject({ n: 1, recused: 1, dontKnow: 0 });
  });

  it('flags a straight-lining rater, says which themes move without them, and weights committees', async () => {
    const round = await scoredRound();
    const result = await analytics(round.id);
    const g = result.raters.find((r) => r.userId === scientific[4]!.userId)!;
    expect(g.flags).toContainEqual(expect.objectContaining({ kind: 'straight_lining', value: 3 }));
    expect(g.whatIf).not.toBeNull();
    expect(result.raters.find((r) => r.userId === scientific[0]!.userId)!.whatIf).toBeNull();
    expect(result.agreement).toHaveLength(4);
    const scientificRelevance = result.agreement.find(
      (a) => a.committeeId === f.committees.scientific && a.criterionId === round.criteria[0]
    )!;
    expect(scientificRelevance).toMatchObject({ raters: 5, units: 3 });
    expect(scientificRelevance.alpha).not.toBeNull();
    expect(result.comparison).toMatchObject({
      committeeA: f.committees.scientific,
      committeeB: f.committees.user
    });

    // Only the scientific committee counts: its order becomes the combined order.
    const weighted = await analytics(round.id, `?weights=${f.committees.user}:0`);
    expect(weighted.themes.map((th) => [th.name, th.combinedRank])).toEqual([
      ['Rekenen', 1],
      ['Lezen', 2],
      ['Pesten', 3]
    ]);
  });

  it('downloads every table as CSV and all of them as one workbook', async () => {
    const round = await scoredRound();
    const csv = await f.staff.request('GET', `/api/rounds/${round.id}/analytics.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const ranking = Papa.parse<Record<string, string>>(csv.body.replace(/^\uFEFF/, ''), { header: true });
    expect(ranking.data.map((row) => row.theme).sort()).toEqual(['Lezen', 'Pesten', 'Rekenen']);
    expect(ranking.meta.fields).toContain('wetenschappelijke_commissie_chnri');

    const agreementCsv = await f.staff.request('GET', `/api/rounds/${round.id}/analytics.csv?table=agreement`);
    expect(agreementCsv.body).toContain('krippendorff_alpha_ordinal');

    const xlsx = await f.staff.request('GET', `/api/rounds/${round.id}/analytics.xlsx?level=interval`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Rangschikking',
      'Per criterium',
      'Overeenstemming',
      'Beoordelaars',
      'Commissies naast elkaar'
    ]);
    expect(workbook.getWorksheet('Overeenstemming')!.getRow(1).getCell(3).value).toBe('krippendorff_alpha_interval');
    expect(workbook.getWorksheet('Per criterium')!.rowCount).toBe(1 + 3 * 2 * 2);
  });

  it('turns a ranking round into Borda points and measures agreement with Kendall’s W', async () => {
    const round = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: themes(),
      committeeIds: [f.committees.scientific],
      scaleKind: 'ranking',
      scaleMax: 2,
      rankTopN: 2
    });
    const { rekenen, pesten, lezen } = f.themes;
    const ranks: [FixtureMember, number, number][] = [
      [scientific[0]!, rekenen, 1],
      [scientific[0]!, lezen, 2],
      [scientific[1]!, rekenen, 1],
      [scientific[1]!, lezen, 2],
      [scientific[2]!, rekenen, 1],
      [scientific[2]!, pesten, 2]
    ];
    await app.db
      .insertInto('scores')
      .values(
        ranks.map(([m, theme, value]) => ({
          round_id: round.id,
          user_id: m.userId,
          theme_id: theme,
          criterion_id: round.criteria[0]!,
          value,
          dont_know: false
        }))
      )
      .execute();
    const result = await analytics(round.id);
    expect([result.scaleMin, result.scaleMax]).toEqual([0, 2]);
    expect(result.themes.map((th) => th.name)).toEqual(['Rekenen', 'Lezen', 'Pesten']);
    expect(result.themes[0]!.committees[0]!.weighted).toBe(2);
    const pestenCell = result.cells.find((c) => c.themeId === pesten)!;
    expect(pestenCell.distribution).toEqual([2, 1, 0]);
    // Borda points (lezen, pesten, rekenen) (1,0,2), (1,0,2), (0,1,2): W = 12 S / (m²(n³ − n)) = 0.7778 (numpy).
    expect(result.agreement[0]!.kendallW).toBeCloseTo(0.7778, 4);
  });

  it('refuses what it cannot analyse, with a reason', async () => {
    const draft = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: themes(),
      committeeIds: [f.committees.user],
      status: 'draft'
    });
    const feedback = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: themes(),
      committeeIds: [f.committees.user],
      kind: 'feedback'
    });
    const open = await scoredRound();
    const cases: [string, typeof f.staff, number, string][] = [
      ['draft', f.staff, draft.id, 'round_draft'],
      ['feedback', f.staff, feedback.id, 'feedback_round'],
      ['open round, director', f.director, open.id, 'round_open']
    ];
    for (const [, client, id, code] of cases) {
      const response = await client.request('GET', `/api/rounds/${id}/analytics`);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code } });
    }
    const badWeight = await f.staff.request('GET', `/api/rounds/${open.id}/analytics?weights=999:1`);
    expect(badWeight.statusCode).toBe(400);
    expect(badWeight.json()).toMatchObject({ error: { code: 'unknown_committee' } });
    const badLevel = await f.staff.request('GET', `/api/rounds/${open.id}/analytics?level=cardinal`);
    expect(badLevel.statusCode).toBe(400);
    expect((await f.members.a.client.request('GET', `/api/rounds/${open.id}/analytics`)).statusCode).toBe(403);
    expect((await f.staff.request('GET', '/api/rounds/999999/analytics')).statusCode).toBe(404);

    await closeTestRound(app.db, open.id);
    expect((await f.director.request('GET', `/api/rounds/${open.id}/analytics`)).statusCode).toBe(200);
  });
});
