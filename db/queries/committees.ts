import { type Kysely, sql } from 'kysely';
import type { CommitteeKind, Database, Membership } from '../schema.js';

export interface CommitteeRecord {
  id: number;
  cycleId: number;
  kind: CommitteeKind;
  name: string;
  /** Members and chairs: those who rate. */
  maxMembers: number;
  maxObservers: number;
}

export interface CommitteeMemberRecord {
  committeeId: number;
  userId: number;
  name: string;
  email: string;
  membership: Membership;
  joinedAt: Date;
}

export type InvitationStatus = 'open' | 'accepted' | 'expired' | 'revoked';

export interface InvitationRecord {
  id: number;
  committeeId: number;
  name: string;
  email: string;
  membership: Membership;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: number | null;
  revokedAt: Date | null;
  createdAt: Date;
  createdByName: string | null;
}

/** Those who rate (members and chairs) and those who only read (observers) count against separate limits. */
export type Seat = 'rater' | 'observer';
export const seatOf = (membership: Membership): Seat => (membership === 'observer' ? 'observer' : 'rater');

export function invitationStatus(
  invitation: Pick<InvitationRecord, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';
}

const committeeColumns = [
  'committees.id',
  'committees.cycle_id as cycleId',
  'committees.kind',
  'committees.name',
  'committees.max_members as maxMembers',
  'committees.max_observers as maxObservers'
] as const;

export async function listCommitteeRecords(db: Kysely<Database>, cycleId: number): Promise<CommitteeRecord[]> {
  return db.selectFrom('committees').select(committeeColumns).where('cycle_id', '=', cycleId).orderBy('id').execute();
}

/**
 * One committee; `lock` holds its row until the transaction ends, so that two requests that each add someone
 * cannot both take the last seat.
 */
export async function findCommittee(
  db: Kysely<Database>,
  committeeId: number,
  options: { lock?: boolean } = {}
): Promise<CommitteeRecord | null> {
  let query = db.selectFrom('committees').select(committeeColumns).where('committees.id', '=', committeeId);
  if (options.lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) ?? null;
}

export async function insertCommitteeRecord(
  db: Kysely<Database>,
  committee: Omit<CommitteeRecord, 'id'>
): Promise<CommitteeRecord> {
  return db
    .insertInto('committees')
    .values({
      cycle_id: committee.cycleId,
      kind: committee.kind,
      name: committee.name,
      max_members: committee.maxMembers,
      max_observers: committee.maxObservers
    })
    .returning([
      'id',
      'cycle_id as cycleId',
      'kind',
      'name',
      'max_members as maxMembers',
      'max_observers as maxObservers'
    ])
    .executeTakeFirstOrThrow();
}

export async function updateCommitteeRecord(
  db: Kysely<Database>,
  committeeId: number,
  changes: Pick<CommitteeRecord, 'kind' | 'name' | 'maxMembers' | 'maxObservers'>
): Promise<void> {
  await db
    .updateTable('committees')
    .set({
      kind: changes.kind,
      name: changes.name,
      max_members: changes.maxMembers,
      max_observers: changes.maxObservers
    })
    .where('id', '=', committeeId)
    .execute();
}

