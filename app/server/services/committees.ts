import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  type CommitteeMemberRecord,
  type CommitteeRecord,
  committeeContext,
  deleteMember,
  findCommittee,
  findInvitation,
  findInvitationByTokenHash,
  findMember,
  findOpenInvitation,
  insertCommitteeRecord,
  insertInvitation,
  type InvitationRecord,
  type InvitationStatus,
  invitationStatus,
  listCommitteeRecords,
  listInvitations,
  listMembers,
  markInvitationAccepted,
  renewInvitationToken,
  revokeInvitation,
  roundWithActivity,
  type Seat,
  seatOf,
  seatsTaken,
  setMembership,
  updateCommitteeRecord
} from '../../../db/queries/committees.js';
import { addCommitteeMember, findCycle } from '../../../db/queries/cycles.js';
import { findUserByEmail, insertUser, type User } from '../../../db/queries/users.js';
import type { CommitteeKind, Database, Membership } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import {
  COMMITTEE_LIMITS,
  DEFAULT_MAX_MEMBERS,
  DEFAULT_MAX_OBSERVERS,
  INVITATION_DAYS,
  PASSWORD_MIN_LENGTH,
  withinLimit
} from '../../shared/schemas.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { hashPassword } from '../lib/password.js';
import { hashToken, newToken } from '../plugins/auth.js';
import { isEmailAddress, type LoginResult, startSession } from './auth.js';

export interface Invitation extends InvitationRecord {
  status: InvitationStatus;
}

export interface CommitteeOverview extends CommitteeRecord {
  raters: number;
  observers: number;
  openRaterInvitations: number;
  openObserverInvitations: number;
  members: Omit<CommitteeMemberRecord, 'committeeId'>[];
  invitations: Invitation[];
}

/** Who is doing something, and when (tests hand in their own clock). */
interface Act {
  actorId: number | null;
  now: Date;
}

const DAY_MS = 24 * 3600_000;

/** The link a staff member hands to the invitee; the token travels only in this path. */
export const invitationPath = (token: string) => `/uitnodiging/${token}`;

async function overviews(db: Kysely<Database>, committees: CommitteeRecord[], now: Date): Promise<CommitteeOverview[]> {
  const ids = committees.map((c) => c.id);
  const [members, invitations] = await Promise.all([listMembers(db, ids), listInvitations(db, ids)]);
  return committees.map((committee) => {
    const own = members.filter((m) => m.committeeId === committee.id);
    const invited = invitations
      .filter((i) => i.committeeId === committee.id)
      .map((i) => ({ ...i, status: invitationStatus(i, now) }));
    const open = invited.filter((i) => i.status === 'open');
    return {
      ...committee,
      raters: own.filter((m) => seatOf(m.membership) === 'rater').length,
      observers: own.filter((m) => seatOf(m.membership) === 'observer').length,
      openRaterInvitations: open.filter((i) => seatOf(i.membership) === 'rater').length,
      openObserverInvitations: open.filter((i) => seatOf(i.membership) === 'observer').length,
      members: own.map(({ committeeId: _, ...member }) => member),
      invitations: invited
    };
  });
}

async function overviewOf(db: Kysely<Database>, committeeId: number, now: Date): Promise<CommitteeOverview> {
  const committee = await findCommittee(db, committeeId);
  if (!committee) throw notFound('Committee', committeeId);
  return (await overviews(db, [committee], now))[0]!;
}

export async function committeeOverview(
  db: Kysely<Database>,
  cycleId: number,
  now: Date
): Promise<CommitteeOverview[]> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
  return overviews(db, await listCommitteeRecords(db, cycleId), now);
}

const limitOf = (committee: CommitteeRecord, seat: Seat) =>
  seat === 'rater' ? committee.maxMembers : committee.maxObservers;

/** Refuses one more seat of this kind when members plus open invitations already fill the committee. */
async function assertSeatFree(
  db: Kysely<Database>,
  committee: CommitteeRecord,
  seat: Seat,
  now: Date,
  except: { invitationId?: number; userId?: number } = {}
): Promise<void> {
  const taken = (await seatsTaken(db, committee.id, now, except))[seat];
  const limit = limitOf(committee, seat);
  if (taken + 1 <= limit) return;
  const details = { committee: committee.name, limit, taken };
  if (seat === 'rater') {
    throw conflict(
      'committee_full',
      `${committee.name} already has ${taken} of at most ${limit} members and chairs (open invitations included).`,
      details
    );
  }
  throw conflict(
    'observers_full',
    `${committee.name} already has ${taken} of at most ${limit} observers (open invitations included).`,
    details
  );
}

