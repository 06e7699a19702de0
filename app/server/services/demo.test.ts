import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCommittees, listCycles, listSources } from '../../../db/queries/cycles.js';
import { listRecusals, listRounds } from '../../../db/queries/rounds.js';
import { listThemes } from '../../../db/queries/themes.js';
import type { AgendaDto } from '../../shared/agenda.js';
import { Client, createTestApp, type TestApp } from '../testing/test-app.js';
import { roundAnalytics } from './analytics.js';
import { monitorRound } from './rounds.js';
import { seedDemo } from './demo.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('seedDemo', () => {
  it('creates the demo cycle once, with accounts for every role, three sources, two committees and themes', async () => {
    const accounts = await seedDemo(t.app.db, { password: 'demo-password', hashCost: 10 });
    const emails = accounts!.map((a) => a.email);
    for (const email of ['staff', 'director', 'admin', 'wetenschap1', 'gebruiker1']) {
      expect(emails).toContain(`${email}@demo.kennisagenda.test`);
    }
    const [cycle] = await listCycles(t.app.db);
    expect(cycle).toMatchObject({ name: 'Kennisagenda 2024–2027', startsOn: '2024-09-01', endsOn: '2027-08-31' });
    const sources = await listSources(t.app.db, cycle!.id);
    expect(sources.map((s) => s.kind)).toEqual(['vraagpunt', 'survey', 'focusgroup']);
    expect(sources.every((s) => s.questionCount > 5)).toBe(true);
    expect(sources.find((s) => s.kind === 'focusgroup')!.participantCount).toBe(55);
    const committees = await listCommittees(t.app.db, cycle!.id);
    expect(committees.map((c) => c.kind).sort()).toEqual(['scientific', 'user']);
    expect(committees.find((c) => c.kind === 'scientific')!.members.some((m) => m.membership === 'observer')).toBe(
      true
    );
    expect((await listThemes(t.app.db, cycle!.id)).length).toBeGreaterThan(2);

    expect(await seedDemo(t.app.db, { password: 'other', hashCost: 10 })).toBeNull();
    expect((await new Client(t.app).login('gebruiker1@demo.kennisagenda.test', 'demo-password')).statusCode).toBe(200);
  });

  it('ships a closed rating round with every member’s scores, one recusal and one flagged rater', async () => {
    await seedDemo(t.app.db, { password: 'demo-password', hashCost: 4 });
    const [cycle] = await listCycles(t.app.db);
    const [round] = await listRounds(t.app.db, cycle!.id);
    expect(round).toMatchObject({ name: 'Prioritering 2024', kind: 'rating', status: 'closed' });
    expect(round!.themeCount).toBe((await listThemes(t.app.db, cycle!.id)).length);
    expect(round!.committeeIds).toHaveLength(2);

    const monitor = await monitorRound(t.app.db, round!.id);
    // Everyone but the observer rates (5 + 6), and everyone who rates submitted.
    expect(monitor.members).toHaveLength(11);
    expect(monitor.members.every((m) => m.state === 'submitted')).toBe(true);
    expect(await listRecusals(t.app.db, round!.id)).toHaveLength(1);

    const analytics = await roundAnalytics(t.app.db, round!.id, {}, 'staff');
    expect(analytics.criteria.length).toBeGreaterThanOrEqual(4);
    const flagged = analytics.raters.filter((r) => r.flags.length > 0);
    expect(flagged.map((r) => r.name)).toContain('Youssef Benali');
    expect(flagged.find((r) => r.name === 'Youssef Benali')!.flags.map((f) => f.kind)).toContain('straight_lining');
    expect(analytics.themes.every((th) => th.combinedRank !== null)).toBe(true);
  });

  it('publishes version 1 of an agenda whose structure matches the fixtures', async () => {
    await seedDemo(t.app.db, { password: 'demo-password', hashCost: 4 });
    const fixture = JSON.parse(await readFile(new URL('../../../fixtures/demo/cycle.json', import.meta.url), 'utf8'));
    const [cycle] = await listCycles(t.app.db);
    const themes = await listThemes(t.app.db, cycle!.id);
    const byKeyword = (keyword: string) => themes.filter((th) => th.keywords.includes(keyword)).map((th) => th.name);

    const response = await t.app.inject({ method: 'GET', url: '/agenda.json' });
    expect(response.statusCode).toBe(200);
    const agenda = response.json() as AgendaDto;
    expect(agenda.version).toMatchObject({ number: 1 });
    expect(agenda.cycle.name).toBe(fixture.cycle.name);
    expect(agenda.schoolYears.map((y) => y.label)).toEqual(['2024–2025', '2025–2026', '2026–2027']);
    agenda.schoolYears.forEach((year, i) => {
      expect(year.themes.length).toBeLessThanOrEqual(fixture.agenda.capacities[i]);
      const names = year.themes.map((th) => th.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'nl-BE')));
    });
    const overarching = fixture.agenda.overarching.flatMap(byKeyword);
    expect(overarching.length).toBeGreaterThan(0);
    expect(agenda.overarching.map((th) => th.name).sort()).toEqual(overarching.sort());
    // Capacity for every theme: each is in exactly one school year or overarching.
    const placed = [...agenda.schoolYears.flatMap((y) => y.themes), ...agenda.overarching].map((th) => th.id);
    expect(placed.sort()).toEqual(themes.map((th) => th.id).sort());
    for (const route of fixture.agenda.routes) {
      for (const name of byKeyword(route.keyword)) {
        const entry = [...agenda.schoolYears.flatMap((y) => y.themes), ...agenda.overarching].find(
          (th) => th.name === name
        )!;
        expect(entry).toMatchObject({ evidenceStatus: route.evidenceStatus, plannedOutput: route.plannedOutput });
        if (route.output) expect(entry.outputs.map((o) => o.title)).toEqual([route.output.title]);
      }
    }
    const versions = await t.app.db.selectFrom('agenda_versions').select(['status', 'number']).execute();
    expect(versions).toEqual([{ status: 'published', number: 1 }]);
  });
});
