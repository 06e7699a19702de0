import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle } from '../../db/queries/cycles.js';
import type {
  AcceptedInvitationDto,
  CommitteeOverviewDto,
  InvitationDto,
  InvitationLinkDto,
  InvitationPublicDto
} from '../shared/schemas.js';
import { hashToken } from './plugins/auth.js';
import { inviteMember } from './services/committees.js';
import { Client, createTestApp, loginAs, TEST_PASSWORD, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let cycleId: number;
let staff: Client;

const DAY = 24 * 3600_000;
const PASSWORD = 'een-lang-wachtwoord';

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  cycleId = (
    await insertCycle(app.db, { name: 'Kennisagenda 2024–2027', startsOn: '2024-09-01', endsOn: '2027-08-31' })
  ).id;
  staff = await loginAs(app, 'staff', 'staff@test.be');
});

afterEach(async () => {
  await t.close();
});

const errorCode = (response: LightMyRequestResponse) => (response.json() as { error: { code: string } }).error.code;

async function createCommittee(body: Record<string, unknown>, client = staff): Promise<CommitteeOverviewDto> {
  const response = await client.request('POST', `/api/cycles/${cycleId}/committees`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function overview(client = staff): Promise<CommitteeOverviewDto[]> {
  const response = await client.request('GET', `/api/cycles/${cycleId}/committees/overview`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function invite(
  committeeId: number,
  body: { name?: string; email: string; membership?: string; validDays?: number },
  client = staff
): Promise<LightMyRequestResponse> {
  return client.request('POST', `/api/committees/${committeeId}/invitations`, {
    name: body.name ?? 'An Peeters',
    membership: 'member',
    ...body
  });
}

async function invited(committeeId: number, email: string, membership = 'member'): Promise<InvitationLinkDto> {
  const response = await invite(committeeId, { email, membership });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** The invitee's browser: no session until the acceptance sets one. */
async function accept(
  token: string,
  body: Record<string, unknown> = { password: PASSWORD },
  client = new Client(app)
): Promise<{ response: LightMyRequestResponse; client: Client }> {
  const response = await client.request('POST', `/api/invitation-links/${token}/accept`, body);
  const cookie = response.cookies.find((c) => c.name === 'kw_session');
  if (response.statusCode === 200 && cookie) {
    client.cookie = `kw_session=${cookie.value}`;
    client.csrf = (response.json() as AcceptedInvitationDto).csrfToken;
  }
  return { response, client };
}

const tokenOf = (link: InvitationLinkDto) => link.path.split('/').pop()!;

async function auditActions(): Promise<string[]> {
  const rows = await app.db.selectFrom('audit_log').select('action').orderBy('id').execute();
  return rows.map((r) => r.action);
}

async function userId(email: string): Promise<number> {
  return (await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** A round of the committee in which the user scored one theme. */
async function scoreInRound(committeeId: number, user: number): Promise<void> {
  const theme = await app.db
    .insertInto('themes')
    .values({ cycle_id: cycleId, name: 'Leesmotivatie' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const round = await app.db
    .insertInto('rating_rounds')
    .values({ cycle_id: cycleId, name: 'Ronde 1', scale_min: 1, scale_max: 5, status: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await app.db.insertInto('round_committees').values({ round_id: round.id, committee_id: committeeId }).execute();
  await app.db.insertInto('round_themes').values({ round_id: round.id, theme_id: theme.id }).execute();
  const criterion = await app.db
    .insertInto('round_criteria')
    .values({ round_id: round.id, name: 'Relevantie', position: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await app.db
    .insertInto('scores')
    .values({ round_id: round.id, theme_id: theme.id, criterion_id: criterion.id, user_id: user, value: 4 })
    .execute();
}

describe('committees of a cycle', () => {
  it('are created by staff with the limits of their kind, and audited', async () => {
    const scientific = await createCommittee({ kind: 'scientific', name: '  Wetenschappelijke   commissie ' });
    const users = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    expect(scientific).toMatchObject({
      kind: 'scientific',
      name: 'Wetenschappelijke commissie',
      maxMembers: 10,
      maxObservers: 2,
      raters: 0,
      observers: 0,
      members: [],
      invitations: []
    });
    expect(users).toMatchObject({ kind: 'user', maxMembers: 20, maxObservers: 2 });
    const custom = await createCommittee({ kind: 'user', name: 'Klankbordgroep', maxMembers: 12, maxObservers: 0 });
    expect(custom).toMatchObject({ maxMembers: 12, maxObservers: 0 });

    expect((await overview()).map((c) => c.name)).toEqual([
      'Wetenschappelijke commissie',
      'Gebruikerscommissie',
      'Klankbordgroep'
    ]);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'after', 'actor_id'])
      .where('action', '=', 'committee.create')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit[0]!.after).toMatchObject({ name: 'Wetenschappelijke commissie', maxMembers: 10 });
    expect(audit[0]!.actor_id).toBe(await userId('staff@test.be'));
  });

  it('refuse bad input with specific codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ kind: 'user', name: '   ' }, 400, 'name_required'],
      [{ kind: 'user', name: 'A', maxMembers: 0 }, 400, 'invalid_limit'],
      [{ kind: 'user', name: 'A', maxMembers: 101 }, 400, 'invalid_limit'],
      [{ kind: 'user', name: 'A', maxObservers: -1 }, 400, 'invalid_limit'],
      [{ kind: 'expert', name: 'A' }, 400, 'validation'],
      [{ kind: 'user', name: 'A', extra: true }, 400, 'validation']
    ];
    for (const [body, status, code] of cases) {
      const response = await staff.request('POST', `/api/cycles/${cycleId}/committees`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(errorCode(response), JSON.stringify(body)).toBe(code);
    }
    await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const twice = await staff.request('POST', `/api/cycles/${cycleId}/committees`, {
      kind: 'scientific',
      name: 'gebruikerscommissie'
    });
    expect(twice.statusCode).toBe(409);
    expect(errorCode(twice)).toBe('committee_exists');
    const noCycle = await staff.request('POST', '/api/cycles/999/committees', { kind: 'user', name: 'X' });
    expect(noCycle.statusCode).toBe(404);
    expect((await overview()).length).toBe(1);
  });

  it('are changed by staff, never below the seats taken', async () => {
    const committee = await createCommittee({ kind: 'scientific', name: 'Wetenschappelijke commissie' });
    await invited(committee.id, 'a@test.be');
    await invited(committee.id, 'b@test.be');
    await invited(committee.id, 'c@test.be', 'observer');

    const tooLow = await staff.request('PUT', `/api/committees/${committee.id}`, {
      kind: 'scientific',
      name: 'Wetenschappelijke commissie',
      maxMembers: 1
    });
    expect(tooLow.statusCode).toBe(409);
    expect(tooLow.json().error).toMatchObject({ code: 'limit_below_members', details: { count: 2, limit: 1 } });
    const observersTooLow = await staff.request('PUT', `/api/committees/${committee.id}`, {
      kind: 'scientific',
      name: 'Wetenschappelijke commissie',
      maxObservers: 0
    });
    expect(errorCode(observersTooLow)).toBe('limit_below_observers');

    const changed = await staff.request('PUT', `/api/committees/${committee.id}`, {
      kind: 'user',
      name: 'Praktijkcommissie',
      maxMembers: 2,
      maxObservers: 1
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ kind: 'user', name: 'Praktijkcommissie', maxMembers: 2, maxObservers: 1 });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'committee.update')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ name: 'Wetenschappelijke commissie', maxMembers: 10 });
    expect(audit.after).toMatchObject({ name: 'Praktijkcommissie', maxMembers: 2 });

    const missing = await staff.request('PUT', '/api/committees/999', { kind: 'user', name: 'X' });
    expect(missing.statusCode).toBe(404);
  });

  it('let the director read but not change, and keep committee members and visitors out', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const link = await invited(committee.id, 'lid@test.be');
    const director = await loginAs(app, 'director');
    expect((await overview(director))[0]!.invitations).toHaveLength(1);

    const member = await loginAs(app, 'committee');
    const anonymous = new Client(app);
    const changes: [string, string, unknown][] = [
      ['POST', `/api/cycles/${cycleId}/committees`, { kind: 'user', name: 'X' }],
      ['PUT', `/api/committees/${committee.id}`, { kind: 'user', name: 'X' }],
      ['POST', `/api/committees/${committee.id}/invitations`, { name: 'X', email: 'x@test.be', membership: 'member' }],
      ['POST', `/api/invitations/${link.invitation.id}/revoke`, undefined],
      ['POST', `/api/invitations/${link.invitation.id}/renew`, {}],
      ['PUT', `/api/committees/${committee.id}/members/1`, { membership: 'chair' }],
      ['DELETE', `/api/committees/${committee.id}/members/1`, undefined]
    ];
    for (const [method, url, body] of changes) {
      for (const client of [director, member]) {
        const response = await client.request(method as 'POST', url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
      expect((await anonymous.request(method as 'POST', url, body)).statusCode, `${method} ${url}`).toBe(401);
    }
    const read = await member.request('GET', `/api/cycles/${cycleId}/committees/overview`);
    expect(read.statusCode).toBe(403);
    expect((await anonymous.request('GET', `/api/cycles/${cycleId}/committees/overview`)).statusCode).toBe(401);
    expect((await overview())[0]!.invitations[0]!.status).toBe('open');
  });
});

describe('invitations', () => {
  it('give a single-use link once and store only the hash of its token', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const before = Date.now();
    const response = await invite(committee.id, {
      name: ' Els Peeters ',
      email: ' els@school.be ',
      membership: 'chair'
    });
    expect(response.statusCode, response.body).toBe(201);
    const link: InvitationLinkDto = response.json();
    expect(link.path).toBe(`/uitnodiging/${link.token}`);
    expect(link.token).toMatch(/^[\w-]{43}$/);
    expect(link.invitation).toMatchObject({
      name: 'Els Peeters',
      email: 'els@school.be',
      membership: 'chair',
      status: 'open',
      createdByName: expect.stringContaining('staff')
    });
    const expires = new Date(link.invitation.expiresAt).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(14 * DAY - 1000);
    expect(expires - before).toBeLessThanOrEqual(14 * DAY + 60_000);

    const row = await app.db.selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    const audit = await app.db.selectFrom('audit_log').select(['action', 'after']).execute();
    expect(JSON.stringify(audit)).not.toContain(link.token);
    expect(JSON.stringify(audit)).not.toContain(row.token_hash);
    expect(audit.map((a) => a.action)).toContain('invitation.create');

    // Overviews never show the link again.
    const listed = await staff.request('GET', `/api/cycles/${cycleId}/committees/overview`);
    expect(listed.body).not.toContain(link.token);
    expect((listed.json() as CommitteeOverviewDto[])[0]).toMatchObject({ openRaterInvitations: 1, raters: 0 });

    const week = await invite(committee.id, { email: 'kort@school.be', validDays: 7 });
    const weekLink: InvitationLinkDto = week.json();
    expect(new Date(weekLink.invitation.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY);
  });

  it('refuse bad input and double invitations with specific codes', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    await loginAs(app, 'director', 'directie@test.be');
    await loginAs(app, 'committee', 'bestaand@test.be');
    await invited(committee.id, 'open@test.be');

    const cases: [Record<string, unknown>, number, string][] = [
      [{ email: 'geen-adres' }, 400, 'invalid_email'],
      [{ email: 'x@test.be', name: ' ' }, 400, 'name_required'],
      [{ email: 'x@test.be', validDays: 0 }, 400, 'invalid_valid_days'],
      [{ email: 'x@test.be', validDays: 91 }, 400, 'invalid_valid_days'],
      [{ email: 'x@test.be', membership: 'voorzitter' }, 400, 'validation'],
      [{ email: 'OPEN@test.be' }, 409, 'already_invited'],
      [{ email: 'directie@test.be' }, 409, 'account_not_committee']
    ];
    for (const [body, status, code] of cases) {
      const response = await invite(committee.id, body as { email: string });
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(errorCode(response), JSON.stringify(body)).toBe(code);
    }
    expect((await invite(999, { email: 'x@test.be' })).statusCode).toBe(404);

    // Someone already in the committee is not invited again.
    const link = await invited(committee.id, 'nieuw@test.be');
    expect((await accept(tokenOf(link))).response.statusCode).toBe(200);
    const again = await invite(committee.id, { email: 'nieuw@test.be' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_member');
  });

  it('keep members plus open invitations within the limits; revoked and expired invitations free their seat', async () => {
    const committee = await createCommittee({ kind: 'scientific', name: 'Klein', maxMembers: 2, maxObservers: 1 });
    await invited(committee.id, 'a@test.be');
    const second = await invited(committee.id, 'b@test.be', 'chair');
    const full = await invite(committee.id, { email: 'c@test.be' });
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'committee_full', details: { limit: 2, taken: 2 } });
    expect(full.json().error.message).toContain('at most 2');

    await invited(committee.id, 'o1@test.be', 'observer');
    const observersFull = await invite(committee.id, { email: 'o2@test.be', membership: 'observer' });
    expect(errorCode(observersFull)).toBe('observers_full');

    // An accepted invitation becomes a member: still one seat.
    expect((await accept(tokenOf(second))).response.statusCode).toBe(200);
    expect(errorCode(await invite(committee.id, { email: 'c@test.be' }))).toBe('committee_full');

    // A withdrawn one frees its seat.
    const [open] = (await overview())[0]!.invitations.filter((i) => i.email === 'a@test.be');
    const revoked = await staff.request('POST', `/api/invitations/${open!.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect((revoked.json() as InvitationDto).status).toBe('revoked');
    expect((await invite(committee.id, { email: 'c@test.be' })).statusCode).toBe(201);
    expect(errorCode(await invite(committee.id, { email: 'd@test.be' }))).toBe('committee_full');

    // So does one that expired.
    const other = await createCommittee({ kind: 'user', name: 'Ander', maxMembers: 1 });
    await inviteMember(app.db, {
      committeeId: other.id,
      name: 'Oud',
      email: 'oud@test.be',
      membership: 'member',
      actorId: null,
      now: new Date(Date.now() - 15 * DAY)
    });
    const [old] = (await overview()).find((c) => c.id === other.id)!.invitations;
    expect(old!.status).toBe('expired');
    expect((await invite(other.id, { email: 'nieuw@test.be' })).statusCode).toBe(201);
  });

  it('can be revoked while open, renewed when expired, and say why otherwise', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const expired = await inviteMember(app.db, {
      committeeId: committee.id,
      name: 'Laat',
      email: 'laat@test.be',
      membership: 'member',
      actorId: null,
      now: new Date(Date.now() - 20 * DAY)
    });
    const revokeExpired = await staff.request('POST', `/api/invitations/${expired.invitation.id}/revoke`);
    expect(revokeExpired.statusCode).toBe(409);
    expect(revokeExpired.json().error).toMatchObject({ code: 'invitation_not_open', details: { status: 'expired' } });

    const renewed = await staff.request('POST', `/api/invitations/${expired.invitation.id}/renew`, {});
    expect(renewed.statusCode, renewed.body).toBe(200);
    const link: InvitationLinkDto = renewed.json();
    expect(link.invitation.status).toBe('open');
    expect(link.token).not.toBe(expired.token);
    // The old link is no more; the new one works.
    expect(errorCode(await app.inject({ method: 'GET', url: `/api/invitation-links/${expired.token}` }))).toBe(
      'invitation_unknown'
    );
    const shown = await app.inject({ method: 'GET', url: `/api/invitation-links/${link.token}` });
    expect(shown.statusCode).toBe(200);

    const revoked = await staff.request('POST', `/api/invitations/${link.invitation.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(errorCode(await staff.request('POST', `/api/invitations/${link.invitation.id}/revoke`))).toBe(
      'invitation_not_open'
    );
    expect(errorCode(await staff.request('POST', `/api/invitations/${link.invitation.id}/renew`, {}))).toBe(
      'invitation_not_open'
    );
    expect((await staff.request('POST', '/api/invitations/999/revoke')).statusCode).toBe(404);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['invitation.create', 'invitation.renew', 'invitation.revoke'])
    );
  });
});

describe('opening and accepting an invitation link', () => {
  it('shows the committee, cycle, name and expiry, or a specific reason why the link does not work', async () => {
    const committee = await createCommittee({ kind: 'scientific', name: 'Wetenschappelijke commissie' });
    const link = await invited(committee.id, 'els@school.be', 'observer');
    const shown = await app.inject({ method: 'GET', url: `/api/invitation-links/${link.token}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.json() as InvitationPublicDto).toEqual({
      name: 'An Peeters',
      email: 'els@school.be',
      membership: 'observer',
      committeeName: 'Wetenschappelijke commissie',
      committeeKind: 'scientific',
      cycleName: 'Kennisagenda 2024–2027',
      expiresAt: link.invitation.expiresAt,
      accountExists: false,
      signedInAsInvitee: false
    });

    const unknown = await app.inject({ method: 'GET', url: '/api/invitation-links/bestaat-niet' });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('invitation_unknown');

    const expired = await inviteMember(app.db, {
      committeeId: committee.id,
      name: 'Laat',
      email: 'laat@test.be',
      membership: 'member',
      actorId: null,
      now: new Date(Date.now() - 14 * DAY - 1000)
    });
    const gone = await app.inject({ method: 'GET', url: `/api/invitation-links/${expired.token}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error).toMatchObject({ code: 'invitation_expired', details: { expiresAt: expect.any(String) } });
    expect(errorCode((await accept(expired.token)).response)).toBe('invitation_expired');

    await staff.request('POST', `/api/invitations/${link.invitation.id}/revoke`);
    const revoked = await app.inject({ method: 'GET', url: `/api/invitation-links/${link.token}` });
    expect(revoked.statusCode).toBe(410);
    expect(errorCode(revoked)).toBe('invitation_revoked');
    expect(errorCode((await accept(link.token)).response)).toBe('invitation_revoked');
  });

  it('makes the account, the membership and a session, once', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const link = await invited(committee.id, 'Els@School.be', 'chair');

    const short = await accept(link.token, { password: 'te-kort' });
    expect(short.response.statusCode).toBe(400);
    expect(short.response.json().error).toMatchObject({ code: 'password_too_short', details: { min: 12 } });
    expect(errorCode((await accept(link.token, {})).response)).toBe('password_too_short');

    const { response, client } = await accept(link.token);
    expect(response.statusCode, response.body).toBe(200);
    const body: AcceptedInvitationDto = response.json();
    expect(body).toMatchObject({
      user: { email: 'Els@School.be', name: 'An Peeters', role: 'committee' },
      committeeId: committee.id,
      created: true
    });
    const cookie = response.cookies.find((c) => c.name === 'kw_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    // The session works, and so does the password for a later login.
    const me = await client.request('GET', '/api/auth/me');
    expect(me.json()).toMatchObject({ user: { email: 'Els@School.be', role: 'committee' } });
    expect((await new Client(app).login('els@school.be', PASSWORD)).statusCode).toBe(200);

    const [listed] = await overview();
    expect(listed!.members).toEqual([
      {
        userId: body.user.id,
        name: 'An Peeters',
        email: 'Els@School.be',
        membership: 'chair',
        joinedAt: expect.any(String)
      }
    ]);
    expect(listed!.invitations[0]).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
    expect(listed).toMatchObject({ raters: 1, openRaterInvitations: 0 });

    const used = await accept(link.token);
    expect(used.response.statusCode).toBe(410);
    expect(errorCode(used.response)).toBe('invitation_used');
    const shown = await app.inject({ method: 'GET', url: `/api/invitation-links/${link.token}` });
    expect(errorCode(shown)).toBe('invitation_used');
    expect(
      await app.db.selectFrom('users').select('id').where('email', 'ilike', 'els@school.be').execute()
    ).toHaveLength(1);

    const actions = await auditActions();
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'invitation.accept', 'committee_member.add', 'invitation.create'])
    );
    const created = await app.db
      .selectFrom('audit_log')
      .select(['after', 'actor_id'])
      .where('action', '=', 'user.create')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(created.after)).not.toContain('scrypt');
    expect(created.actor_id).toBe(body.user.id);
  });

  it('lets only one of several simultaneous acceptances of a link through', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const link = await invited(committee.id, 'snel@test.be');
    const results = await Promise.all([accept(link.token), accept(link.token), accept(link.token)]);
    const statuses = results.map((r) => r.response.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const r of results.filter((r) => r.response.statusCode !== 200)) {
      expect(['invitation_used', 'login_first']).toContain(errorCode(r.response));
    }
    expect((await overview())[0]!.members).toHaveLength(1);
    expect(await app.db.selectFrom('users').select('id').where('email', '=', 'snel@test.be').execute()).toHaveLength(1);
  });

  it('adds an existing committee account only when that account is logged in', async () => {
    const first = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const second = await createCommittee({ kind: 'scientific', name: 'Wetenschappelijke commissie' });
    const existing = await loginAs(app, 'committee', 'lid@test.be');
    const other = await loginAs(app, 'committee', 'ander@test.be');
    const link = await invited(second.id, 'lid@test.be', 'observer');
    await invited(first.id, 'iemand@test.be');

    const shownAnonymous: InvitationPublicDto = (
      await app.inject({ method: 'GET', url: `/api/invitation-links/${link.token}` })
    ).json();
    expect(shownAnonymous).toMatchObject({ accountExists: true, signedInAsInvitee: false });
    const shownToInvitee: InvitationPublicDto = (
      await existing.request('GET', `/api/invitation-links/${link.token}`)
    ).json();
    expect(shownToInvitee).toMatchObject({ accountExists: true, signedInAsInvitee: true });

    const anonymous = await accept(link.token, { password: 'een-ander-wachtwoord' });
    expect(anonymous.response.statusCode).toBe(409);
    expect(anonymous.response.json().error).toMatchObject({ code: 'login_first', details: { email: 'lid@test.be' } });
    expect(errorCode((await accept(link.token, {}, other)).response)).toBe('login_first');

    const { response } = await accept(link.token, {}, existing);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: false, user: { email: 'lid@test.be' } });
    const members = (await overview()).find((c) => c.id === second.id)!.members;
    expect(members.map((m) => [m.email, m.membership])).toEqual([['lid@test.be', 'observer']]);
    // The password stays what it was.
    expect((await new Client(app).login('lid@test.be', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a cross-site acceptance', async () => {
    const committee = await createCommittee({ kind: 'user', name: 'Gebruikerscommissie' });
    const link = await invited(committee.id, 'els@test.be');
    const response = await app.inject({
      method: 'POST',
      url: `/api/invitation-links/${link.token}/accept`,
      headers: { origin: 'https://elders.example', host: 'localhost' },
      payload: { password: PASSWORD }
    });
    expect(response.statusCode).toBe(403);
    expect((await overview())[0]!.invitations[0]!.status).toBe('open');
  });
});

describe('memberships', () => {
  async function committeeWithMembers() {
    const committee = await createCommittee({ kind: 'scientific', name: 'Wetenschap', maxMembers: 2, maxObservers: 1 });
    const a = (
      await accept(tokenOf(await invited(committee.id, 'a@test.be')))
    ).response.json() as AcceptedInvitationDto;
    const b = (
      await accept(tokenOf(await invited(committee.id, 'b@test.be')))
    ).response.json() as AcceptedInvitationDto;
    const o = (
      await accept(tokenOf(await invited(committee.id, 'o@test.be', 'observer')))
    ).response.json() as AcceptedInvitationDto;
    return { committee, a: a.user.id, b: b.user.id, o: o.user.id };
  }

  const setMembership = (committeeId: number, user: number, membership: string) =>
    staff.request('PUT', `/api/committees/${committeeId}/members/${user}`, { membership });

  it('change between member, chair and observer within the limits', async () => {
    const { committee, a, b, o } = await committeeWithMembers();
    const chair = await setMembership(committee.id, a, 'chair');
    expect(chair.statusCode, chair.body).toBe(200);
    expect((chair.json() as CommitteeOverviewDto).members.find((m) => m.userId === a)!.membership).toBe('chair');

    const observersFull = await setMembership(committee.id, b, 'observer');
    expect(observersFull.statusCode).toBe(409);
    expect(errorCode(observersFull)).toBe('observers_full');
    const ratersFull = await setMembership(committee.id, o, 'member');
    expect(errorCode(ratersFull)).toBe('committee_full');

    expect((await setMembership(committee.id, b, 'chaired')).statusCode).toBe(400);
    expect((await setMembership(committee.id, 999, 'member')).statusCode).toBe(404);

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'committee_member.update')
      .execute();
    expect(audit).toEqual([{ before: { membership: 'member' }, after: { membership: 'chair' } }]);
  });

  it('remove a member who has not rated; one who rated stays a rater, with the reason', async () => {
    const { committee, a, b, o } = await committeeWithMembers();
    await scoreInRound(committee.id, a);

    const removeRater = await staff.request('DELETE', `/api/committees/${committee.id}/members/${a}`);
    expect(removeRater.statusCode).toBe(409);
    expect(removeRater.json().error).toMatchObject({
      code: 'member_has_ratings',
      details: { name: 'An Peeters', round: 'Ronde 1' }
    });
    expect(errorCode(await setMembership(committee.id, a, 'observer'))).toBe('member_has_ratings');
    // A chair who rated may still become a plain member, and back.
    expect((await setMembership(committee.id, a, 'chair')).statusCode).toBe(200);

    const removed = await staff.request('DELETE', `/api/committees/${committee.id}/members/${b}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await staff.request('DELETE', `/api/committees/${committee.id}/members/${o}`)).statusCode).toBe(200);
    expect((await staff.request('DELETE', `/api/committees/${committee.id}/members/${b}`)).statusCode).toBe(404);

    const [left] = await overview();
    expect(left!.members.map((m) => m.userId)).toEqual([a]);
    // The freed seat can be filled again.
    expect((await invite(committee.id, { email: 'c@test.be' })).statusCode).toBe(201);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['before'])
      .where('action', '=', 'committee_member.remove')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.before).toMatchObject({ userId: b, email: 'b@test.be', membership: 'member' });
  });
});
