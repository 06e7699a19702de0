import { type Kysely, sql } from 'kysely';
import type { Database, Membership, RoundStatus } from '../schema.js';

export interface Round {
  id: number;
  cycleId: number;
  name: string;
  scaleMin: number;
  scaleMax: number;
  status: RoundStatus;
  blind: boolean;
  openedAt: Date | null;
  closedAt: Date | null;
  themeCount: number;
  committeeIds: number[];
}

export interface Criterion {
  id: number;
  name: string;
  description: string;
  weight: number;
}

export interface BallotTheme {
  id: number;
  name: string;
  description: string;
  keywords: string[];
  scores: Record<number, number>;
}

export interface RankedTheme {
  themeId: number;
  name: string;
  mean: number | null;
  raters: number;
  scores: number;
}

export interface MemberProgress {
  userId: number;
  name: string;
  committeeName: string;
  scored: number;
}

export async function insertRound(
  db: Kysely<Database>,
  round: {
    cycleId: number;
    name: string;
    scaleMin: number;
    scaleMax: number;
    themeIds: number[];
    committeeIds: number[];
    criteria: { name: string; description: string; weight: number }[];
    createdBy: number | null;
    openedAt: Date;
  }
): Promise<number> {
  const { id } = await db
    .insertInto('rating_rounds')
    .values({
      cycle_id: round.cycleId,
      name: round.name,
      scale_min: round.scaleMin,
      scale_max: round.scaleMax,
      status: 'open',
      opened_at: round.openedAt,
      created_by: round.createdBy
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('round_themes')
    .values(round.themeIds.map((themeId) => ({ round_id: id, theme_id: themeId })))
    .execute();
  await db
    .insertInto('round_committees')
    .values(round.committeeIds.map((committeeId) => ({ round_id: id, committee_id: committeeId })))
    .execute();
  await db
    .insertInto('round_criteria')
    .values(round.criteria.map((c, position) => ({ round_id: id, ...c, position })))
    .execute();
  return id;
}

function roundQuery(db: Kysely<Database>) {
  return db.selectFrom('rating_rounds as r').select((eb) => [
    'r.id',
    'r.cycle_id as cycleId',
    'r.name',
    'r.scale_min as scaleMin',
    'r.scale_max as scaleMax',
    'r.status',
    'r.blind',
    'r.opened_at as openedAt',
    'r.closed_at as closedAt',
    eb
      .selectFrom('round_themes')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('round_themes.round_id', '=', 'r.id')
      .as('themeCount'),
    sql<
      number[]
    >`coalesce((select json_agg(rc.committee_id order by rc.committee_id) from round_committees rc where rc.round_id = r.id), '[]'::json)`.as(
      'committeeIds'
    )
  ]);
}

export async function listRounds(db: Kysely<Database>, cycleId: number): Promise<Round[]> {
  const rows = await roundQuery(db).where('r.cycle_id', '=', cycleId).orderBy('r.id', 'desc').execute();
  return rows.map((r) => ({ ...r, themeCount: r.themeCount ?? 0 }));
}

export async function findRound(db: Kysely<Database>, roundId: number): Promise<Round | null> {
  const row = await roundQuery(db).where('r.id', '=', roundId).executeTakeFirst();
  return row ? { ...row, themeCount: row.themeCount ?? 0 } : null;
}

export async function setRoundStatus(
  db: Kysely<Database>,
  roundId: number,
  status: RoundStatus,
  at: Date
): Promise<void> {
  await db
    .updateTable('rating_rounds')
    .set(status === 'closed' ? { status, closed_at: at } : { status, opened_at: at, closed_at: null })
    .where('id', '=', roundId)
    .execute();
}

export async function listCriteria(db: Kysely<Database>, roundId: number): Promise<Criterion[]> {
  return db
    .selectFrom('round_criteria')
    .select(['id', 'name', 'description', 'weight'])
    .where('round_id', '=', roundId)
    .orderBy('position')
    .execute();
}

/** How the user belongs to the round: through which committee, as what; null when not at all. */
export async function roundMembership(
  db: Kysely<Database>,
  roundId: number,
  userId: number
): Promise<Membership | null> {
  const rows = await db
    .selectFrom('round_committees')
    .innerJoin('committee_members', 'committee_members.committee_id', 'round_committees.committee_id')
    .select('committee_members.membership')
    .where('round_committees.round_id', '=', roundId)
    .where('committee_members.user_id', '=', userId)
    .execute();
  if (rows.length === 0) return null;
  // Someone who rates in one of the round's committees may rate, even if they only observe another.
  return rows.find((r) => r.membership !== 'observer')?.membership ?? 'observer';
}

/** Rounds that include one of the user's committees, newest first. */
export async function listRoundsForMember(
  db: Kysely<Database>,
  userId: number
): Promise<(Round & { membership: Membership })[]> {
  const rounds = await roundQuery(db)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('round_committees')
          .innerJoin('committee_members', 'committee_members.committee_id', 'round_committees.committee_id')
          .select(sql`1`.as('one'))
          .whereRef('round_committees.round_id', '=', 'r.id')
          .where('committee_members.user_id', '=', userId)
      )
    )
    .where('r.status', '!=', 'draft')
    .orderBy('r.id', 'desc')
    .execute();
  const result = [];
  for (const round of rounds) {
    const membership = (await roundMembership(db, round.id, userId)) ?? 'observer';
    result.push({ ...round, themeCount: round.themeCount ?? 0, membership });
  }
  return result;
}