function cleanName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw badRequest('name_required', 'A name is required.');
  return trimmed;
}

function checkLimit(field: 'maxMembers' | 'maxObservers', value: number): number {
  const { min, max } = COMMITTEE_LIMITS[field];
  if (!withinLimit(value, COMMITTEE_LIMITS[field])) {
    throw badRequest('invalid_limit', `${field} must be a whole number from ${min} to ${max}.`, { field, min, max });
  }
  return value;
}

function checkValidDays(days: number | undefined): number {
  const { min, max } = COMMITTEE_LIMITS.validDays;
  const value = days ?? INVITATION_DAYS;
  if (!withinLimit(value, COMMITTEE_LIMITS.validDays)) {
    throw badRequest('invalid_valid_days', `An invitation is valid for ${min} to ${max} days.`, { min, max });
  }
  return value;
}

async function assertNameFree(db: Kysely<Database>, cycleId: number, name: string, exceptId?: number) {
  const taken = (await listCommitteeRecords(db, cycleId)).some(
    (c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase()
  );
  if (taken) throw conflict('committee_exists', `This cycle already has a committee called "${name}".`, { name });
}

export async function createCommittee(
  db: Kysely<Database>,
  input: Act & { cycleId: number; kind: CommitteeKind; name: string; maxMembers?: number; maxObservers?: number }
): Promise<CommitteeOverview> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  const name = cleanName(input.name);
  const maxMembers = checkLimit('maxMembers', input.maxMembers ?? DEFAULT_MAX_MEMBERS[input.kind]);
  const maxObservers = checkLimit('maxObservers', input.maxObservers ?? DEFAULT_MAX_OBSERVERS);
  return inTransaction(db, async (trx) => {
    await assertNameFree(trx, input.cycleId, name);
    const committee = await insertCommitteeRecord(trx, {
      cycleId: input.cycleId,
      kind: input.kind,
      name,
      maxMembers,
      maxObservers
    });
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'committee.create',
      entity: 'committee',
      entityId: committee.id,
      after: committee
    });
    return overviewOf(trx, committee.id, input.now);
  });
}

export async function updateCommittee(
  db: Kysely<Database>,
  input: Act & { committeeId: number; kind: CommitteeKind; name: string; maxMembers?: number; maxObservers?: number }
): Promise<CommitteeOverview> {
  const name = cleanName(input.name);
  return inTransaction(db, async (trx) => {
    const before = await findCommittee(trx, input.committeeId, { lock: true });
    if (!before) throw notFound('Committee', input.committeeId);
    const maxMembers = checkLimit('maxMembers', input.maxMembers ?? before.maxMembers);
    const maxObservers = checkLimit('maxObservers', input.maxObservers ?? before.maxObservers);
    await assertNameFree(trx, before.cycleId, name, before.id);
    const taken = await seatsTaken(trx, before.id, input.now);
    if (maxMembers < taken.rater) {
      throw conflict(
        'limit_below_members',
        `${before.name} has ${taken.rater} members and chairs (open invitations included): the limit cannot be lower.`,
        { count: taken.rater, limit: maxMembers }
      );
    }
    if (maxObservers < taken.observer) {
      throw conflict(
        'limit_below_observers',
        `${before.name} has ${taken.observer} observers (open invitations included): the limit cannot be lower.`,
        { count: taken.observer, limit: maxObservers }
      );
    }
    const after = { kind: input.kind, name, maxMembers, maxObservers };
    await updateCommitteeRecord(trx, before.id, after);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'committee.update',
      entity: 'committee',
      entityId: before.id,
      before,
      after: { ...before, ...after }
    });
    return overviewOf(trx, before.id, input.now);
  });
}

/** A member who already rated in one of the committee's rounds stays a rater, so that round's results hold. */
async function assertNoActivity(db: Kysely<Database>, committee: CommitteeRecord, member: CommitteeMemberRecord) {
  const round = await roundWithActivity(db, committee.id, member.userId);
  if (!round) return;
  throw conflict(
    'member_has_ratings',
    `${member.name} already took part in round "${round.name}" of ${committee.name}; ` +
      'removing them or making them an observer would change that round’s results.',
    { name: member.name, round: round.name }
  );
}

