import { type Kysely, sql } from 'kysely';
import type {
  CommitteeKind,
  ConsensusRule,
  Database,
  Membership,
  RoundKind,
  RoundStatus,
  ScaleKind
} from '../schema.js';

export interface Round {
  id: number;
  cycleId: number;
  name: string;
  description: string;
  kind: RoundKind;
  scaleKind: ScaleKind;
  scaleMin: number;
  scaleMax: number;
  rankTopN: number | null;
  status: RoundStatus;
  blind: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  openedAt: Date | null;
  closedAt: Date | null;
  previousRoundId: number | null;
  consensus: ConsensusRule | null;
  themeCount: number;
  committeeIds: number[];
}

/** Everything staff decide when they set up a round. */
export interface RoundSetup {
  name: string;
  description: string;
  kind: RoundKind;
  scaleKind: ScaleKind;
  scaleMin: number;
  scaleMax: number;
  rankTopN: number | null;
  blind: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  previousRoundId: number | null;
  consensus: ConsensusRule | null;
  themeIds: number[];
  committeeIds: number[];
  criteria: { name: string; description: string; weight: number }[];
}

export interface Criterion {
  id: number;
  name: string;
  description: string;
  weight: number;
}

/** A theme's scores in a round, per criterion, as totals to rank on. */
export interface ThemeScoreTotals {
  themeId: number;
  name: string;
  /** Members who gave the theme at least one score ("weet ik niet" is not a score). */
  raters: number;
  scores: number;
  criteria: { criterionId: number; weight: number; n: number; sum: number }[];
}

/** The raw score values of one theme on one criterion ("weet ik niet" left out), lowest first. */
export interface ScoreValues {
  themeId: number;
  themeName: string;
  criterionId: number;
  values: number[];
}

/** One committee seat in a round: a member or chair of one of its committees (observers do not rate). */
export interface RoundSeat {
  userId: number;
  name: string;
  committeeId: number;
  committeeName: string;
  committeeKind: CommitteeKind;
  membership: Exclude<Membership, 'observer'>;
}

/** What a member did in a round, whichever committee they sit in. */
export interface MemberActivity {
  userId: number;
  /** Per theme, how many of its criteria the member answered (a score or "weet ik niet"). */
  answeredPerTheme: { themeId: number; criteria: number }[];
  /** Themes with at least one feedback comment (feedback rounds). */
  feedbackThemes: number;
  recusedThemeIds: number[];
  submittedAt: Date | null;
  lastActivityAt: Date | null;
}

/** One row of the raw-score export. */
export interface ExportedScore {
  roundId: number;
  roundName: string;
  committees: string;
  userId: number;
  memberName: string;
  themeId: number;
  themeName: string;
  criterion: string;
  value: number | null;
  dontKnow: boolean;
  reason: string | null;
  updatedAt: Date;
}

export interface RoundAnswer {
  userId: number;
  themeId: number;
  criterionId: number;
  /** Null: "weet ik niet". */
  value: number | null;
}

export interface MemberProgress {
  userId: number;
  name: string;
  committeeName: string;
  scored: number;
}

function setupColumns(setup: RoundSetup) {
  return {
    name: setup.name,
    description: setup.description,
    kind: setup.kind,
    scale_kind: setup.scaleKind,
    scale_min: setup.scaleMin,
    scale_max: setup.scaleMax,
    rank_top_n: setup.rankTopN,
    blind: setup.blind,
    opens_at: setup.opensAt,
    closes_at: setup.closesAt,
    previous_round_id: setup.previousRoundId,
    consensus: setup.consensus === null ? null : JSON.stringify(setup.consensus)
  };
}

async function insertParts(db: Kysely<Database>, roundId: number, setup: RoundSetup): Promise<void> {
  if (setup.themeIds.length > 0) {
    await db
      .insertInto('round_themes')
      .values(setup.themeIds.map((themeId) => ({ round_id: roundId, theme_id: themeId })))
      .execute();
  }
  if (setup.committeeIds.length > 0) {
    await db
      .insertInto('round_committees')
      .values(setup.committeeIds.map((committeeId) => ({ round_id: roundId, committee_id: committeeId })))
      .execute();
  }
  if (setup.criteria.length > 0) {
    await db
      .insertInto('round_criteria')
      .values(setup.criteria.map((c, position) => ({ round_id: roundId, ...c, position })))
      .execute();
  }
}

