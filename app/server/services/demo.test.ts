import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCommittees, listCycles, listSources } from '../../../db/queries/cycles.js';
import { listThemes } from '../../../db/queries/themes.js';
import { Client, createTestApp, type TestApp } from '../testing/test-app.js';
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
});
