import { type Kysely, sql } from 'kysely';
import type { CommitteeKind, CyclePhase, Database, Membership, SourceKind } from '../schema.js';

export interface Cycle {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  phase: CyclePhase;
}

export interface Source {
  id: number;
  cycleId: number;
  kind: SourceKind;
  name: string;
  participantCount: number | null;
  questionCount: number;
}

export interface CommitteeMember {
  userId: number;
  name: string;
  email: string;
  membership: Membership;
}

export interface Committee {
  id: number;
  cycleId: number;
  kind: CommitteeKind;
  name: string;
  maxMembers: number;
  members: CommitteeMember[];
}

const cycleColumns = ['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn', 'phase'] as const;

export async function listCycles(db: Kysely<Database>): Promise<Cycle[]> {
  return db.selectFrom('cycles').select(cycleColumns).orderBy('starts_on', 'desc').orderBy('id', 'desc').execute();
}

export async function findCycle(db: Kysely<Database>, id: number): Promise<Cycle | null> {
  return (await db.selectFrom('cycles').select(cycleColumns).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertCycle(
  db: Kysely<Database>,
  cycle: { name: string; startsOn: string; endsOn: string }
): Promise<Cycle> {
  const created = await db
    .insertInto('cycles')
    .values({ name: cycle.name, starts_on: cycle.startsOn, ends_on: cycle.endsOn })
    .returning(cycleColumns)
    .executeTakeFirstOrThrow();
  // Its school years: every 1 September from the cycle's start up to its end, at the default capacity.
  await sql`
    insert into school_years (cycle_id, starts_on, ends_on)
    select ${created.id}::int, y::date, (y + interval '1 year' - interval '1 day')::date
    from generate_series(
      make_date(extract(year from ${cycle.startsOn}::date - interval '8 months')::int, 9, 1),
      ${cycle.endsOn}::date,
      interval '1 year'
    ) as y
  `.execute(db);
  return created;
}

export async function listSources(db: Kysely<Database>, cycleId: number): Promise<Source[]> {
  return db
    .selectFrom('sources')
    .leftJoin('questions', 'questions.source_id', 'sources.id')
    .select((eb) => [
      'sources.id',
      'sources.cycle_id as cycleId',
      'sources.kind',
      'sources.name',
      'sources.participant_count as participantCount',
      eb.fn.count<number>('questions.id').as('questionCount')
    ])
    .where('sources.cycle_id', '=', cycleId)
    .groupBy('sources.id')
    .orderBy('sources.id')
    .execute();
}

export async function findSource(db: Kysely<Database>, cycleId: number, sourceId: number): Promise<Source | null> {
  const sources = await listSources(db, cycleId);
  return sources.find((s) => s.id === sourceId) ?? null;
}

export async function insertSource(
  db: Kysely<Database>,
  source: { cycleId: number; kind: SourceKind; name: string; participantCount: number | null }
): Promise<Source> {
  const row = await db
    .insertInto('sources')
    .values({
      cycle_id: source.cycleId,
      kind: source.kind,
      name: source.name,
      participant_count: source.participantCount
    })
    .returning(['id', 'cycle_id as cycleId', 'kind', 'name', 'participant_count as participantCount'])
    .executeTakeFirstOrThrow();
  return { ...row, questionCount: 0 };
}

export async function insertCommittee(
  db: Kysely<Database>,
  committee: { cycleId: number; kind: CommitteeKind; name: string; maxMembers: number; maxObservers?: number }
): Promise<number> {
  const { id } = await db
    .insertInto('committees')
    .values({
      cycle_id: committee.cycleId,
      kind: committee.kind,
      name: committee.name,
      max_members: committee.maxMembers,
      max_observers: committee.maxObservers
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function addCommitteeMember(
  db: Kysely<Database>,
  member: { committeeId: number; userId: number; membership: Membership; joinedAt?: Date }
): Promise<void> {
  await db
    .insertInto('committee_members')
    .values({
      committee_id: member.committeeId,
      user_id: member.userId,
      membership: member.membership,
      joined_at: member.joinedAt
    })
    .execute();
}

export async function listCommittees(db: Kysely<Database>, cycleId: number): Promise<Committee[]> {
  const committees = await db
    .selectFrom('committees')
    .select(['id', 'cycle_id as cycleId', 'kind', 'name', 'max_members as maxMembers'])
    .where('cycle_id', '=', cycleId)
    .orderBy('id')
    .execute();
  if (committees.length === 0) return [];
  const members = await db
    .selectFrom('committee_members')
    .innerJoin('users', 'users.id', 'committee_members.user_id')
    .select([
      'committee_members.committee_id as committeeId',
      'users.id as userId',
      'users.name',
      'users.email',
      'committee_members.membership'
    ])
    .where(
      'committee_members.committee_id',
      'in',
      committees.map((c) => c.id)
    )
    .orderBy('users.name')
    .execute();
  return committees.map((c) => ({
    ...c,
    members: members
      .filter((m) => m.committeeId === c.id)
      .map(({ userId, name, email, membership }) => ({ userId, name, email, membership }))
  }));
}
