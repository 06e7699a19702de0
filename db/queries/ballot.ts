import { type Kysely, sql } from 'kysely';
import type { ConflictKind, Database, Membership } from '../schema.js';
import { type Round, roundQuery } from './rounds.js';

/** A round as a committee member works in it. */
export type BallotRound = Omit<Round, 'consensus' | 'committeeIds'>;

export interface BallotCriterion {
  id: number;
  name: string;
  description: string;
  weight: number;
  position: number;
}

export interface BallotThemeRow {
  id: number;
  name: string;
  description: string;
  keywords: string[];
  representativeQuestionIds: number[];
}

/** A question shown to committees, with the asker's name (from the personal data) only to mask it. */
export interface QuestionForMasking {
  id: number;
  themeId: number | null;
  text: string;
  askerName: string | null;
}

export interface MemberScore {
  themeId: number;
  criterionId: number;
  /** Null for "weet ik niet". */
  value: number | null;
  dontKnow: boolean;
  reason: string | null;
}

export interface StoredScore {
  value: number | null;
  dontKnow: boolean;
  reason: string | null;
}

export interface Declaration {
  id: number;
  kind: ConflictKind;
  themeId: number | null;
  description: string;
  declaredAt: Date;
}

export interface RoundDeclaration extends Declaration {
  userId: number;
  memberName: string;
  committees: string[];
  themeName: string | null;
}

export interface RoundMember {
  userId: number;
  name: string;
  committees: string[];
}

