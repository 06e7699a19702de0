import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../db/queries/audit.js';
import type { AuditPageDto } from '../shared/audit.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

let t: TestApp;
let staff: Client;
let staffId: number;

beforeAll(async () => {
  t = await createTestApp();
  staff = await loginAs(t.app, 'staff', 'audit-staff@test.be');
  staffId = (
    await t.app.db.selectFrom('users').select('id').where('email', '=', 'audit-staff@test.be').executeTakeFirstOrThrow()
  ).id;
  const entries = [
    { action: 'round.open', entity: 'rating_round', entityId: 12, after: { name: 'Ronde 1' } },
    {
      action: 'round.close',
      entity: 'rating_round',
      entityId: 12,
      before: { status: 'open' },
      after: { status: 'closed' }
    },
    { action: 'score.create', entity: 'score', entityId: '12/3/4/5', after: { value: 4 } },
    {
      action: 'invitation.create',
      entity: 'invitation',
      entityId: 7,
      after: { email: 'an.peeters@school.be', note: 'Mail an.peeters@school.be of bel.' }
    },
    { action: 'theme.rename', entity: 'theme', entityId: 3, before: { name: 'Lezen' }, after: { name: '=SUM(A1)' } }
  ];
  for (const entry of entries) await writeAudit(t.app.db, { actorId: staffId, ...entry });
  await writeAudit(t.app.db, { actorId: null, action: 'round.open', entity: 'rating_round', entityId: 13 });
  await t.app.db
    .updateTable('audit_log')
    .set({ at: new Date('2024-11-04T10:00:00Z') })
    .where('entity_id', '=', '13')
    .execute();
});
afterAll(async () => {
  await t.close();
});

async function page(query = '', client = staff): Promise<AuditPageDto> {
  const response = await client.request('GET', `/api/audit${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('the audit log view', () => {
  it('lists entries newest first with who did it, and offers the filters', async () => {
    const all = await page();
    // The login and account creation are not audited here; the six entries above are.
    expect(all.total).toBe(all.entries.length);
    expect(all.entries.map((e) => e.action)).toContain('theme.rename');
    const at = all.entries.map((e) => new Date(e.at).getTime());
    expect([...at].sort((a, b) => b - a)).toEqual(at);
    expect(all.entries.find((e) => e.action === 'score.create')!.actorName).toBe('staff audit-staff@test.be');
    expect(all.facets.actions).toEqual(expect.arrayContaining(['round.open', 'round.close', 'score.create']));
    expect(all.facets.actors).toEqual([{ id: staffId, name: 'staff audit-staff@test.be' }]);
  });

  it('filters by action, entity, person, days and entity id, and pages', async () => {
    expect((await page('?action=round.open')).total).toBe(2);
    expect((await page('?entity=rating_round')).total).toBe(3);
    expect((await page(`?actorId=${staffId}&entity=rating_round`)).total).toBe(2);
    expect((await page('?entityId=12')).total).toBe(3);
    expect((await page('?entityId=12/')).entries.map((e) => e.action)).toEqual(['score.create']);
    const november = await page('?from=2024-11-04&to=2024-11-04');
    expect(november.entries.map((e) => e.entityId)).toEqual(['13']);
    expect((await page('?to=2024-11-03')).total).toBe(0);
    const first = await page('?pageSize=2');
    const second = await page('?pageSize=2&page=2');
    expect(first.entries).toHaveLength(2);
    expect(second.page).toBe(2);
    expect(second.entries[0]!.id).not.toBe(first.entries[0]!.id);
  });

  it('masks e-mail addresses in what was logged', async () => {
    const [entry] = (await page('?action=invitation.create')).entries;
    expect(JSON.stringify([entry!.before, entry!.after])).not.toContain('@');
    expect(entry!.after).toEqual({ email: '[…]', note: 'Mail […] of bel.' });
  });

  it('refuses bad filters with a clear message', async () => {
    const reversed = await staff.request('GET', '/api/audit?from=2024-12-01&to=2024-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('from_after_to');
    expect((await staff.request('GET', '/api/audit?from=gisteren')).statusCode).toBe(400);
    expect((await staff.request('GET', '/api/audit?pageSize=1000')).statusCode).toBe(400);
    expect((await staff.request('GET', '/api/audit?colour=red')).statusCode).toBe(400);
  });

  it('exports the filtered log as CSV, formulas neutralised and addresses masked', async () => {
    const response = await staff.request('GET', '/api/audit.csv?entity=theme');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe('id,at,actor,action,entity,entity_id,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('theme.rename');
    expect(lines[1]).toContain('=SUM(A1)');
    const all = await staff.request('GET', '/api/audit.csv');
    expect(all.body).not.toContain('an.peeters');
    const formula = await staff.request('GET', '/api/audit.csv?entityId=%3D');
    expect(formula.statusCode).toBe(200);
  });

  it('is for staff, admins and the director; not for committee members or visitors', async () => {
    expect((await page('', await loginAs(t.app, 'director'))).total).toBeGreaterThan(0);
    expect((await page('', await loginAs(t.app, 'admin'))).total).toBeGreaterThan(0);
    const member = await loginAs(t.app, 'committee');
    expect((await member.request('GET', '/api/audit')).statusCode).toBe(403);
    expect((await member.request('GET', '/api/audit.csv')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/audit' });
    expect(anonymous.statusCode).toBe(401);
  });
});
