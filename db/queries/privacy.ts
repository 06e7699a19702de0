import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, Role } from '../schema.js';

/** E-mail addresses compare without case and surrounding spaces, as logins do (users_email_key is on lower(email)). */
const folded = (email: string) => email.trim().toLowerCase();

/** A LIKE pattern finding `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Bound parameters per statement stay well under PostgreSQL's limit of 65535. */
const CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** One imported row's personal data, with the file it came from. */
export interface PersonalRow {
  id: number;
  batchId: number;
  rowNumber: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip: string | null;
  consent: boolean | null;
  cycle: string;
  source: string;
  fileName: string;
  importedAt: Date;
}

function personalRows(db: Kysely<Database>) {
  return db
    .selectFrom('personal_data as p')
    .innerJoin('import_batches as b', 'b.id', 'p.batch_id')
    .innerJoin('sources as s', 's.id', 'b.source_id')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .select([
      'p.id',
      'p.batch_id as batchId',
      'p.row_number as rowNumber',
      'p.name',
      'p.email',
      'p.phone',
      'p.ip',
      'p.consent',
      'c.name as cycle',
      's.name as source',
      'b.file_name as fileName',
      'b.created_at as importedAt'
    ])
    .orderBy('p.id');
}

export async function personalRowsByEmail(db: Kysely<Database>, email: string): Promise<PersonalRow[]> {
  return personalRows(db)
    .where(sql`lower(trim(p.email))`, '=', folded(email))
    .execute();
}

/** Rows of files imported before `cutoff`: what a retention period lets go. */
export async function personalRowsImportedBefore(db: Kysely<Database>, cutoff: Date): Promise<PersonalRow[]> {
  return personalRows(db).where('b.created_at', '<', cutoff).execute();
}

export async function deletePersonalRows(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids)) await db.deleteFrom('personal_data').where('id', 'in', part).execute();
}

export interface StoredQuestion {
  id: number;
  column: string;
  rowNumber: number;
  text: string;
  cellText: string | null;
  askedOn: string | null;
  level: string;
  role: string | null;
  status: string;
  cycle: string;
  source: string;
  fileName: string;
}

function questions(db: Kysely<Database>) {
  return db
    .selectFrom('questions as q')
    .innerJoin('import_batches as b', 'b.id', 'q.batch_id')
    .innerJoin('sources as s', 's.id', 'q.source_id')
    .innerJoin('cycles as c', 'c.id', 'q.cycle_id')
    .select([
      'q.id',
      'q.column_name as column',
      'q.row_number as rowNumber',
      'q.text',
      'q.cell_text as cellText',
      'q.asked_on as askedOn',
      'q.level',
      'q.asker_role as role',
      'q.status',
      'c.name as cycle',
      's.name as source',
      'b.file_name as fileName'
    ]);
}

/** The questions each personal row gave: same file, same row (a row may hold several questions, or none new). */
export async function questionsOfPersonalRows(
  db: Kysely<Database>,
  personalIds: readonly number[]
): Promise<(StoredQuestion & { personalId: number })[]> {
  const out: (StoredQuestion & { personalId: number })[] = [];
  for (const part of chunks(personalIds)) {
    const rows = await questions(db)
      .innerJoin('personal_data as p', (join) =>
        join.onRef('p.batch_id', '=', 'q.batch_id').onRef('p.row_number', '=', 'q.row_number')
      )
      .select('p.id as personalId')
      .where('p.id', 'in', part)
      .orderBy('q.id')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Questions whose text (or whole cell, for split questions) holds the address, whoever's row they came from. */
export async function questionsMentioning(db: Kysely<Database>, email: string): Promise<StoredQuestion[]> {
  const pattern = containing(email.trim());
  return questions(db)
    .where((eb) => eb.or([eb('q.text', 'ilike', pattern), eb('q.cell_text', 'ilike', pattern)]))
    .orderBy('q.id')
    .execute();
}

export async function updateQuestionTexts(
  db: Kysely<Database>,
  changes: readonly { id: number; text: string; cellText: string | null }[]
): Promise<void> {
  for (const change of changes) {
    await db
      .updateTable('questions')
      .set({ text: change.text, cell_text: change.cellText })
      .where('id', '=', change.id)
      .execute();
  }
}

export interface AccountRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
  disabled: boolean;
}

export async function findAccount(db: Kysely<Database>, email: string): Promise<AccountRow | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'created_at as createdAt', 'disabled_at'])
    .where(sql`lower(email)`, '=', folded(email))
    .executeTakeFirst();
  if (!row) return null;
  const { disabled_at, ...account } = row;
  return { ...account, disabled: disabled_at !== null };
}

/** Replaces name and address, clears the password and disables the account; scores keep pointing at its id. */
export async function anonymiseAccount(
  db: Kysely<Database>,
  userId: number,
  replacement: { name: string; email: string; now: Date }
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      name: replacement.name,
      email: replacement.email,
      password_hash: '',
      disabled_at: sql<Date>`coalesce(disabled_at, ${replacement.now})`
    })
    .where('id', '=', userId)
    .execute();
}

