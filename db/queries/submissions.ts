import { type Kysely, sql } from 'kysely';
import type { AskerRole, Database, Level, SubmissionStatus } from '../schema.js';

export interface SubmissionDraft {
  cycleId: number | null;
  text: string;
  level: Level;
  askerRole: AskerRole | null;
  name: string | null;
  email: string | null;
  contactConsent: boolean;
  locale: string;
}

export interface Submission {
  id: number;
  cycleId: number | null;
  text: string;
  level: Level;
  askerRole: AskerRole | null;
  name: string | null;
  email: string | null;
  contactConsent: boolean;
  status: SubmissionStatus;
  outOfScopeReason: string | null;
  duplicateOf: number | null;
  duplicateOfText: string | null;
  questionId: number | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export async function insertSubmission(db: Kysely<Database>, draft: SubmissionDraft): Promise<number> {
  const { id } = await db
    .insertInto('submissions')
    .values({
      cycle_id: draft.cycleId,
      text: draft.text,
      level: draft.level,
      asker_role: draft.askerRole,
      name: draft.name,
      email: draft.email,
      contact_consent: draft.contactConsent,
      locale: draft.locale
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * The cycle new questions go to: the one collecting questions (phase inventory, the latest if several), else the
 * next to start; null when there is neither.
 */
export async function receivingCycle(
  db: Kysely<Database>,
  today: string
): Promise<{ id: number; name: string } | null> {
  const open = await db
    .selectFrom('cycles')
    .select(['id', 'name'])
    .where('phase', '=', 'inventory')
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (open) return open;
  return (
    (await db
      .selectFrom('cycles')
      .select(['id', 'name'])
      .where('starts_on', '>', today)
      .orderBy('starts_on')
      .orderBy('id')
      .executeTakeFirst()) ?? null
  );
}

function submissionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('submissions as s')
    .leftJoin('questions as d', 'd.id', 's.duplicate_of')
    .leftJoin('users as u', 'u.id', 's.decided_by')
    .select([
      's.id',
      's.cycle_id as cycleId',
      's.text',
      's.level',
      's.asker_role as askerRole',
      's.name',
      's.email',
      's.contact_consent as contactConsent',
      's.status',
      's.out_of_scope_reason as outOfScopeReason',
      's.duplicate_of as duplicateOf',
      'd.text as duplicateOfText',
      's.question_id as questionId',
      'u.name as decidedBy',
      's.decided_at as decidedAt',
      's.created_at as createdAt'
    ]);
}

/** A cycle's inbox: what was sent for it and what waits for a cycle, newest first. */
export async function listSubmissions(
  db: Kysely<Database>,
  cycleId: number,
  status: SubmissionStatus | null
): Promise<Submission[]> {
  let query = submissionQuery(db).where((eb) => eb.or([eb('s.cycle_id', '=', cycleId), eb('s.cycle_id', 'is', null)]));
  if (status) query = query.where('s.status', '=', status);
  return query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').execute();
}

export async function countSubmissions(
  db: Kysely<Database>,
  cycleId: number
): Promise<{ status: SubmissionStatus; count: number }[]> {
  return db
    .selectFrom('submissions')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where((eb) => eb.or([eb('cycle_id', '=', cycleId), eb('cycle_id', 'is', null)]))
    .groupBy('status')
    .execute();
}

/** The submissions with these ids that belong to the cycle's inbox, locked until the transaction ends. */
export async function lockSubmissions(db: Kysely<Database>, cycleId: number, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('submissions')
    .select([
      'id',
      'text',
      'level',
      'asker_role as askerRole',
      'name',
      'email',
      'contact_consent as contactConsent',
      'status',
      'question_id as questionId',
      'created_at as createdAt'
    ])
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('cycle_id', '=', cycleId), eb('cycle_id', 'is', null)]))
    .orderBy('id')
    .forUpdate()
    .execute();
}

export interface Decision {
  status: SubmissionStatus;
  cycleId: number;
  outOfScopeReason?: string | null;
  duplicateOf?: number | null;
  questionId?: number | null;
  decidedBy: number | null;
}

