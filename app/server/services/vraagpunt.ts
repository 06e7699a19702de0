import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findDuplicates } from '../../../analysis/index.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle } from '../../../db/queries/cycles.js';
import { completeBatch, insertBatchHeader } from '../../../db/queries/imports.js';
import { listActiveQuestionTexts } from '../../../db/queries/questions.js';
import {
  appSecret,
  countSubmissions,
  decideSubmission,
  findCycleQuestion,
  insertSubmission,
  listSubmissions,
  lockSubmissions,
  questionByHash,
  receivingCycle,
  removeAcceptedQuestion,
  reopenSubmission,
  type SubmissionDraft,
  vraagpuntSource
} from '../../../db/queries/submissions.js';
import type { AskerRole, Database, Level } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import {
  FORM_LEVELS,
  FORM_ROLES,
  type InboxDto,
  NAME_MAX_CHARS,
  QUESTION_MAX_CHARS,
  QUESTION_MIN_CHARS,
  type SubmissionBody,
  type SubmissionStatus,
  type TriageBody,
  type TriageResultDto,
  type VraagpuntFormDto
} from '../../shared/vraagpunt.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { questionHash } from '../import/question-text.js';
import { toCsv } from '../lib/csv.js';
import { checkFormToken, issueFormToken } from '../lib/form-token.js';
import { isEmailAddress } from './auth.js';

export interface FormLimits {
  /** A form sent back sooner than this after it was handed out is a robot's. */
  minFillMs: number;
  /** A form older than this is refused: the page asks to send it again. */
  maxAgeMs: number;
}

/** The name of the source accepted questions join in each cycle. */
export const VRAAGPUNT_SOURCE = 'Vraagpunt (webformulier)';
const SECRET = 'vraagpunt-form';
const today = (now: Date) => now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Brussels' });

const formSecret = (db: Kysely<Database>) => appSecret(db, SECRET, randomBytes(32).toString('base64url'));

export async function vraagpuntForm(
  db: Kysely<Database>,
  now: Date,
  retentionMonths: number | null
): Promise<VraagpuntFormDto> {
  const cycle = await receivingCycle(db, today(now));
  return { token: issueFormToken(await formSecret(db), now), retentionMonths, cycleName: cycle?.name ?? null };
}

type FieldProblems = Partial<Record<'text' | 'level' | 'role' | 'name' | 'email' | 'consent', string>>;

type CleanSubmission = Omit<SubmissionDraft, 'cycleId' | 'locale'>;

/**
 * The form's fields checked one by one, so the page can say beside each field what is wrong. Name and e-mail are
 * kept only with consent to be contacted; consent needs an address to contact.
 */
export function checkSubmission(body: SubmissionBody): { value: CleanSubmission } | { problems: FieldProblems } {
  const problems: FieldProblems = {};
  const text = body.text.trim();
  if (text === '') problems.text = 'required';
  else if ([...text].length < QUESTION_MIN_CHARS) problems.text = 'too_short';
  else if ([...text].length > QUESTION_MAX_CHARS) problems.text = 'too_long';
  const level = body.level?.trim() || 'onbekend';
  if (level !== 'onbekend' && !(FORM_LEVELS as readonly string[]).includes(level)) problems.level = 'unknown';
  const role = body.role?.trim() || null;
  if (role !== null && !FORM_ROLES.some((r) => r.value === role)) problems.role = 'unknown';
  const name = body.name?.trim() || null;
  if (name !== null && [...name].length > NAME_MAX_CHARS) problems.name = 'too_long';
  const email = body.email?.trim() || null;
  if (email !== null && (!isEmailAddress(email) || email.length > 320)) problems.email = 'invalid';
  const consent = body.consent === true;
  if (consent && email === null && !problems.email) problems.email = 'required_for_consent';
  if (!consent && (name !== null || email !== null)) problems.consent = 'required_for_contact';
  if (Object.keys(problems).length > 0) return { problems };
  return {
    value: {
      text,
      level: level as Level,
      askerRole: role as AskerRole | null,
      name: consent ? name : null,
      email: consent ? email : null,
      contactConsent: consent
    }
  };
}

export type SubmitOutcome = 'stored' | 'honeypot';

/**
 * A question from the public form, into the inbox of the cycle taking questions (or waiting for the next). The
 * honeypot's robots get the same answer as people, and nothing is stored.
 */
export async function submitQuestion(
  db: Kysely<Database>,
  body: SubmissionBody,
  options: { now: Date; limits: FormLimits; locale: string }
): Promise<SubmitOutcome> {
  if (body.website?.trim()) return 'honeypot';
  const token = checkFormToken(body.token, await formSecret(db), options.now, options.limits);
  if (token === 'too_fast') {
    throw badRequest('form_too_fast', 'The form was sent back too quickly. Check your question and send it again.');
  }
  if (token !== 'ok') {
    throw badRequest('form_expired', 'The form is out of date. Send your question again.', { reason: token });
  }
  const checked = checkSubmission(body);
  if ('problems' in checked) {
    throw badRequest('vraagpunt_invalid', `Check these fields: ${Object.keys(checked.problems).join(', ')}.`, {
      fields: checked.problems
    });
  }
  const cycle = await receivingCycle(db, today(options.now));
  await insertSubmission(db, {
    ...checked.value,
    cycleId: cycle?.id ?? null,
    locale: options.locale === 'en' ? 'en' : 'nl-BE'
  });
  return 'stored';
}

