import { type Kysely, sql } from 'kysely';
import type { AgendaVersionStatus, Database, EvidenceStatus, OutputKind, OutputStatus } from '../schema.js';

/** A theme of a cycle as the agenda shows it, with where it sits on the timeline. */
export interface AgendaThemeRow {
  id: number;
  name: string;
  description: string;
  keywords: string[];
  isOverarching: boolean;
  isAdHoc: boolean;
  adHocJustification: string | null;
  /** The school year it is placed in; null: not placed. */
  yearStartsOn: string | null;
  evidenceStatus: EvidenceStatus;
  plannedOutput: OutputKind | null;
  questionCount: number;
}

export interface AgendaOutputRow {
  themeId: number;
  kind: OutputKind;
  title: string;
  url: string | null;
  status: OutputStatus;
}

export interface AgendaSource {
  cycle: { id: number; name: string; startsOn: string; endsOn: string };
  schoolYears: { startsOn: string; endsOn: string }[];
  themes: AgendaThemeRow[];
  outputs: AgendaOutputRow[];
}

/** Everything the agenda of a cycle is made of, read as it stands now; null when the cycle does not exist. */
export async function readAgendaSource(db: Kysely<Database>, cycleId: number): Promise<AgendaSource | null> {
  const cycle = await db
    .selectFrom('cycles')
    .select(['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn'])
    .where('id', '=', cycleId)
    .executeTakeFirst();
  if (!cycle) return null;
  const schoolYears = await db
    .selectFrom('school_years')
    .select(['starts_on as startsOn', 'ends_on as endsOn'])
    .where('cycle_id', '=', cycleId)
    .orderBy('starts_on')
    .execute();
  const themes = await db
    .selectFrom('themes')
    .leftJoin('theme_placements', 'theme_placements.theme_id', 'themes.id')
    .leftJoin('theme_routes', 'theme_routes.theme_id', 'themes.id')
    .select((eb) => [
      'themes.id',
      'themes.name',
      'themes.description',
      'themes.keywords',
      'themes.is_overarching as isOverarching',
      'themes.is_ad_hoc as isAdHoc',
      'themes.ad_hoc_justification as adHocJustification',
      'theme_placements.year_starts_on as yearStartsOn',
      eb.fn.coalesce('theme_routes.evidence_status', sql<EvidenceStatus>`'unchecked'`).as('evidenceStatus'),
      'theme_routes.planned_output as plannedOutput',
      eb
        .selectFrom('questions')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('questions.theme_id', '=', 'themes.id')
        .where('questions.status', '=', 'active')
        .as('questionCount')
    ])
    .where('themes.cycle_id', '=', cycleId)
    .orderBy('themes.id')
    .execute();
  const outputs = await db
    .selectFrom('theme_outputs')
    .innerJoin('themes', 'themes.id', 'theme_outputs.theme_id')
    .select([
      'theme_outputs.theme_id as themeId',
      'theme_outputs.kind',
      'theme_outputs.title',
      'theme_outputs.url',
      'theme_outputs.status'
    ])
    .where('themes.cycle_id', '=', cycleId)
    .orderBy('theme_outputs.id')
    .execute();
  return {
    cycle,
    schoolYears,
    themes: themes.map((t) => ({ ...t, questionCount: Number(t.questionCount ?? 0) })),
    outputs
  };
}

export interface AgendaVersionRow {
  id: number;
  cycleId: number;
  number: number | null;
  status: AgendaVersionStatus;
  snapshot: unknown;
  proposalNote: string;
  proposedBy: { id: number; name: string } | null;
  proposedAt: Date;
  reviewNote: string;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: Date | null;
  publishedBy: { id: number; name: string } | null;
  publishedAt: Date | null;
}

function versionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('agenda_versions as v')
    .leftJoin('users as p', 'p.id', 'v.proposed_by')
    .leftJoin('users as r', 'r.id', 'v.reviewed_by')
    .leftJoin('users as b', 'b.id', 'v.published_by')
    .select([
      'v.id',
      'v.cycle_id as cycleId',
      'v.number',
      'v.status',
      'v.snapshot',
      'v.proposal_note as proposalNote',
      'v.proposed_at as proposedAt',
      'v.review_note as reviewNote',
      'v.reviewed_at as reviewedAt',
      'v.published_at as publishedAt',
      'p.id as proposedById',
      'p.name as proposedByName',
      'r.id as reviewedById',
      'r.name as reviewedByName',
      'b.id as publishedById',
      'b.name as publishedByName'
    ]);
}

type RawVersion = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

const person = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });

function toVersion(row: RawVersion): AgendaVersionRow {
  return {
    id: row.id,
    cycleId: row.cycleId,
    number: row.number,
    status: row.status,
    snapshot: row.snapshot,
    proposalNote: row.proposalNote,
    proposedBy: person(row.proposedById, row.proposedByName),
    proposedAt: row.proposedAt,
    reviewNote: row.reviewNote,
    reviewedBy: person(row.reviewedById, row.reviewedByName),
    reviewedAt: row.reviewedAt,
    publishedBy: person(row.publishedById, row.publishedByName),
    publishedAt: row.publishedAt
  };
}

/** Every proposal and version of a cycle, newest first. */
export async function listAgendaVersions(db: Kysely<Database>, cycleId: number): Promise<AgendaVersionRow[]> {
  const rows = await versionQuery(db).where('v.cycle_id', '=', cycleId).orderBy('v.id', 'desc').execute();
  return rows.map(toVersion);
}

export async function findAgendaVersion(db: Kysely<Database>, id: number): Promise<AgendaVersionRow | null> {
  const row = await versionQuery(db).where('v.id', '=', id).executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** A published version of a cycle by its number; without a number, the latest. */
export async function findPublishedVersion(
  db: Kysely<Database>,
  cycleId: number,
  number?: number
): Promise<AgendaVersionRow | null> {
  let query = versionQuery(db).where('v.cycle_id', '=', cycleId).where('v.status', '=', 'published');
  query = number === undefined ? query.orderBy('v.number', 'desc').limit(1) : query.where('v.number', '=', number);
  const row = await query.executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** The newest cycle (by start, then id) that has a published version; null when none has. */
export async function newestPublishedCycleId(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('cycles')
    .select('id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('agenda_versions')
          .select('agenda_versions.id')
          .whereRef('agenda_versions.cycle_id', '=', 'cycles.id')
          .where('agenda_versions.status', '=', 'published')
      )
    )
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The published versions of a cycle, oldest first. */
export async function listPublishedNumbers(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ number: number; publishedAt: Date }[]> {
  const rows = await db
    .selectFrom('agenda_versions')
    .select(['number', 'published_at as publishedAt'])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'published')
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number!, publishedAt: r.publishedAt! }));
}

/** The proposal of a cycle still waiting for review or publication, if any. */
export async function findOpenProposal(db: Kysely<Database>, cycleId: number): Promise<AgendaVersionRow | null> {
  const row = await versionQuery(db)
    .where('v.cycle_id', '=', cycleId)
    .where('v.status', 'in', ['proposed', 'approved'])
    .orderBy('v.id', 'desc')
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

export async function insertProposal(
  db: Kysely<Database>,
  proposal: { cycleId: number; snapshot: unknown; note: string; userId: number | null }
): Promise<number> {
  const { id } = await db
    .insertInto('agenda_versions')
    .values({
      cycle_id: proposal.cycleId,
      status: 'proposed',
      snapshot: JSON.stringify(proposal.snapshot),
      proposal_note: proposal.note,
      proposed_by: proposal.userId
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Approves or rejects a proposal that is still 'proposed'; false when it no longer was. */
export async function reviewVersion(
  db: Kysely<Database>,
  review: { id: number; status: 'approved' | 'rejected'; note: string; userId: number | null; at: Date }
): Promise<boolean> {
  const result = await db
    .updateTable('agenda_versions')
    .set({ status: review.status, review_note: review.note, reviewed_by: review.userId, reviewed_at: review.at })
    .where('id', '=', review.id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The next version number of a cycle. Locks the cycle row first, so two publications of one cycle queue up here
 * instead of both taking the same number.
 */
export async function lockNextVersionNumber(db: Kysely<Database>, cycleId: number): Promise<number> {
  await db.selectFrom('cycles').select('id').where('id', '=', cycleId).forUpdate().execute();
  const row = await db
    .selectFrom('agenda_versions')
    .select(sql<number>`coalesce(max(number), 0)::int`.as('max'))
    .where('cycle_id', '=', cycleId)
    .executeTakeFirstOrThrow();
  return Number(row.max) + 1;
}

/** Publishes an approved version under `number`; false when it was no longer approved. */
export async function publishVersion(
  db: Kysely<Database>,
  publication: { id: number; number: number; userId: number | null; at: Date }
): Promise<boolean> {
  const result = await db
    .updateTable('agenda_versions')
    .set({
      status: 'published',
      number: publication.number,
      published_by: publication.userId,
      published_at: publication.at
    })
    .where('id', '=', publication.id)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves a cycle to the 'published' phase unless it is already there or further. */
export async function markCyclePublished(db: Kysely<Database>, cycleId: number): Promise<void> {
  await db
    .updateTable('cycles')
    .set({ phase: 'published' })
    .where('id', '=', cycleId)
    .where('phase', 'in', ['inventory', 'prioritisation', 'concretisation'])
    .execute();
}