export async function changeMembership(
  db: Kysely<Database>,
  input: Act & { committeeId: number; userId: number; membership: Membership }
): Promise<CommitteeOverview> {
  return inTransaction(db, async (trx) => {
    const committee = await findCommittee(trx, input.committeeId, { lock: true });
    if (!committee) throw notFound('Committee', input.committeeId);
    const member = await findMember(trx, committee.id, input.userId);
    if (!member) throw notFound('Member', input.userId);
    if (member.membership === input.membership) return overviewOf(trx, committee.id, input.now);
    const seat = seatOf(input.membership);
    if (seat === 'observer') await assertNoActivity(trx, committee, member);
    if (seat !== seatOf(member.membership)) {
      await assertSeatFree(trx, committee, seat, input.now, { userId: member.userId });
    }
    await setMembership(trx, committee.id, member.userId, input.membership);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'committee_member.update',
      entity: 'committee_member',
      entityId: `${committee.id}/${member.userId}`,
      before: { membership: member.membership },
      after: { membership: input.membership }
    });
    return overviewOf(trx, committee.id, input.now);
  });
}

export async function removeMember(
  db: Kysely<Database>,
  input: Act & { committeeId: number; userId: number }
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const committee = await findCommittee(trx, input.committeeId, { lock: true });
    if (!committee) throw notFound('Committee', input.committeeId);
    const member = await findMember(trx, committee.id, input.userId);
    if (!member) throw notFound('Member', input.userId);
    await assertNoActivity(trx, committee, member);
    await deleteMember(trx, committee.id, member.userId);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'committee_member.remove',
      entity: 'committee_member',
      entityId: `${committee.id}/${member.userId}`,
      before: member
    });
  });
}

/** Whom an invitation may go to: not a staff account, not a member already, not invited twice at once. */
async function assertInvitable(
  db: Kysely<Database>,
  committee: CommitteeRecord,
  email: string,
  now: Date,
  exceptInvitationId?: number
): Promise<void> {
  const existing = await findUserByEmail(db, email);
  if (existing && existing.role !== 'committee') {
    throw conflict(
      'account_not_committee',
      `${email} belongs to an account with the role ${existing.role}; only committee accounts can join a committee.`,
      { email, role: existing.role }
    );
  }
  if (existing && (await findMember(db, committee.id, existing.id))) {
    throw conflict('already_member', `${email} is already in ${committee.name}.`, {
      email,
      committee: committee.name
    });
  }
  const open = await findOpenInvitation(db, committee.id, email, now);
  if (open && open.id !== exceptInvitationId) {
    throw conflict('already_invited', `${email} already has an open invitation to ${committee.name}.`, {
      email,
      committee: committee.name
    });
  }
}

async function invitationOrThrow(db: Kysely<Database>, invitationId: number, now: Date): Promise<Invitation> {
  const invitation = await findInvitation(db, invitationId);
  if (!invitation) throw notFound('Invitation', invitationId);
  return { ...invitation, status: invitationStatus(invitation, now) };
}

/** Public fields of an invitation for the audit log: never the token or its hash. */
const auditView = (i: Pick<InvitationRecord, 'committeeId' | 'name' | 'email' | 'membership' | 'expiresAt'>) => ({
  committeeId: i.committeeId,
  name: i.name,
  email: i.email,
  membership: i.membership,
  expiresAt: i.expiresAt
});

export interface IssuedInvitation {
  invitation: Invitation;
  /** Shown once: only its SHA-256 hash is stored. */
  token: string;
  path: string;
}

export async function inviteMember(
  db: Kysely<Database>,
  input: Act & { committeeId: number; name: string; email: string; membership: Membership; validDays?: number }
): Promise<IssuedInvitation> {
  const name = cleanName(input.name);
  const email = input.email.trim();
  if (!isEmailAddress(email)) throw badRequest('invalid_email', `"${email}" is not an e-mail address.`, { email });
  const days = checkValidDays(input.validDays);
  return inTransaction(db, async (trx) => {
    const committee = await findCommittee(trx, input.committeeId, { lock: true });
    if (!committee) throw notFound('Committee', input.committeeId);
    await assertInvitable(trx, committee, email, input.now);
    await assertSeatFree(trx, committee, seatOf(input.membership), input.now);
    const token = newToken();
    const id = await insertInvitation(trx, {
      committeeId: committee.id,
      name,
      email,
      membership: input.membership,
      tokenHash: hashToken(token),
      expiresAt: new Date(input.now.getTime() + days * DAY_MS),
      createdBy: input.actorId,
      createdAt: input.now
    });
    const invitation = await invitationOrThrow(trx, id, input.now);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'invitation.create',
      entity: 'invitation',
      entityId: id,
      after: auditView(invitation)
    });
    return { invitation, token, path: invitationPath(token) };
  });
}