// ---------------------------------------------------------------------------------------------------------------
// The staff inbox

async function requireCycle(db: Kysely<Database>, cycleId: number): Promise<void> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
}

/** The inbox with its counts; each new submission with the cycle's question it most resembles, if any. */
export async function inbox(db: Kysely<Database>, cycleId: number, status: SubmissionStatus | null): Promise<InboxDto> {
  await requireCycle(db, cycleId);
  const [items, counts] = await Promise.all([listSubmissions(db, cycleId, status), countSubmissions(db, cycleId)]);
  const fresh = items.filter((s) => s.status === 'new');
  const similar = new Map<number, { id: number; text: string; similarity: number }>();
  if (fresh.length > 0) {
    const questions = await listActiveQuestionTexts(db, cycleId);
    // Questions first: a submission's group then starts at the question it repeats.
    for (const link of findDuplicates([...questions.map((q) => q.text), ...fresh.map((s) => s.text)])) {
      const target = questions[link.duplicateOf];
      const submission = fresh[link.index - questions.length];
      if (target && submission) similar.set(submission.id, { ...target, similarity: link.similarity });
    }
  }
  const count = (s: SubmissionStatus) => counts.find((c) => c.status === s)?.count ?? 0;
  return {
    counts: {
      new: count('new'),
      accepted: count('accepted'),
      out_of_scope: count('out_of_scope'),
      duplicate: count('duplicate')
    },
    items: items.map((s) => ({
      id: s.id,
      cycleId: s.cycleId,
      text: s.text,
      level: s.level,
      role: s.askerRole,
      name: s.name,
      email: s.email,
      contactConsent: s.contactConsent,
      status: s.status,
      outOfScopeReason: s.outOfScopeReason,
      duplicateOf: s.duplicateOf === null ? null : { id: s.duplicateOf, text: s.duplicateOfText ?? '' },
      questionId: s.questionId,
      decidedBy: s.decidedBy,
      decidedAt: s.decidedAt,
      receivedAt: s.createdAt,
      similar: similar.get(s.id) ?? null
    }))
  };
}

/**
 * Triage of one or more submissions, all or nothing: accept them into the cycle (as questions of its Vraagpunt
 * source, in one import batch, ready for theme discovery), put them out of scope with a reason, note them as
 * duplicates of one of the cycle's questions, or put decided ones back in the inbox.
 */
export async function triage(
  db: Kysely<Database>,
  cycleId: number,
  body: TriageBody,
  actor: { id: number }
): Promise<TriageResultDto> {
  const reason = body.reason?.trim() ?? '';
  if (body.action === 'out_of_scope' && reason === '') {
    throw badRequest('out_of_scope_reason_required', 'Say why these questions are out of scope.');
  }
  if (body.action === 'duplicate' && body.duplicateOf === undefined) {
    throw badRequest('duplicate_target_required', 'Say which question of the cycle they repeat.');
  }
  return inTransaction(db, async (trx) => {
    await requireCycle(trx, cycleId);
    const rows = await lockSubmissions(trx, cycleId, body.ids);
    const missing = body.ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw notFound('Submission', missing.join(', '));
    const wrongState = rows.filter((r) => (body.action === 'reopen' ? r.status === 'new' : r.status !== 'new'));
    if (wrongState.length > 0) {
      throw conflict(
        body.action === 'reopen' ? 'submission_not_decided' : 'submission_decided',
        body.action === 'reopen'
          ? `Submissions ${wrongState.map((r) => r.id).join(', ')} are still undecided.`
          : `Submissions ${wrongState.map((r) => r.id).join(', ')} were already decided; put them back first.`,
        { ids: wrongState.map((r) => r.id) }
      );
    }
    const result: TriageResultDto = { action: body.action, changed: [], repeats: [], batchId: null };

    if (body.action === 'reopen') {
      for (const row of rows) {
        if (row.questionId !== null && !(await removeAcceptedQuestion(trx, row.questionId))) {
          throw conflict(
            'submission_in_use',
            `Submission ${row.id} became question ${row.questionId}, which is already in a theme, a duplicate ` +
              'group, a discovery run or an output; change it on the theme board instead.',
            { id: row.id, questionId: row.questionId }
          );
        }
        await reopenSubmission(trx, row.id);
        result.changed.push(row.id);
      }
    } else if (body.action === 'out_of_scope') {
      for (const row of rows) {
        await decideSubmission(trx, row.id, {
          status: 'out_of_scope',
          cycleId,
          outOfScopeReason: reason,
          decidedBy: actor.id
        });
        result.changed.push(row.id);
      }
    } else if (body.action === 'duplicate') {
      const target = await findCycleQuestion(trx, cycleId, body.duplicateOf!);
      if (!target) {
        throw badRequest('duplicate_target_unknown', `The cycle has no question ${body.duplicateOf}.`, {
          questionId: body.duplicateOf
        });
      }
      for (const row of rows) {
        await decideSubmission(trx, row.id, {
          status: 'duplicate',
          cycleId,
          duplicateOf: target.id,
          decidedBy: actor.id
        });
        result.changed.push(row.id);
      }
    } else {
      await accept(trx, cycleId, rows, actor, result);
    }

    await writeAudit(trx, {
      actorId: actor.id,
      action: `submissions.${body.action}`,
      entity: 'cycle',
      entityId: cycleId,
      after: {
        submissions: result.changed,
        ...(body.action === 'out_of_scope' ? { reason } : {}),
        ...(body.action === 'duplicate' ? { duplicateOf: body.duplicateOf } : {}),
        ...(result.repeats.length > 0 ? { repeats: result.repeats } : {}),
        ...(result.batchId !== null ? { batchId: result.batchId } : {})
      }
    });
    return result;
  });
}