export async function insertRound(
  db: Kysely<Database>,
  round: RoundSetup & { cycleId: number; status: 'draft' | 'open'; createdBy: number | null; now: Date }
): Promise<number> {
  const { id } = await db
    .insertInto('rating_rounds')
    .values({
      cycle_id: round.cycleId,
      ...setupColumns(round),
      status: round.status,
      opened_at: round.status === 'open' ? round.now : null,
      created_by: round.createdBy
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertParts(db, id, round);
  return id;
}

/** Replaces a draft's setup: its fields, themes, committees and criteria. */
export async function updateRound(db: Kysely<Database>, roundId: number, setup: RoundSetup): Promise<void> {
  await db.updateTable('rating_rounds').set(setupColumns(setup)).where('id', '=', roundId).execute();
  await db.deleteFrom('round_themes').where('round_id', '=', roundId).execute();
  await db.deleteFrom('round_committees').where('round_id', '=', roundId).execute();
  await db.deleteFrom('round_criteria').where('round_id', '=', roundId).execute();
  await insertParts(db, roundId, setup);
}

/** Removes a round with its themes, committees and criteria (callers check nobody answered in it). */
export async function deleteRound(db: Kysely<Database>, roundId: number): Promise<void> {
  await db.deleteFrom('rating_rounds').where('id', '=', roundId).execute();
}

/** Selects rounds with their theme count and committee ids; callers add the where clause. */
export function roundQuery(db: Kysely<Database>) {
  return db.selectFrom('rating_rounds as r').select((eb) => [
    'r.id',
    'r.cycle_id as cycleId',
    'r.name',
    'r.description',
    'r.kind',
    'r.scale_kind as scaleKind',
    'r.scale_min as scaleMin',
    'r.scale_max as scaleMax',
    'r.rank_top_n as rankTopN',
    'r.status',
    'r.blind',
    'r.opens_at as opensAt',
    'r.closes_at as closesAt',
    'r.opened_at as openedAt',
    'r.closed_at as closedAt',
    'r.previous_round_id as previousRoundId',
    'r.consensus',
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

/**
 * Per theme of the round and per criterion the count and sum of the score values ("weet ik niet" left out), with
 * the members who scored the theme; the service ranks on them (weighted mean, or Borda points for a ranking).
 */
export async function themeScoreTotals(db: Kysely<Database>, roundId: number): Promise<ThemeScoreTotals[]> {
  const cells = await db
    .selectFrom('round_themes as rt')
    .innerJoin('themes', 'themes.id', 'rt.theme_id')
    .innerJoin('round_criteria as rc', 'rc.round_id', 'rt.round_id')
    .leftJoin('scores as s', (join) =>
      join
        .onRef('s.round_id', '=', 'rt.round_id')
        .onRef('s.theme_id', '=', 'rt.theme_id')
        .onRef('s.criterion_id', '=', 'rc.id')
        .on('s.value', 'is not', null)
    )
    .select([
      'themes.id as themeId',
      'themes.name',
      'rc.id as criterionId',
      'rc.weight',
      sql<number>`count(s.value)::int`.as('n'),
      sql<number>`coalesce(sum(s.value), 0)::float8`.as('sum')
    ])
    .where('rt.round_id', '=', roundId)
    .groupBy(['themes.id', 'themes.name', 'rc.id', 'rc.weight', 'rc.position'])
    .orderBy('themes.name')
    .orderBy('themes.id')
    .orderBy('rc.position')
    .execute();
  const raters = await db
    .selectFrom('scores')
    .select(['theme_id as themeId', sql<number>`count(distinct user_id)::int`.as('raters')])
    .where('round_id', '=', roundId)
    .where('value', 'is not', null)
    .groupBy('theme_id')
    .execute();
  const ratersOf = new Map(raters.map((r) => [r.themeId, r.raters]));
  const themes = new Map<number, ThemeScoreTotals>();
  for (const cell of cells) {
    let theme = themes.get(cell.themeId);
    if (!theme) {
      theme = {
        themeId: cell.themeId,
        name: cell.name,
        raters: ratersOf.get(cell.themeId) ?? 0,
        scores: 0,
        criteria: []
      };
      themes.set(cell.themeId, theme);
    }
    theme.scores += cell.n;
    theme.criteria.push({ criterionId: cell.criterionId, weight: cell.weight, n: cell.n, sum: cell.sum });
  }
  return [...themes.values()];
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

/** The themes of a round by name. */
export async function listRoundThemes(db: Kysely<Database>, roundId: number): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('round_themes')
    .innerJoin('themes', 'themes.id', 'round_themes.theme_id')
    .select(['themes.id', 'themes.name'])
    .where('round_themes.round_id', '=', roundId)
    .orderBy('themes.name')
    .orderBy('themes.id')
    .execute();
}

/**
 * The raw score values per theme × criterion of a round, for every theme and criterion of it (an empty list where
 * nobody scored); "weet ik niet" is not a value. Themes by name, criteria in their order.
 */
export async function roundScoreValues(db: Kysely<Database>, roundId: number): Promise<ScoreValues[]> {
  return db
    .selectFrom('round_themes as rt')
    .innerJoin('themes', 'themes.id', 'rt.theme_id')
    .innerJoin('round_criteria as rc', 'rc.round_id', 'rt.round_id')
    .leftJoin('scores as s', (join) =>
      join
        .onRef('s.round_id', '=', 'rt.round_id')
        .onRef('s.theme_id', '=', 'rt.theme_id')
        .onRef('s.criterion_id', '=', 'rc.id')
        .on('s.value', 'is not', null)
    )
    .select([
      'themes.id as themeId',
      'themes.name as themeName',
      'rc.id as criterionId',
      sql<number[]>`coalesce(json_agg(s.value order by s.value) filter (where s.value is not null), '[]'::json)`.as(
        'values'
      )
    ])
    .where('rt.round_id', '=', roundId)
    .groupBy(['themes.id', 'themes.name', 'rc.id', 'rc.position'])
    .orderBy('themes.name')
    .orderBy('themes.id')
    .orderBy('rc.position')
    .execute();
}

/** Who rates in a round: members and chairs of its committees, one row per committee they sit in. */
export async function listRoundSeats(db: Kysely<Database>, roundId: number): Promise<RoundSeat[]> {
  const rows = await db
    .selectFrom('round_committees as rcm')
    .innerJoin('committees as c', 'c.id', 'rcm.committee_id')
    .innerJoin('committee_members as cm', 'cm.committee_id', 'c.id')
    .innerJoin('users as u', 'u.id', 'cm.user_id')
    .select([
      'u.id as userId',
      'u.name',
      'c.id as committeeId',
      'c.name as committeeName',
      'c.kind as committeeKind',
      'cm.membership'
    ])
    .where('rcm.round_id', '=', roundId)
    .where('cm.membership', '!=', 'observer')
    .orderBy('c.id')
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, membership: r.membership === 'chair' ? 'chair' : 'member' }));
}

/** What each member did in a round: answers per theme, recusals, the final submit and the latest change. */
export async function listMemberActivity(db: Kysely<Database>, roundId: number): Promise<MemberActivity[]> {
  const [answers, feedback, recusals, submissions, latest] = await Promise.all([
    db
      .selectFrom('scores')
      .select(['user_id as userId', 'theme_id as themeId', sql<number>`count(*)::int`.as('criteria')])
      .where('round_id', '=', roundId)
      .groupBy(['user_id', 'theme_id'])
      .execute(),
    db
      .selectFrom('theme_feedback')
      .select(['user_id as userId', sql<number>`count(distinct theme_id)::int`.as('themes')])
      .where('round_id', '=', roundId)
      .groupBy('user_id')
      .execute(),
    listRecusals(db, roundId),
    db
      .selectFrom('round_submissions')
      .select(['user_id as userId', 'submitted_at as submittedAt'])
      .where('round_id', '=', roundId)
      .execute(),
    sql<{ userId: number; at: Date }>`
      select user_id as "userId", max(at) as at from (
        select user_id, updated_at as at from scores where round_id = ${roundId}
        union all select user_id, updated_at from ballot_comments where round_id = ${roundId}
        union all select user_id, declared_at from conflict_declarations where round_id = ${roundId}
        union all select user_id, updated_at from theme_feedback where round_id = ${roundId}
        union all select user_id, submitted_at from round_submissions where round_id = ${roundId}
      ) activity group by user_id`
      .execute(db)
      .then((result) => result.rows)
  ]);
  const members = new Map<number, MemberActivity>();
  const member = (userId: number) => {
    let m = members.get(userId);
    if (!m) {
      m = {
        userId,
        answeredPerTheme: [],
        feedbackThemes: 0,
        recusedThemeIds: [],
        submittedAt: null,
        lastActivityAt: null
      };
      members.set(userId, m);
    }
    return m;
  };
  for (const a of answers) member(a.userId).answeredPerTheme.push({ themeId: a.themeId, criteria: a.criteria });
  for (const f of feedback) member(f.userId).feedbackThemes = f.themes;
  for (const r of recusals) member(r.userId).recusedThemeIds.push(r.themeId);
  for (const s of submissions) member(s.userId).submittedAt = s.submittedAt;
  for (const l of latest) member(l.userId).lastActivityAt = new Date(l.at);
  return [...members.values()];
}

/** Themes members declared a conflict of interest for, and so may not score (a general declaration recuses nobody). */
export async function listRecusals(
  db: Kysely<Database>,
  roundId: number
): Promise<{ userId: number; themeId: number }[]> {
  return db
    .selectFrom('conflict_declarations')
    .select(['user_id as userId', 'theme_id as themeId'])
    .where('round_id', '=', roundId)
    .where('kind', '=', 'theme')
    .$narrowType<{ themeId: number }>()
    .execute();
}

/** Every answer of a round: a score, or null for "weet ik niet" (ranking rounds: the rank). */
export async function listRoundAnswers(db: Kysely<Database>, roundId: number): Promise<RoundAnswer[]> {
  return db
    .selectFrom('scores')
    .select(['user_id as userId', 'theme_id as themeId', 'criterion_id as criterionId', 'value'])
    .where('round_id', '=', roundId)
    .execute();
}

/** Whether any member did anything in the round: a score, comment, declaration, feedback or submit. */
export async function roundHasAnswers(db: Kysely<Database>, roundId: number): Promise<boolean> {
  const result = await sql<{ answered: boolean }>`
    select exists (select 1 from scores where round_id = ${roundId})
      or exists (select 1 from ballot_comments where round_id = ${roundId})
      or exists (select 1 from conflict_declarations where round_id = ${roundId})
      or exists (select 1 from theme_feedback where round_id = ${roundId})
      or exists (select 1 from round_submissions where round_id = ${roundId}) as answered`.execute(db);
  return result.rows[0]?.answered ?? false;
}

/** Rounds that follow this one (Delphi). */
export async function listFollowingRounds(
  db: Kysely<Database>,
  roundId: number
): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('rating_rounds')
    .select(['id', 'name'])
    .where('previous_round_id', '=', roundId)
    .orderBy('id')
    .execute();
}

/** Every score of a round with who gave it and on what, for staff's export. */
export async function listScoresForExport(db: Kysely<Database>, roundId: number): Promise<ExportedScore[]> {
  return db
    .selectFrom('scores as s')
    .innerJoin('rating_rounds as r', 'r.id', 's.round_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('themes as t', 't.id', 's.theme_id')
    .innerJoin('round_criteria as rc', 'rc.id', 's.criterion_id')
    .select([
      'r.id as roundId',
      'r.name as roundName',
      sql<string>`coalesce((
        select string_agg(c.name, '; ' order by c.name)
        from round_committees rcm
        join committees c on c.id = rcm.committee_id
        join committee_members cm on cm.committee_id = c.id and cm.user_id = s.user_id
        where rcm.round_id = s.round_id), '')`.as('committees'),
      'u.id as userId',
      'u.name as memberName',
      't.id as themeId',
      't.name as themeName',
      'rc.name as criterion',
      's.value',
      's.dont_know as dontKnow',
      's.reason',
      's.updated_at as updatedAt'
    ])
    .where('s.round_id', '=', roundId)
    .orderBy(sql.ref('committees'))
    .orderBy('u.name')
    .orderBy('u.id')
    .orderBy('t.name')
    .orderBy('t.id')
    .orderBy('rc.position')
    .execute();
}