export async function revokeInvitationById(
  db: Kysely<Database>,
  input: Act & { invitationId: number }
): Promise<Invitation> {
  return inTransaction(db, async (trx) => {
    const invitation = await invitationOrThrow(trx, input.invitationId, input.now);
    if (invitation.status !== 'open') {
      throw conflict(
        'invitation_not_open',
        `This invitation is ${invitation.status}; only an open one can be revoked.`,
        {
          status: invitation.status
        }
      );
    }
    await revokeInvitation(trx, invitation.id, input.now);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'invitation.revoke',
      entity: 'invitation',
      entityId: invitation.id,
      before: { status: 'open' },
      after: { status: 'revoked', revokedAt: input.now }
    });
    return invitationOrThrow(trx, invitation.id, input.now);
  });
}

/** A new link for an expired (or lost) invitation: the old link stops working. */
export async function renewInvitation(
  db: Kysely<Database>,
  input: Act & { invitationId: number; validDays?: number }
): Promise<IssuedInvitation> {
  const days = checkValidDays(input.validDays);
  return inTransaction(db, async (trx) => {
    const before = await invitationOrThrow(trx, input.invitationId, input.now);
    if (before.status === 'accepted' || before.status === 'revoked') {
      throw conflict(
        'invitation_not_open',
        `This invitation is ${before.status}; only an open or expired one gets a new link.`,
        { status: before.status }
      );
    }
    const committee = await findCommittee(trx, before.committeeId, { lock: true });
    if (!committee) throw notFound('Committee', before.committeeId);
    await assertInvitable(trx, committee, before.email, input.now, before.id);
    await assertSeatFree(trx, committee, seatOf(before.membership), input.now, { invitationId: before.id });
    const token = newToken();
    const expiresAt = new Date(input.now.getTime() + days * DAY_MS);
    await renewInvitationToken(trx, before.id, hashToken(token), expiresAt);
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'invitation.renew',
      entity: 'invitation',
      entityId: before.id,
      before: { status: before.status, expiresAt: before.expiresAt },
      after: { status: 'open', expiresAt }
    });
    const invitation = await invitationOrThrow(trx, before.id, input.now);
    return { invitation, token, path: invitationPath(token) };
  });
}

/** Why a link does not work, in the words the invitee's page translates. */
function assertUsable(invitation: InvitationRecord | null, now: Date): asserts invitation is InvitationRecord {
  if (!invitation) {
    throw new AppError(404, 'invitation_unknown', 'This invitation link is not known. Check that it was copied whole.');
  }
  const status = invitationStatus(invitation, now);
  if (status === 'accepted') throw new AppError(410, 'invitation_used', 'This invitation link has already been used.');
  if (status === 'revoked') throw new AppError(410, 'invitation_revoked', 'This invitation was withdrawn.');
  if (status === 'expired') {
    throw new AppError(410, 'invitation_expired', 'This invitation link has expired.', {
      expiresAt: invitation.expiresAt.toISOString()
    });
  }
}

/** Who opens the link: nobody, or the logged-in user. */
export interface Viewer {
  userId: number;
  email: string;
}

export interface InvitationView {
  name: string;
  email: string;
  membership: Membership;
  committeeName: string;
  committeeKind: CommitteeKind;
  cycleName: string;
  expiresAt: Date;
  /** An account with this e-mail exists: the invitee logs in with it instead of setting a password. */
  accountExists: boolean;
  /** The visitor is logged in with that account. */
  signedInAsInvitee: boolean;
}

export async function invitationByToken(
  db: Kysely<Database>,
  input: { token: string; viewer: Viewer | null; now: Date }
): Promise<InvitationView> {
  const invitation = await findInvitationByTokenHash(db, hashToken(input.token));
  assertUsable(invitation, input.now);
  const context = await committeeContext(db, invitation.committeeId);
  if (!context) throw notFound('Committee', invitation.committeeId);
  const account = await findUserByEmail(db, invitation.email);
  return {
    name: invitation.name,
    email: invitation.email,
    membership: invitation.membership,
    committeeName: context.committeeName,
    committeeKind: context.committeeKind,
    cycleName: context.cycleName,
    expiresAt: invitation.expiresAt,
    accountExists: account !== null,
    signedInAsInvitee: account !== null && input.viewer?.userId === account.id
  };
}