export async function findBallotRound(db: Kysely<Database>, roundId: number): Promise<BallotRound | null> {
  const row = await roundQuery(db).where('r.id', '=', roundId).executeTakeFirst();
  return row ? { ...row, themeCount: row.themeCount ?? 0 } : null;
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

/** Rounds (not drafts) that include one of the user's committees, newest first, with the user's membership. */
export async function listRoundsForMember(
  db: Kysely<Database>,
  userId: number
): Promise<(BallotRound & { membership: Membership })[]> {
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

export async function listBallotCriteria(db: Kysely<Database>, roundId: number): Promise<BallotCriterion[]> {
  return db
    .selectFrom('round_criteria')
    .select(['id', 'name', 'description', 'weight', 'position'])
    .where('round_id', '=', roundId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The round's themes in the order members see them: by name. */
export async function listBallot(db: Kysely<Database>, roundId: number): Promise<BallotThemeRow[]> {
  return db
    .selectFrom('round_themes')
    .innerJoin('themes', 'themes.id', 'round_themes.theme_id')
    .select([
      'themes.id',
      'themes.name',
      'themes.description',
      'themes.keywords',
      'themes.representative_question_ids as representativeQuestionIds'
    ])
    .where('round_themes.round_id', '=', roundId)
    .orderBy('themes.name')
    .orderBy('themes.id')
    .execute();
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

/** Active questions by id, with the asker's name recorded for the same row of the same file. */
export async function questionsForMasking(db: Kysely<Database>, ids: readonly number[]): Promise<QuestionForMasking[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('questions')
    .leftJoin('personal_data', (join) =>
      join
        .onRef('personal_data.batch_id', '=', 'questions.batch_id')
        .onRef('personal_data.row_number', '=', 'questions.row_number')
    )
    .select(['questions.id', 'questions.theme_id as themeId', 'questions.text', 'personal_data.name as askerName'])
    .where('questions.id', 'in', [...ids])
    .where('questions.status', '=', 'active')
    .execute();
}

/** The first `perTheme` active questions (by id) of each theme, for themes without enough representatives. */
export async function firstQuestionsOfThemes(
  db: Kysely<Database>,
  themeIds: readonly number[],
  perTheme: number
): Promise<QuestionForMasking[]> {
  if (themeIds.length === 0) return [];
  const ranked = db
    .selectFrom('questions')
    .select([
      'questions.id',
      'questions.theme_id',
      sql<number>`row_number() over (partition by questions.theme_id order by questions.id)`.as('position')
    ])
    .where('questions.theme_id', 'in', [...themeIds])
    .where('questions.status', '=', 'active')
    .as('ranked');
  const rows = await db.selectFrom(ranked).select('ranked.id').where('ranked.position', '<=', perTheme).execute();
  const questions = await questionsForMasking(
    db,
    rows.map((r) => r.id)
  );
  return questions.sort((a, b) => a.id - b.id);
}

export async function listMemberScores(db: Kysely<Database>, roundId: number, userId: number): Promise<MemberScore[]> {
  return db
    .selectFrom('scores')
    .select(['theme_id as themeId', 'criterion_id as criterionId', 'value', 'dont_know as dontKnow', 'reason'])
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .execute();
}

/** Every answer in a round, by theme and criterion (for the Delphi group summary of a closed round). */
export async function listRoundScores(
  db: Kysely<Database>,
  roundId: number
): Promise<{ themeId: number; criterionId: number; userId: number; value: number | null; dontKnow: boolean }[]> {
  return db
    .selectFrom('scores')
    .select([
      'theme_id as themeId',
      'criterion_id as criterionId',
      'user_id as userId',
      'value',
      'dont_know as dontKnow'
    ])
    .where('round_id', '=', roundId)
    .execute();
}

export async function findScore(
  db: Kysely<Database>,
  key: { roundId: number; themeId: number; criterionId: number; userId: number }
): Promise<StoredScore | null> {
  const row = await db
    .selectFrom('scores')
    .select(['value', 'dont_know as dontKnow', 'reason'])
    .where('round_id', '=', key.roundId)
    .where('theme_id', '=', key.themeId)
    .where('criterion_id', '=', key.criterionId)
    .where('user_id', '=', key.userId)
    .executeTakeFirst();
  return row ?? null;
}

/** One score per member × theme × criterion: sending again replaces it. Returns what was stored before. */
export async function upsertScore(
  db: Kysely<Database>,
  score: {
    roundId: number;
    themeId: number;
    criterionId: number;
    userId: number;
    value: number | null;
    dontKnow: boolean;
    reason: string | null;
    at: Date;
  }
): Promise<{ previous: StoredScore | null }> {
  const previous = await findScore(db, score);
  await db
    .insertInto('scores')
    .values({
      round_id: score.roundId,
      theme_id: score.themeId,
      criterion_id: score.criterionId,
      user_id: score.userId,
      value: score.value,
      dont_know: score.dontKnow,
      reason: score.reason
    })
    .onConflict((oc) =>
      oc
        .columns(['round_id', 'theme_id', 'criterion_id', 'user_id'])
        .doUpdateSet({ value: score.value, dont_know: score.dontKnow, reason: score.reason, updated_at: score.at })
    )
    .execute();
  return { previous };
}

/** Removes a member's scores in a round (on one theme, or all); returns what was removed. */
export async function deleteMemberScores(
  db: Kysely<Database>,
  roundId: number,
  userId: number,
  themeId?: number
): Promise<MemberScore[]> {
  let query = db.deleteFrom('scores').where('round_id', '=', roundId).where('user_id', '=', userId);
  if (themeId !== undefined) query = query.where('theme_id', '=', themeId);
  return query
    .returning(['theme_id as themeId', 'criterion_id as criterionId', 'value', 'dont_know as dontKnow', 'reason'])
    .execute();
}

export async function listMemberComments(
  db: Kysely<Database>,
  roundId: number,
  userId: number
): Promise<{ themeId: number; comment: string }[]> {
  return db
    .selectFrom('ballot_comments')
    .select(['theme_id as themeId', 'comment'])
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .execute();
}

/** Stores a member's comment on a theme, or removes it when `comment` is null; returns the earlier comment. */
export async function setComment(
  db: Kysely<Database>,
  input: { roundId: number; themeId: number; userId: number; comment: string | null; at: Date }
): Promise<string | null> {
  const previous = await db
    .selectFrom('ballot_comments')
    .select('comment')
    .where('round_id', '=', input.roundId)
    .where('theme_id', '=', input.themeId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (input.comment === null) {
    await db
      .deleteFrom('ballot_comments')
      .where('round_id', '=', input.roundId)
      .where('theme_id', '=', input.themeId)
      .where('user_id', '=', input.userId)
      .execute();
  } else {
    await db
      .insertInto('ballot_comments')
      .values({ round_id: input.roundId, theme_id: input.themeId, user_id: input.userId, comment: input.comment })
      .onConflict((oc) =>
        oc.columns(['round_id', 'theme_id', 'user_id']).doUpdateSet({ comment: input.comment!, updated_at: input.at })
      )
      .execute();
  }
  return previous?.comment ?? null;
}

export async function findSubmission(db: Kysely<Database>, roundId: number, userId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('round_submissions')
    .select('submitted_at')
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.submitted_at ?? null;
}

/** Records the final submit; submitting again moves the date. */
export async function upsertSubmission(db: Kysely<Database>, roundId: number, userId: number, at: Date): Promise<void> {
  await db
    .insertInto('round_submissions')
    .values({ round_id: roundId, user_id: userId, submitted_at: at })
    .onConflict((oc) => oc.columns(['round_id', 'user_id']).doUpdateSet({ submitted_at: at }))
    .execute();
}

/** A member's declarations in a round: one 'none', or a 'general' one and/or one per theme. */
export async function listDeclarations(db: Kysely<Database>, roundId: number, userId: number): Promise<Declaration[]> {
  return db
    .selectFrom('conflict_declarations')
    .select(['id', 'kind', 'theme_id as themeId', 'description', 'declared_at as declaredAt'])
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

export async function insertDeclaration(
  db: Kysely<Database>,
  declaration: {
    roundId: number;
    userId: number;
    kind: ConflictKind;
    themeId: number | null;
    description: string;
    at: Date;
  }
): Promise<void> {
  await db
    .insertInto('conflict_declarations')
    .values({
      round_id: declaration.roundId,
      user_id: declaration.userId,
      kind: declaration.kind,
      theme_id: declaration.themeId,
      description: declaration.description,
      declared_at: declaration.at
    })
    .execute();
}

export async function updateDeclarationDescription(
  db: Kysely<Database>,
  id: number,
  description: string
): Promise<void> {
  await db.updateTable('conflict_declarations').set({ description }).where('id', '=', id).execute();
}

export async function deleteDeclaration(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('conflict_declarations').where('id', '=', id).execute();
}

/** Committees of the round each user rates or observes in, by user. */
async function committeesByUser(db: Kysely<Database>, roundId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('round_committees')
    .innerJoin('committees', 'committees.id', 'round_committees.committee_id')
    .innerJoin('committee_members', 'committee_members.committee_id', 'committees.id')
    .select(['committee_members.user_id as userId', 'committees.name'])
    .where('round_committees.round_id', '=', roundId)
    .orderBy('committees.name')
    .execute();
  const map = new Map<number, string[]>();
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.name]);
  return map;
}

/** Every declaration in a round, for staff: by member name, then general before per-theme. */
export async function listRoundDeclarations(db: Kysely<Database>, roundId: number): Promise<RoundDeclaration[]> {
  const rows = await db
    .selectFrom('conflict_declarations as d')
    .innerJoin('users', 'users.id', 'd.user_id')
    .leftJoin('themes', 'themes.id', 'd.theme_id')
    .select([
      'd.id',
      'd.user_id as userId',
      'users.name as memberName',
      'd.kind',
      'd.theme_id as themeId',
      'themes.name as themeName',
      'd.description',
      'd.declared_at as declaredAt'
    ])
    .where('d.round_id', '=', roundId)
    .orderBy('users.name')
    .orderBy('d.user_id')
    .orderBy(sql`case d.kind when 'none' then 0 when 'general' then 1 else 2 end`)
    .orderBy('themes.name')
    .execute();
  const committees = await committeesByUser(db, roundId);
  return rows.map((row) => ({ ...row, committees: committees.get(row.userId) ?? [] }));
}

/** Members (not observers) of the round's committees who have not declared yet. */
export async function listUndeclaredMembers(db: Kysely<Database>, roundId: number): Promise<RoundMember[]> {
  const rows = await db
    .selectFrom('round_committees')
    .innerJoin('committee_members', 'committee_members.committee_id', 'round_committees.committee_id')
    .innerJoin('users', 'users.id', 'committee_members.user_id')
    .select(['users.id as userId', 'users.name'])
    .distinct()
    .where('round_committees.round_id', '=', roundId)
    .where('committee_members.membership', '!=', 'observer')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('conflict_declarations')
            .select(sql`1`.as('one'))
            .where('conflict_declarations.round_id', '=', roundId)
            .whereRef('conflict_declarations.user_id', '=', 'users.id')
        )
      )
    )
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  const committees = await committeesByUser(db, roundId);
  return rows.map((row) => ({ ...row, committees: committees.get(row.userId) ?? [] }));
}

/** Themes with at least one feedback item of the member, for progress in a feedback round. */
export async function countFeedbackThemes(db: Kysely<Database>, roundId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('theme_feedback')
    .select(sql<number>`count(distinct theme_id)::int`.as('n'))
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.n ?? 0;
}