type LockedRow = Awaited<ReturnType<typeof lockSubmissions>>[number];

async function accept(
  trx: Kysely<Database>,
  cycleId: number,
  rows: LockedRow[],
  actor: { id: number },
  result: TriageResultDto
): Promise<void> {
  const sourceId = await vraagpuntSource(trx, cycleId, VRAAGPUNT_SOURCE);
  const texts = rows.map((r) => r.text);
  const batchId = await insertBatchHeader(trx, {
    sourceId,
    fileName: `vraagpunt-inbox-${rows
      .map((r) => r.id)
      .join('-')
      .slice(0, 60)}`,
    sha256: createHash('sha256').update(texts.join('\n')).digest('hex'),
    format: 'vraagpunt',
    encoding: 'utf-8',
    delimiter: '',
    headerRows: 0,
    mapping: {
      columns: [
        { column: 'vraag', role: 'text' },
        { column: 'niveau', role: 'level' },
        { column: 'rol', role: 'role' },
        { column: 'naam', role: 'name' },
        { column: 'e-mail', role: 'email' },
        { column: 'toestemming', role: 'consent' }
      ]
    },
    textColumns: ['vraag'],
    sizeBytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    rowCount: rows.length,
    cellsSplit: 0,
    rejected: [],
    createdBy: actor.id
  });
  let rowNumber = 0;
  for (const row of rows) {
    const hash = questionHash(row.text);
    // The same text accepted before: the question exists, this one shows the demand for it again.
    const existing = await questionByHash(trx, sourceId, hash);
    if (existing) {
      await decideSubmission(trx, row.id, {
        status: 'duplicate',
        cycleId,
        duplicateOf: existing.id,
        decidedBy: actor.id
      });
      result.repeats.push(row.id);
      result.changed.push(row.id);
      continue;
    }
    rowNumber += 1;
    const { id: questionId } = await trx
      .insertInto('questions')
      .values({
        cycle_id: cycleId,
        source_id: sourceId,
        batch_id: batchId,
        row_number: rowNumber,
        column_name: 'vraag',
        text: row.text,
        text_hash: hash,
        level: row.level,
        asker_role: row.askerRole,
        asked_on: today(row.createdAt)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row.name !== null || row.email !== null) {
      await trx
        .insertInto('personal_data')
        .values({
          batch_id: batchId,
          row_number: rowNumber,
          name: row.name,
          email: row.email,
          consent: row.contactConsent
        })
        .execute();
    }
    await decideSubmission(trx, row.id, { status: 'accepted', cycleId, questionId, decidedBy: actor.id });
    result.changed.push(row.id);
  }
  if (rowNumber === 0) {
    await trx.deleteFrom('import_batches').where('id', '=', batchId).execute();
    return;
  }
  await completeBatch(trx, batchId, {
    questionCount: rowNumber,
    duplicateCount: result.repeats.length,
    rowCount: rows.length
  });
  result.batchId = batchId;
}

/** The inbox as CSV, contact details included (staff only). */
export async function inboxCsv(
  db: Kysely<Database>,
  cycleId: number,
  status: SubmissionStatus | null
): Promise<string> {
  await requireCycle(db, cycleId);
  const items = await listSubmissions(db, cycleId, status);
  return toCsv(
    [
      'id',
      'ontvangen',
      'vraag',
      'niveau',
      'rol',
      'status',
      'reden',
      'dubbel_van',
      'vraag_id',
      'naam',
      'e-mail',
      'toestemming'
    ],
    items.map((s) => [
      s.id,
      s.createdAt.toISOString(),
      s.text,
      s.level,
      s.askerRole ?? '',
      s.status,
      s.outOfScopeReason ?? '',
      s.duplicateOf ?? '',
      s.questionId ?? '',
      s.name ?? '',
      s.email ?? '',
      s.contactConsent ? 'ja' : 'nee'
    ])
  );
}