export async function listMembers(db: Kysely<Database>, committeeIds: number[]): Promise<CommitteeMemberRecord[]> {
  if (committeeIds.length === 0) return [];
  return db
    .selectFrom('committee_members')
    .innerJoin('users', 'users.id', 'committee_members.user_id')
    .select([
      'committee_members.committee_id as committeeId',
      'users.id as userId',
      'users.name',
      'users.email',
      'committee_members.membership',
      'committee_members.joined_at as joinedAt'
    ])
    .where('committee_members.committee_id', 'in', committeeIds)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

export async function findMember(
  db: Kysely<Database>,
  committeeId: number,
  userId: number
): Promise<CommitteeMemberRecord | null> {
  return (await listMembers(db, [committeeId])).find((m) => m.userId === userId) ?? null;
}

export async function setMembership(
  db: Kysely<Database>,
  committeeId: number,
  userId: number,
  membership: Membership
): Promise<void> {
  await db
    .updateTable('committee_members')
    .set({ membership })
    .where('committee_id', '=', committeeId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMember(db: Kysely<Database>, committeeId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('committee_members')
    .where('committee_id', '=', committeeId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Seats taken in a committee: members plus invitations still open at `now`, per seat kind. An invitation can be
 * left out (the one being renewed or accepted), and so can a member (the one whose membership changes).
 */
export async function seatsTaken(
  db: Kysely<Database>,
  committeeId: number,
  now: Date,
  except: { invitationId?: number; userId?: number } = {}
): Promise<Record<Seat, number>> {
  let members = db
    .selectFrom('committee_members')
    .select(['membership', sql<number>`count(*)::int`.as('n')])
    .where('committee_id', '=', committeeId)
    .groupBy('membership');
  if (except.userId !== undefined) members = members.where('user_id', '!=', except.userId);
  let invitations = db
    .selectFrom('invitations')
    .select(['membership', sql<number>`count(*)::int`.as('n')])
    .where('committee_id', '=', committeeId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .groupBy('membership');
  if (except.invitationId !== undefined) invitations = invitations.where('id', '!=', except.invitationId);
  const seats: Record<Seat, number> = { rater: 0, observer: 0 };
  for (const row of [...(await members.execute()), ...(await invitations.execute())]) {
    seats[seatOf(row.membership)] += row.n;
  }
  return seats;
}

/**
 * The first round of this committee in which the user left a trace — a score, a comment, a conflict declaration,
 * feedback or a final submit — or null. Those traces count for the committee through its membership.
 */
export async function roundWithActivity(
  db: Kysely<Database>,
  committeeId: number,
  userId: number
): Promise<{ id: number; name: string } | null> {
  const traces = (
    table: 'scores' | 'ballot_comments' | 'conflict_declarations' | 'theme_feedback' | 'round_submissions'
  ) =>
    sql<boolean>`exists (select 1 from ${sql.table(table)} t where t.round_id = rating_rounds.id and t.user_id = ${userId})`;
  const row = await db
    .selectFrom('rating_rounds')
    .innerJoin('round_committees', 'round_committees.round_id', 'rating_rounds.id')
    .select(['rating_rounds.id', 'rating_rounds.name'])
    .where('round_committees.committee_id', '=', committeeId)
    .where((eb) =>
      eb.or([
        traces('scores'),
        traces('ballot_comments'),
        traces('conflict_declarations'),
        traces('theme_feedback'),
        traces('round_submissions')
      ])
    )
    .orderBy('rating_rounds.id')
    .executeTakeFirst();
  return row ?? null;
}

const invitationColumns = [
  'invitations.id',
  'invitations.committee_id as committeeId',
  'invitations.name',
  'invitations.email',
  'invitations.membership',
  'invitations.expires_at as expiresAt',
  'invitations.accepted_at as acceptedAt',
  'invitations.accepted_by as acceptedBy',
  'invitations.revoked_at as revokedAt',
  'invitations.created_at as createdAt',
  'creator.name as createdByName'
] as const;

const invitationQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('invitations')
    .leftJoin('users as creator', 'creator.id', 'invitations.created_by')
    .select(invitationColumns);

export async function listInvitations(db: Kysely<Database>, committeeIds: number[]): Promise<InvitationRecord[]> {
  if (committeeIds.length === 0) return [];
  return invitationQuery(db)
    .where('invitations.committee_id', 'in', committeeIds)
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id', 'desc')
    .execute();
}

export async function findInvitation(db: Kysely<Database>, invitationId: number): Promise<InvitationRecord | null> {
  return (await invitationQuery(db).where('invitations.id', '=', invitationId).executeTakeFirst()) ?? null;
}

/** The invitation behind a link; `lock` holds it so that a second acceptance waits and then finds it used. */
export async function findInvitationByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
  options: { lock?: boolean } = {}
): Promise<InvitationRecord | null> {
  let query = invitationQuery(db).where('invitations.token_hash', '=', tokenHash);
  if (options.lock) query = query.forUpdate('invitations');
  return (await query.executeTakeFirst()) ?? null;
}

/** An open invitation of this e-mail address to this committee, if any. */
export async function findOpenInvitation(
  db: Kysely<Database>,
  committeeId: number,
  email: string,
  now: Date
): Promise<InvitationRecord | null> {
  const row = await invitationQuery(db)
    .where('invitations.committee_id', '=', committeeId)
    .where(sql`lower(invitations.email)`, '=', email.trim().toLowerCase())
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertInvitation(
  db: Kysely<Database>,
  invitation: {
    committeeId: number;
    name: string;
    email: string;
    membership: Membership;
    tokenHash: string;
    expiresAt: Date;
    createdBy: number | null;
    createdAt: Date;
  }
): Promise<number> {
  const { id } = await db
    .insertInto('invitations')
    .values({
      committee_id: invitation.committeeId,
      name: invitation.name,
      email: invitation.email,
      membership: invitation.membership,
      token_hash: invitation.tokenHash,
      expires_at: invitation.expiresAt,
      created_by: invitation.createdBy,
      created_at: invitation.createdAt
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Replaces the link of an invitation: the old token stops working. */
export async function renewInvitationToken(
  db: Kysely<Database>,
  invitationId: number,
  tokenHash: string,
  expiresAt: Date
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('id', '=', invitationId)
    .execute();
}

export async function revokeInvitation(db: Kysely<Database>, invitationId: number, now: Date): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Marks an invitation used, only while it is still open: false when another request used, revoked or outlived it
 * first. Together with the row lock this makes a link single-use even under concurrent requests.
 */
export async function markInvitationAccepted(
  db: Kysely<Database>,
  invitationId: number,
  userId: number,
  now: Date
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The names a page shows around an invitation. */
export async function committeeContext(
  db: Kysely<Database>,
  committeeId: number
): Promise<{ committeeName: string; committeeKind: CommitteeKind; cycleId: number; cycleName: string } | null> {
  const row = await db
    .selectFrom('committees')
    .innerJoin('cycles', 'cycles.id', 'committees.cycle_id')
    .select([
      'committees.name as committeeName',
      'committees.kind as committeeKind',
      'cycles.id as cycleId',
      'cycles.name as cycleName'
    ])
    .where('committees.id', '=', committeeId)
    .executeTakeFirst();
  return row ?? null;
}