export async function listBallot(db: Kysely<Database>, roundId: number, userId: number): Promise<BallotTheme[]> {
  const themes = await db
    .selectFrom('round_themes')
    .innerJoin('themes', 'themes.id', 'round_themes.theme_id')
    .select(['themes.id', 'themes.name', 'themes.description', 'themes.keywords'])
    .where('round_themes.round_id', '=', roundId)
    .orderBy('themes.name')
    .orderBy('themes.id')
    .execute();
  const scores = await db
    .selectFrom('scores')
    .select(['theme_id as themeId', 'criterion_id as criterionId', 'value'])
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .where('value', 'is not', null)
    .$narrowType<{ value: number }>()
    .execute();
  return themes.map((t) => ({
    ...t,
    scores: Object.fromEntries(scores.filter((s) => s.themeId === t.id).map((s) => [s.criterionId, s.value]))
  }));
}

export async function roundIncludesTheme(db: Kysely<Database>, roundId: number, themeId: number): Promise<boolean> {
  const row = await db
    .selectFrom('round_themes')
    .select('theme_id')
    .where('round_id', '=', roundId)
    .where('theme_id', '=', themeId)
    .executeTakeFirst();
  return row !== undefined;
}

/** One score per member × theme × criterion: sending again replaces the value. */
export async function upsertScore(
  db: Kysely<Database>,
  score: { roundId: number; themeId: number; criterionId: number; userId: number; value: number; at: Date }
): Promise<{ previous: number | null }> {
  const previous = await db
    .selectFrom('scores')
    .select('value')
    .where('round_id', '=', score.roundId)
    .where('theme_id', '=', score.themeId)
    .where('criterion_id', '=', score.criterionId)
    .where('user_id', '=', score.userId)
    .executeTakeFirst();
  await db
    .insertInto('scores')
    .values({
      round_id: score.roundId,
      theme_id: score.themeId,
      criterion_id: score.criterionId,
      user_id: score.userId,
      value: score.value
    })
    .onConflict((oc) =>
      oc
        .columns(['round_id', 'theme_id', 'criterion_id', 'user_id'])
        .doUpdateSet({ value: score.value, updated_at: score.at })
    )
    .execute();
  return { previous: previous?.value ?? null };
}

/**
 * Themes of a round by weighted mean score: per criterion the mean over raters,
 * then the criteria combined by weight. Themes nobody scored come last.
 */
export async function rankThemes(db: Kysely<Database>, roundId: number): Promise<RankedTheme[]> {
  const rows = await db
    .selectFrom('round_themes')
    .innerJoin('themes', 'themes.id', 'round_themes.theme_id')
    .leftJoin('scores', (join) =>
      join.onRef('scores.round_id', '=', 'round_themes.round_id').onRef('scores.theme_id', '=', 'themes.id')
    )
    .leftJoin('round_criteria', 'round_criteria.id', 'scores.criterion_id')
    .select([
      'themes.id as themeId',
      'themes.name',
      sql<number | null>`sum(scores.value * round_criteria.weight)::float8 / nullif(sum(round_criteria.weight), 0)`.as(
        'mean'
      ),
      sql<number>`count(distinct scores.user_id)::int`.as('raters'),
      sql<number>`count(scores.value)::int`.as('scores')
    ])
    .where('round_themes.round_id', '=', roundId)
    .groupBy(['themes.id', 'themes.name'])
    .orderBy(sql`sum(scores.value * round_criteria.weight)::float8 / nullif(sum(round_criteria.weight), 0)`, (ob) =>
      ob.desc().nullsLast()
    )
    .orderBy('themes.name')
    .execute();
  return rows;
}

export async function memberProgress(db: Kysely<Database>, roundId: number): Promise<MemberProgress[]> {
  return db
    .selectFrom('round_committees')
    .innerJoin('committees', 'committees.id', 'round_committees.committee_id')
    .innerJoin('committee_members', 'committee_members.committee_id', 'committees.id')
    .innerJoin('users', 'users.id', 'committee_members.user_id')
    .select((eb) => [
      'users.id as userId',
      'users.name',
      'committees.name as committeeName',
      eb
        .selectFrom('scores')
        .select(sql<number>`count(distinct scores.theme_id)::int`.as('n'))
        .whereRef('scores.round_id', '=', 'round_committees.round_id')
        .whereRef('scores.user_id', '=', 'users.id')
        .as('scored')
    ])
    .where('round_committees.round_id', '=', roundId)
    .where('committee_members.membership', '!=', 'observer')
    .orderBy('committees.name')
    .orderBy('users.name')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, scored: r.scored ?? 0 })));
}