export async function decideSubmission(db: Kysely<Database>, id: number, decision: Decision): Promise<void> {
  await db
    .updateTable('submissions')
    .set({
      status: decision.status,
      cycle_id: decision.cycleId,
      out_of_scope_reason: decision.outOfScopeReason ?? null,
      duplicate_of: decision.duplicateOf ?? null,
      question_id: decision.questionId ?? null,
      decided_by: decision.decidedBy,
      decided_at: sql<Date>`now()`
    })
    .where('id', '=', id)
    .execute();
}

/** Back in the inbox, undecided. */
export async function reopenSubmission(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('submissions')
    .set({
      status: 'new',
      out_of_scope_reason: null,
      duplicate_of: null,
      question_id: null,
      decided_by: null,
      decided_at: null
    })
    .where('id', '=', id)
    .execute();
}

/** The cycle's question with this id, for "duplicate of …". */
export async function findCycleQuestion(db: Kysely<Database>, cycleId: number, questionId: number) {
  return (
    (await db
      .selectFrom('questions')
      .select(['id', 'text'])
      .where('id', '=', questionId)
      .where('cycle_id', '=', cycleId)
      .executeTakeFirst()) ?? null
  );
}

/** The cycle's source for the Vraagpunt form's questions, created with the first one accepted. */
export async function vraagpuntSource(db: Kysely<Database>, cycleId: number, name: string): Promise<number> {
  const existing = await db
    .selectFrom('sources')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('kind', '=', 'vraagpunt')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const { id } = await db
    .insertInto('sources')
    .values({ cycle_id: cycleId, kind: 'vraagpunt', name, participant_count: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The question a source already holds with this text (same hash), if any. */
export async function questionByHash(db: Kysely<Database>, sourceId: number, textHash: string) {
  return (
    (await db
      .selectFrom('questions')
      .select('id')
      .where('source_id', '=', sourceId)
      .where('text_hash', '=', textHash)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Removes the question an accepted submission became, while nothing builds on it yet (no theme, no duplicate link,
 * no output, no discovery run); false when something does. Its batch goes when it held only this question.
 */
export async function removeAcceptedQuestion(db: Kysely<Database>, questionId: number): Promise<boolean> {
  const question = await db
    .selectFrom('questions')
    .select(['batch_id as batchId', 'theme_id as themeId', 'row_number as rowNumber'])
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (!question) return true;
  if (question.themeId !== null) return false;
  const { used } = await db
    .selectNoFrom((eb) =>
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('duplicate_links')
              .select('id')
              .where((w) => w.or([w('question_id', '=', questionId), w('duplicate_of', '=', questionId)]))
          ),
          eb.exists(eb.selectFrom('output_questions').select('question_id').where('question_id', '=', questionId)),
          eb.exists(
            eb.selectFrom('clustering_run_assignments').select('question_id').where('question_id', '=', questionId)
          )
        ])
        .as('used')
    )
    .executeTakeFirstOrThrow();
  if (used) return false;
  await db
    .deleteFrom('personal_data')
    .where('batch_id', '=', question.batchId)
    .where('row_number', '=', question.rowNumber)
    .execute();
  await db.deleteFrom('questions').where('id', '=', questionId).execute();
  const left = await db
    .selectFrom('questions')
    .select('id')
    .where('batch_id', '=', question.batchId)
    .executeTakeFirst();
  if (left) {
    await db
      .updateTable('import_batches')
      .set((eb) => ({ question_count: eb('question_count', '-', 1), row_count: eb('row_count', '-', 1) }))
      .where('id', '=', question.batchId)
      .execute();
  } else {
    await db.deleteFrom('import_batches').where('id', '=', question.batchId).execute();
  }
  return true;
}

/** A secret every instance shares, made by the first that asks for it. */
export async function appSecret(db: Kysely<Database>, name: string, fresh: string): Promise<string> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const { value } = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return value;
}