export async function deleteSessionsOf(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listMemberships(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('committee_members as m')
    .innerJoin('committees as k', 'k.id', 'm.committee_id')
    .innerJoin('cycles as c', 'c.id', 'k.cycle_id')
    .select(['c.name as cycle', 'k.name as committee', 'm.membership', 'm.joined_at as joinedAt'])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at')
    .execute();
}

export interface InvitationRow {
  id: number;
  cycle: string;
  committee: string;
  name: string;
  email: string;
  membership: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/** Invitations sent to the address, or accepted by the account. */
export async function listInvitations(
  db: Kysely<Database>,
  email: string,
  userId: number | null
): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations as i')
    .innerJoin('committees as k', 'k.id', 'i.committee_id')
    .innerJoin('cycles as c', 'c.id', 'k.cycle_id')
    .select([
      'i.id',
      'c.name as cycle',
      'k.name as committee',
      'i.name',
      'i.email',
      'i.membership',
      'i.created_at as createdAt',
      'i.expires_at as expiresAt',
      'i.accepted_at as acceptedAt',
      'i.revoked_at as revokedAt'
    ])
    .where((eb) => {
      const byAddress = eb(sql`lower(trim(i.email))`, '=', folded(email));
      return userId === null ? byAddress : eb.or([byAddress, eb('i.accepted_by', '=', userId)]);
    })
    .orderBy('i.id')
    .execute();
}

/** Name and address replaced; a link still open is revoked, as nobody may use it any more. */
export async function anonymiseInvitations(
  db: Kysely<Database>,
  ids: readonly number[],
  replacement: { name: string; now: Date }
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('invitations')
    .set({
      name: replacement.name,
      email: sql<string>`'erased-invitation-' || id || '@erased.invalid'`,
      revoked_at: sql<Date | null>`case when accepted_at is null then coalesce(revoked_at, ${replacement.now}) else revoked_at end`
    })
    .where('id', 'in', [...ids])
    .execute();
}

export async function listDeclarations(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('conflict_declarations as d')
    .innerJoin('rating_rounds as r', 'r.id', 'd.round_id')
    .leftJoin('themes as t', 't.id', 'd.theme_id')
    .select([
      'd.id',
      'd.round_id as roundId',
      'r.name as round',
      'd.kind',
      't.name as theme',
      'd.description',
      'd.declared_at as declaredAt'
    ])
    .where('d.user_id', '=', userId)
    .orderBy('d.id')
    .execute();
}

/** Replaces the free text of the member's declarations; kind and theme stay, as recusals are counted. */
export async function replaceDeclarationTexts(db: Kysely<Database>, userId: number, text: string): Promise<number> {
  const result = await db
    .updateTable('conflict_declarations')
    .set({ description: text })
    .where('user_id', '=', userId)
    .where('description', '<>', '')
    .where('description', '<>', text)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listScores(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('scores as s')
    .innerJoin('rating_rounds as r', 'r.id', 's.round_id')
    .innerJoin('themes as t', 't.id', 's.theme_id')
    .innerJoin('round_criteria as k', 'k.id', 's.criterion_id')
    .select([
      's.round_id as roundId',
      'r.name as round',
      's.theme_id as themeId',
      't.name as theme',
      's.criterion_id as criterionId',
      'k.name as criterion',
      's.value',
      's.dont_know as dontKnow',
      's.reason',
      's.updated_at as updatedAt'
    ])
    .where('s.user_id', '=', userId)
    .orderBy('s.round_id')
    .orderBy('s.theme_id')
    .orderBy('k.position')
    .execute();
}

export async function updateScoreReason(
  db: Kysely<Database>,
  key: { roundId: number; themeId: number; criterionId: number; userId: number },
  reason: string
): Promise<void> {
  await db
    .updateTable('scores')
    .set({ reason })
    .where('round_id', '=', key.roundId)
    .where('theme_id', '=', key.themeId)
    .where('criterion_id', '=', key.criterionId)
    .where('user_id', '=', key.userId)
    .execute();
}

export async function listComments(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('ballot_comments as b')
    .innerJoin('rating_rounds as r', 'r.id', 'b.round_id')
    .innerJoin('themes as t', 't.id', 'b.theme_id')
    .select([
      'b.round_id as roundId',
      'r.name as round',
      'b.theme_id as themeId',
      't.name as theme',
      'b.comment',
      'b.updated_at as updatedAt'
    ])
    .where('b.user_id', '=', userId)
    .orderBy('b.round_id')
    .orderBy('b.theme_id')
    .execute();
}

export async function updateComment(
  db: Kysely<Database>,
  key: { roundId: number; themeId: number; userId: number },
  comment: string
): Promise<void> {
  await db
    .updateTable('ballot_comments')
    .set({ comment })
    .where('round_id', '=', key.roundId)
    .where('theme_id', '=', key.themeId)
    .where('user_id', '=', key.userId)
    .execute();
}

export async function listFeedback(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('theme_feedback as f')
    .innerJoin('rating_rounds as r', 'r.id', 'f.round_id')
    .innerJoin('themes as t', 't.id', 'f.theme_id')
    .select([
      'f.id',
      'f.round_id as roundId',
      'r.name as round',
      'f.theme_id as themeId',
      't.name as theme',
      'f.category',
      'f.text',
      'f.created_at as createdAt'
    ])
    .where('f.user_id', '=', userId)
    .orderBy('f.id')
    .execute();
}

export async function updateFeedbackText(db: Kysely<Database>, id: number, text: string): Promise<void> {
  await db.updateTable('theme_feedback').set({ text }).where('id', '=', id).execute();
}

/** How staff handled this person as a rater the analytics flagged. */
export async function listRaterReviews(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('rater_reviews as v')
    .innerJoin('rating_rounds as r', 'r.id', 'v.round_id')
    .select(['v.round_id as roundId', 'r.name as round', 'v.decision', 'v.note', 'v.decided_at as decidedAt'])
    .where('v.user_id', '=', userId)
    .orderBy('v.round_id')
    .execute();
}

export async function updateRaterReviewNote(
  db: Kysely<Database>,
  key: { roundId: number; userId: number },
  note: string
): Promise<void> {
  await db
    .updateTable('rater_reviews')
    .set({ note })
    .where('round_id', '=', key.roundId)
    .where('user_id', '=', key.userId)
    .execute();
}

export interface AuditRecord {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/**
 * Audit entries by the account, about it (the account, its memberships, how staff judged it as a rater), about the
 * person's invitations and questions, and any whose record holds the address.
 */
export async function listAuditAbout(
  db: Kysely<Database>,
  about: { email: string; userId: number | null; invitationIds: readonly number[]; questionIds: readonly number[] }
): Promise<AuditRecord[]> {
  const pattern = containing(about.email.trim());
  return db
    .selectFrom('audit_log as a')
    .select([
      'a.id',
      'a.at',
      'a.actor_id as actorId',
      'a.action',
      'a.entity',
      'a.entity_id as entityId',
      'a.before',
      'a.after'
    ])
    .where((eb) => {
      const ofEntity = (entity: string, ids: readonly number[]) =>
        ids.length === 0 ? [] : [eb.and([eb('a.entity', '=', entity), eb('a.entity_id', 'in', ids.map(String))])];
      const conditions: Expression<SqlBool>[] = [
        eb(sql`a.before::text`, 'ilike', pattern),
        eb(sql`a.after::text`, 'ilike', pattern),
        ...ofEntity('invitation', about.invitationIds),
        ...ofEntity('question', about.questionIds)
      ];
      if (about.userId !== null) {
        conditions.push(
          eb('a.actor_id', '=', about.userId),
          eb.and([eb('a.entity', '=', 'user'), eb('a.entity_id', '=', String(about.userId))]),
          eb.and([
            eb('a.entity', 'in', ['committee_member', 'rater_review']),
            eb('a.entity_id', 'like', `%/${about.userId}`)
          ])
        );
      }
      return eb.or(conditions);
    })
    .orderBy('a.id')
    .execute();
}

export async function updateAuditRecords(
  db: Kysely<Database>,
  changes: readonly { id: number; before: unknown; after: unknown }[]
): Promise<void> {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  for (const change of changes) {
    await db
      .updateTable('audit_log')
      .set({ before: json(change.before), after: json(change.after) })
      .where('id', '=', change.id)
      .execute();
  }
}

/** A question sent through the Vraagpunt form with contact details. */
export interface StoredSubmission {
  id: number;
  text: string;
  name: string | null;
  email: string | null;
  status: string;
  receivedAt: Date;
}

function submissionRows(db: Kysely<Database>) {
  return db
    .selectFrom('submissions')
    .select(['id', 'text', 'name', 'email', 'status', 'created_at as receivedAt'])
    .orderBy('id');
}

export async function submissionsByEmail(db: Kysely<Database>, email: string): Promise<StoredSubmission[]> {
  return submissionRows(db)
    .where(sql`lower(trim(email))`, '=', folded(email))
    .execute();
}

/** Form questions received before `cutoff` that still hold a name or an address. */
export async function submissionsWithContactBefore(db: Kysely<Database>, cutoff: Date): Promise<StoredSubmission[]> {
  return submissionRows(db)
    .where('created_at', '<', cutoff)
    .where((eb) => eb.or([eb('name', 'is not', null), eb('email', 'is not', null)]))
    .execute();
}

/** The submission without its contact details (and so without consent to use them), its text as given. */
export async function forgetSubmissionContact(db: Kysely<Database>, id: number, text: string): Promise<void> {
  await db
    .updateTable('submissions')
    .set({ name: null, email: null, contact_consent: false, text })
    .where('id', '=', id)
    .execute();
}
