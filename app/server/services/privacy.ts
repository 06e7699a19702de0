import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  anonymiseAccount,
  anonymiseInvitations,
  type AuditRecord,
  deletePersonalRows,
  deleteSessionsOf,
  findAccount,
  listAuditAbout,
  listComments,
  listDeclarations,
  listFeedback,
  listInvitations,
  listMemberships,
  listRaterReviews,
  listScores,
  type PersonalRow,
  personalRowsByEmail,
  personalRowsImportedBefore,
  questionsMentioning,
  questionsOfPersonalRows,
  replaceDeclarationTexts,
  type StoredQuestion,
  forgetSubmissionContact,
  submissionsByEmail,
  submissionsWithContactBefore,
  updateAuditRecords,
  updateComment,
  updateFeedbackText,
  updateQuestionTexts,
  updateRaterReviewNote,
  updateScoreReason
} from '../../../db/queries/privacy.js';
import type { Database, Role } from '../../../db/schema.js';
import { ERASED_MARK, type EraseResultDto, type PersonExportDto } from '../../shared/privacy.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { maskContacts } from '../import/personal.js';
import { isEmailAddress } from './auth.js';

// ---------------------------------------------------------------------------------------------------------------
// Personal data in stored text

/** How a person shows up in text: the addresses, names and phone numbers held for them. */
export interface Identity {
  emails: readonly string[];
  names: readonly string[];
  phones: readonly string[];
}

const PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', 'ter', 'ten', 'te', 'le', 'la', 'du', 'da', 'di', 'von']);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The phrase as a whole word or words: "Jan" in "Groetjes, Jan." but not in "januari". */
const standalone = (phrase: string, flags: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, flags);
const distinct = (values: readonly (string | null | undefined)[]) => [
  ...new Set(values.map((v) => v?.trim() ?? '').filter((v) => v !== ''))
];

/**
 * A text with the person's e-mail addresses, phone numbers and names replaced by "[verwijderd]".
 * In a question the person asked (`ownQuestion`) every e-mail address and phone number goes (found as `maskContacts`
 * finds them), and so do the single words of their name; elsewhere only what is theirs, verbatim.
 * @example eraseFromText('Groetjes, Jan Peeters (0470 12 34 56)', { emails: [], names: ['Jan Peeters'], phones: [] },
 *   { ownQuestion: true }) === 'Groetjes, [verwijderd] ([verwijderd])'
 */
export function eraseFromText(text: string, who: Identity, options: { ownQuestion: boolean }): string {
  let out = options.ownQuestion
    ? maskContacts(text).replaceAll('[e-mail]', ERASED_MARK).replaceAll('[telefoon]', ERASED_MARK)
    : text;
  // Case-insensitively and anywhere, as questionsMentioning finds them: what was found is what goes.
  for (const email of distinct(who.emails)) out = out.replace(new RegExp(escapeRegExp(email), 'giu'), ERASED_MARK);
  for (const phone of distinct(who.phones)) out = out.replace(standalone(phone, 'gu'), ERASED_MARK);
  const names = distinct(who.names).filter((name) => [...name].length >= 3);
  // Whole names first, so "Jan Peeters" becomes one mark rather than two.
  for (const name of names.sort((a, b) => b.length - a.length)) out = out.replace(standalone(name, 'giu'), ERASED_MARK);
  if (options.ownQuestion) {
    const words = names.flatMap((name) => name.split(/[\s,]+/));
    for (const word of distinct(words)) {
      if ([...word].length < 3 || !/\p{L}/u.test(word) || PARTICLES.has(word.toLowerCase())) continue;
      // Case matters for a single word: "Wit" is a name, "wit" a colour.
      out = out.replace(standalone(word, 'gu'), ERASED_MARK);
    }
  }
  return out.replace(/\[verwijderd\](?:\s+\[verwijderd\])+/gu, ERASED_MARK);
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Every string inside a logged record passed through `edit`; keys listed in `blank` replaced by the mark. */
function scrubRecord(value: unknown, edit: (text: string) => string, blank: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return edit(value);
  if (Array.isArray(value)) return value.map((v) => scrubRecord(v, edit, blank));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        blank.has(k) && typeof v === 'string' && v !== '' ? ERASED_MARK : scrubRecord(v, edit, blank)
      ])
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// What is held about a person