export interface AcceptedInvitation {
  committeeId: number;
  /** Whether the acceptance made a new account (false: an existing account joined). */
  created: boolean;
  session: LoginResult;
}

/**
 * Uses an invitation link: makes the account (or, for an existing one, asks that it be logged in), adds the
 * membership, marks the invitation used and starts a session — all in one transaction, so a link used twice at
 * the same moment makes one member and one refusal.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  input: {
    token: string;
    password?: string;
    viewer: Viewer | null;
    hashCost: number;
    ttlHours: number;
    now: Date;
  }
): Promise<AcceptedInvitation> {
  const tokenHash = hashToken(input.token);
  // Clear answers first, and the slow password hash outside the transaction.
  const first = await findInvitationByTokenHash(db, tokenHash);
  assertUsable(first, input.now);
  const existing = await findUserByEmail(db, first.email);
  let passwordHash: string | null = null;
  if (existing) {
    if (!input.viewer || input.viewer.userId !== existing.id) {
      throw conflict(
        'login_first',
        `An account for ${first.email} already exists. Log in with it first, then open the link again.`,
        { email: first.email }
      );
    }
  } else {
    const password = input.password ?? '';
    if (password.length < PASSWORD_MIN_LENGTH) {
      throw badRequest('password_too_short', `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`, {
        min: PASSWORD_MIN_LENGTH
      });
    }
    passwordHash = await hashPassword(password, input.hashCost);
  }

  try {
    return await inTransaction(db, async (trx) => {
      const invitation = await findInvitationByTokenHash(trx, tokenHash, { lock: true });
      assertUsable(invitation, input.now);
      const committee = await findCommittee(trx, invitation.committeeId, { lock: true });
      if (!committee) throw notFound('Committee', invitation.committeeId);
      const seat = seatOf(invitation.membership);
      await assertSeatFree(trx, committee, seat, input.now, { invitationId: invitation.id });

      let user: User;
      const account = await findUserByEmail(trx, invitation.email);
      if (account) {
        if (!input.viewer || input.viewer.userId !== account.id) {
          throw conflict('login_first', `An account for ${invitation.email} already exists. Log in with it first.`, {
            email: invitation.email
          });
        }
        if (account.role !== 'committee') {
          throw conflict('account_not_committee', `${invitation.email} is not a committee account.`, {
            email: invitation.email,
            role: account.role
          });
        }
        if (await findMember(trx, committee.id, account.id)) {
          throw conflict('already_member', `${invitation.email} is already in ${committee.name}.`, {
            email: invitation.email,
            committee: committee.name
          });
        }
        user = { id: account.id, email: account.email, name: account.name, role: account.role };
      } else {
        if (!passwordHash) {
          throw conflict('login_first', 'Log in first, then open the link again.', { email: invitation.email });
        }
        user = await insertUser(trx, {
          email: invitation.email,
          name: invitation.name,
          role: 'committee',
          password_hash: passwordHash,
          created_at: input.now
        });
        await writeAudit(trx, {
          actorId: user.id,
          action: 'user.create',
          entity: 'user',
          entityId: user.id,
          after: { ...user, via: 'invitation', invitationId: invitation.id }
        });
      }

      if (!(await markInvitationAccepted(trx, invitation.id, user.id, input.now))) {
        throw new AppError(410, 'invitation_used', 'This invitation link has already been used.');
      }
      await writeAudit(trx, {
        actorId: user.id,
        action: 'invitation.accept',
        entity: 'invitation',
        entityId: invitation.id,
        before: { status: 'open' },
        after: { status: 'accepted', acceptedBy: user.id, acceptedAt: input.now }
      });
      await addCommitteeMember(trx, {
        committeeId: committee.id,
        userId: user.id,
        membership: invitation.membership,
        joinedAt: input.now
      });
      await writeAudit(trx, {
        actorId: user.id,
        action: 'committee_member.add',
        entity: 'committee_member',
        entityId: `${committee.id}/${user.id}`,
        after: { committeeId: committee.id, userId: user.id, membership: invitation.membership, via: 'invitation' }
      });
      const session = await startSession(trx, { user, ttlHours: input.ttlHours, now: input.now });
      return { committeeId: committee.id, created: !account, session };
    });
  } catch (error) {
    // Two invitations for one new address accepted at the same moment: the second finds the address taken.
    if ((error as { code?: unknown }).code === '23505') {
      throw conflict('login_first', `An account for ${first.email} already exists. Log in with it first.`, {
        email: first.email
      });
    }
    throw error;
  }
}