const folded = (email: string) => email.trim().toLowerCase();
/** E-mail addresses in logged records, found as the audit log view finds them to mask them. */
const EMAIL = /[^\s@<>()"',;:{}[\]]+@[^\s@<>()"',;:{}[\]]+\.[a-z]{2,}/gi;

const notHeld = (email: string) =>
  new AppError(404, 'no_personal_data', `No personal data is held for ${email.trim()}.`, { email: email.trim() });

function checkAddress(email: string): void {
  if (!isEmailAddress(email)) {
    throw badRequest('invalid_email', `"${email}" is not an e-mail address.`, { email });
  }
}

interface Holdings {
  rows: PersonalRow[];
  asked: (StoredQuestion & { personalId: number })[];
  mentions: StoredQuestion[];
  account: Awaited<ReturnType<typeof findAccount>>;
  memberships: Awaited<ReturnType<typeof listMemberships>>;
  invitations: Awaited<ReturnType<typeof listInvitations>>;
  declarations: Awaited<ReturnType<typeof listDeclarations>>;
  scores: Awaited<ReturnType<typeof listScores>>;
  comments: Awaited<ReturnType<typeof listComments>>;
  feedback: Awaited<ReturnType<typeof listFeedback>>;
  raterReviews: Awaited<ReturnType<typeof listRaterReviews>>;
  audit: AuditRecord[];
  submissions: Awaited<ReturnType<typeof submissionsByEmail>>;
}

async function holdings(db: Kysely<Database>, email: string): Promise<Holdings> {
  const rows = await personalRowsByEmail(db, email);
  const asked = await questionsOfPersonalRows(
    db,
    rows.map((r) => r.id)
  );
  const askedIds = new Set(asked.map((q) => q.id));
  const mentions = (await questionsMentioning(db, email)).filter((q) => !askedIds.has(q.id));
  const account = await findAccount(db, email);
  const userId = account?.id ?? null;
  const invitations = await listInvitations(db, email, userId);
  const ofAccount = async <T>(list: (db: Kysely<Database>, userId: number) => Promise<T[]>): Promise<T[]> =>
    userId === null ? [] : list(db, userId);
  const memberships = await ofAccount(listMemberships);
  const declarations = await ofAccount(listDeclarations);
  const scores = await ofAccount(listScores);
  const comments = await ofAccount(listComments);
  const feedback = await ofAccount(listFeedback);
  const raterReviews = await ofAccount(listRaterReviews);
  const audit = await listAuditAbout(db, {
    email,
    userId,
    invitationIds: invitations.map((i) => i.id),
    questionIds: [...askedIds, ...mentions.map((q) => q.id)]
  });
  const submissions = await submissionsByEmail(db, email);
  return {
    rows,
    asked,
    mentions,
    account,
    memberships,
    invitations,
    declarations,
    scores,
    comments,
    feedback,
    raterReviews,
    audit,
    submissions
  };
}

const holdsNothing = (h: Holdings) =>
  h.rows.length === 0 &&
  h.mentions.length === 0 &&
  h.account === null &&
  h.invitations.length === 0 &&
  h.audit.length === 0 &&
  h.submissions.length === 0;

function invitationStatus(i: Holdings['invitations'][number], now: Date) {
  if (i.acceptedAt) return 'accepted' as const;
  if (i.revokedAt) return 'revoked' as const;
  return i.expiresAt <= now ? ('expired' as const) : ('open' as const);
}

/**
 * Everything held about the person with this address: as an asker in any import (their rows' personal data and
 * questions), questions elsewhere that give their address, their account with memberships, declarations, scores,
 * comments and feedback, invitations, and the audit entries by or about them. A 404 when nothing is held.
 */
export async function findPerson(db: Kysely<Database>, email: string, now: Date): Promise<PersonExportDto> {
  checkAddress(email);
  const h = await holdings(db, email);
  if (holdsNothing(h)) throw notHeld(email);
  const userId = h.account?.id ?? null;
  const own = folded(email);
  // Entries by the person may hold other people's addresses (an invitation they sent): those are not theirs to get.
  const othersMasked = (record: unknown) =>
    scrubRecord(record, (text) => text.replace(EMAIL, (found) => (folded(found) === own ? found : '[…]')), NO_KEYS);
  return {
    email: email.trim(),
    exportedAt: now,
    summary: {
      askerRecords: h.rows.length,
      questions: h.asked.length,
      mentions: h.mentions.length,
      account: h.account ? 1 : 0,
      memberships: h.memberships.length,
      invitations: h.invitations.length,
      declarations: h.declarations.length,
      scores: h.scores.length,
      comments: h.comments.length,
      feedback: h.feedback.length,
      raterReviews: h.raterReviews.length,
      auditEntries: h.audit.length,
      vraagpunt: h.submissions.length
    },
    askerRecords: h.rows.map((row) => ({
      cycle: row.cycle,
      source: row.source,
      fileName: row.fileName,
      importedAt: row.importedAt,
      rowNumber: row.rowNumber,
      name: row.name,
      email: row.email,
      phone: row.phone,
      ip: row.ip,
      consent: row.consent,
      questions: h.asked
        .filter((q) => q.personalId === row.id)
        .map((q) => ({
          id: q.id,
          text: q.text,
          column: q.column,
          askedOn: q.askedOn,
          level: q.level,
          role: q.role,
          status: q.status
        }))
    })),
    vraagpunt: h.submissions.map((s) => ({
      id: s.id,
      receivedAt: s.receivedAt,
      text: s.text,
      name: s.name,
      email: s.email,
      status: s.status
    })),
    mentions: h.mentions.map((q) => ({
      id: q.id,
      cycle: q.cycle,
      source: q.source,
      fileName: q.fileName,
      rowNumber: q.rowNumber,
      text: q.text
    })),
    account: h.account,
    memberships: h.memberships,
    invitations: h.invitations.map((i) => ({
      id: i.id,
      cycle: i.cycle,
      committee: i.committee,
      name: i.name,
      email: i.email,
      membership: i.membership,
      createdAt: i.createdAt,
      status: invitationStatus(i, now)
    })),
    declarations: h.declarations.map((d) => ({
      roundId: d.roundId,
      round: d.round,
      kind: d.kind,
      theme: d.theme,
      description: d.description,
      declaredAt: d.declaredAt
    })),
    scores: h.scores.map((s) => ({
      roundId: s.roundId,
      round: s.round,
      themeId: s.themeId,
      theme: s.theme,
      criterion: s.criterion,
      value: s.value,
      dontKnow: s.dontKnow,
      reason: s.reason,
      updatedAt: s.updatedAt
    })),
    comments: h.comments,
    feedback: h.feedback.map((f) => ({
      roundId: f.roundId,
      round: f.round,
      themeId: f.themeId,
      theme: f.theme,
      category: f.category,
      text: f.text,
      createdAt: f.createdAt
    })),
    raterReviews: h.raterReviews,
    audit: h.audit.map((a) => ({
      id: a.id,
      at: a.at,
      action: a.action,
      entity: a.entity,
      entityId: a.entityId,
      byThisPerson: userId !== null && a.actorId === userId,
      before: othersMasked(a.before),
      after: othersMasked(a.after)
    }))
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Erasure

/** Who asks for an erasure: a logged-in staff member or admin, or null for the command line. */
export interface EraseActor {
  id: number;
  role: Role;
}

/** Logged texts of a declaration: its description, or the conflict a recusal names. */
const DECLARATION_KEYS: ReadonlySet<string> = new Set(['description', 'conflict']);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Erases a person's personal data, in one transaction. Their questions stay, de-identified: the personal data of
 * their rows goes, and names, addresses and phone numbers in the texts become "[verwijderd]". An account keeps its
 * id (so scores of closed rounds, part of the published method, still count) under the pseudonym "Verwijderde
 * gebruiker #id", without address or password, disabled and logged out; declarations lose their free text;
 * comments, reasons and feedback keep their words without the person's name or address. The audit log records the
 * erasure by its counts, without the address. Nothing held: a 404, so a second erasure changes nothing.
 */
export async function erasePerson(
  db: Kysely<Database>,
  input: { email: string; actor: EraseActor | null; now: Date }
): Promise<EraseResultDto> {
  checkAddress(input.email);
  return db.transaction().execute(async (trx) => {
    const h = await holdings(trx, input.email);
    if (holdsNothing(h)) throw notHeld(input.email);
    const account = h.account;
    if (account && input.actor) {
      if (account.id === input.actor.id) {
        throw conflict('erase_self', 'You cannot erase your own account: ask another staff member or an admin.');
      }
      if (account.role === 'admin' && input.actor.role !== 'admin') {
        throw new AppError(403, 'erase_admin', 'Only an admin may erase the personal data of an admin account.');
      }
    }

    const who: Identity = {
      emails: distinct([input.email, ...h.rows.map((r) => r.email), account?.email]),
      names: distinct([
        ...h.rows.map((r) => r.name),
        account?.name,
        ...h.invitations.map((i) => i.name),
        ...h.submissions.map((s) => s.name)
      ]),
      phones: distinct(h.rows.map((r) => r.phone))
    };
    const edit = (own: boolean) => (text: string) => eraseFromText(text, who, { ownQuestion: own });

    const questionChanges = [
      ...h.asked.map((q) => ({ q, own: true })),
      ...h.mentions.map((q) => ({ q, own: false }))
    ].flatMap(({ q, own }) => {
      const text = edit(own)(q.text);
      const cellText = q.cellText === null ? null : edit(own)(q.cellText);
      return text === q.text && cellText === q.cellText ? [] : [{ id: q.id, text, cellText }];
    });
    await updateQuestionTexts(trx, questionChanges);
    await deletePersonalRows(
      trx,
      h.rows.map((r) => r.id)
    );
    for (const submission of h.submissions)
      await forgetSubmissionContact(trx, submission.id, edit(true)(submission.text));

    let sessions = 0;
    let declarations = 0;
    let texts = 0;
    if (account) {
      const key = { userId: account.id };
      for (const s of h.scores) {
        const reason = s.reason === null ? null : edit(false)(s.reason);
        if (reason !== null && reason !== s.reason) {
          await updateScoreReason(
            trx,
            { ...key, roundId: s.roundId, themeId: s.themeId, criterionId: s.criterionId },
            reason
          );
          texts += 1;
        }
      }
      for (const c of h.comments) {
        const comment = edit(false)(c.comment);
        if (comment !== c.comment) {
          await updateComment(trx, { ...key, roundId: c.roundId, themeId: c.themeId }, comment);
          texts += 1;
        }
      }
      for (const f of h.feedback) {
        const text = edit(false)(f.text);
        if (text !== f.text) {
          await updateFeedbackText(trx, f.id, text);
          texts += 1;
        }
      }
      for (const r of h.raterReviews) {
        const note = edit(false)(r.note);
        if (note !== r.note) {
          await updateRaterReviewNote(trx, { ...key, roundId: r.roundId }, note);
          texts += 1;
        }
      }
      declarations = await replaceDeclarationTexts(trx, account.id, ERASED_MARK);
      sessions = await deleteSessionsOf(trx, account.id);
      await anonymiseAccount(trx, account.id, {
        name: `Verwijderde gebruiker #${account.id}`,
        email: `erased-${account.id}@erased.invalid`,
        now: input.now
      });
    }
    await anonymiseInvitations(
      trx,
      h.invitations.map((i) => i.id),
      { name: ERASED_MARK, now: input.now }
    );

    const askedIds = new Set(h.asked.map((q) => String(q.id)));
    const auditChanges = h.audit.flatMap((a) => {
      const own = a.entity === 'question' && a.entityId !== null && askedIds.has(a.entityId);
      const declaration =
        account !== null && a.actorId === account.id && (a.entity === 'conflict_declaration' || a.entity === 'score');
      const scrub = (value: unknown) => scrubRecord(value, edit(own), declaration ? DECLARATION_KEYS : NO_KEYS);
      const before = scrub(a.before);
      const after = scrub(a.after);
      const same =
        JSON.stringify(before) === JSON.stringify(a.before) && JSON.stringify(after) === JSON.stringify(a.after);
      return same ? [] : [{ id: a.id, before, after }];
    });
    await updateAuditRecords(trx, auditChanges);

    const erased = {
      askerRecords: h.rows.length,
      questions: h.asked.length,
      mentions: h.mentions.length,
      accounts: account ? 1 : 0,
      sessions,
      invitations: h.invitations.length,
      declarations,
      texts,
      auditEntries: auditChanges.length,
      vraagpunt: h.submissions.length
    };
    const parts = [
      plural(erased.questions, 'question', 'questions'),
      plural(erased.mentions, 'mention in another question', 'mentions in other questions'),
      plural(erased.accounts, 'account', 'accounts'),
      plural(erased.invitations, 'invitation', 'invitations'),
      plural(erased.vraagpunt, 'Vraagpunt question', 'Vraagpunt questions')
    ];
    const summary = `Personal data of 1 person erased: ${parts.join(', ')}.`;
    await writeAudit(trx, {
      actorId: input.actor?.id ?? null,
      action: 'privacy.erase',
      entity: 'person',
      entityId: account ? account.id : null,
      after: { summary, ...erased }
    });
    return { erased, summary };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Retention

export interface PurgeResult {
  /** Files imported before this moment had their personal data purged. */
  cutoff: Date;
  /** Rows (of imports, and Vraagpunt questions) whose personal data went. */
  records: number;
  /** Questions of those rows whose text held a name, e-mail address or phone number. */
  questions: number;
}

/** `months` calendar months before `now`, on the same day (or the month's last day: 31 March − 1 = 29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const target = new Date(now);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

/**
 * The retention period: the personal data of rows imported (and of Vraagpunt questions received) more than `months`
 * months before `now` goes, and the texts of their questions lose the asker's name, address and phone number as in
 * an erasure; the questions stay.
 * One transaction; the audit log records the counts when anything went.
 */
export async function purgeExpired(
  db: Kysely<Database>,
  input: { months: number; now: Date; actorId?: number | null }
): Promise<PurgeResult> {
  const cutoff = monthsBefore(input.now, input.months);
  return db.transaction().execute(async (trx) => {
    const rows = await personalRowsImportedBefore(trx, cutoff);
    const submissions = await submissionsWithContactBefore(trx, cutoff);
    if (rows.length === 0 && submissions.length === 0) return { cutoff, records: 0, questions: 0 };
    for (const s of submissions) {
      const who: Identity = { emails: distinct([s.email]), names: distinct([s.name]), phones: [] };
      await forgetSubmissionContact(trx, s.id, eraseFromText(s.text, who, { ownQuestion: true }));
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const asked = await questionsOfPersonalRows(trx, [...byId.keys()]);
    const changes = asked.flatMap((q) => {
      const row = byId.get(q.personalId)!;
      const who: Identity = {
        emails: distinct([row.email]),
        names: distinct([row.name]),
        phones: distinct([row.phone])
      };
      const text = eraseFromText(q.text, who, { ownQuestion: true });
      const cellText = q.cellText === null ? null : eraseFromText(q.cellText, who, { ownQuestion: true });
      return text === q.text && cellText === q.cellText ? [] : [{ id: q.id, text, cellText }];
    });
    await updateQuestionTexts(trx, changes);
    await deletePersonalRows(trx, [...byId.keys()]);
    const result = { cutoff, records: rows.length + submissions.length, questions: changes.length };
    await writeAudit(trx, {
      actorId: input.actorId ?? null,
      action: 'privacy.purge',
      entity: 'personal_data',
      entityId: null,
      after: { months: input.months, cutoff, records: result.records, questions: result.questions }
    });
    return result;
  });
}
