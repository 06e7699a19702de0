import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { findBallotRound, listBallot } from '../../../db/queries/ballot.js';
import {
  deleteFeedback,
  type FeedbackItem,
  findFeedback,
  insertFeedback,
  listRoundFeedback,
  setFeedbackHandled,
  type StaffFeedbackItem,
  updateFeedback
} from '../../../db/queries/feedback.js';
import type { Database, FeedbackCategory, RoundKind, RoundStatus } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import { FEEDBACK_CATEGORIES } from '../../shared/schemas.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { raterRound, requireThemeInRound } from './ballot.js';

function cleanText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw badRequest('feedback_empty', 'Write your feedback first.');
  return trimmed;
}

const snapshot = (item: FeedbackItem) => ({
  themeId: item.themeId,
  category: item.category,
  text: item.text,
  handledAt: item.handledAt
});

export async function addFeedback(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; themeId: number; category: FeedbackCategory; text: string; now: Date }
): Promise<FeedbackItem> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, 'feedback');
  await requireThemeInRound(db, round.id, input.themeId);
  const text = cleanText(input.text);
  return inTransaction(db, async (trx) => {
    const item = await insertFeedback(trx, { ...input, text, at: input.now });
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'feedback.create',
      entity: 'theme_feedback',
      entityId: item.id,
      after: snapshot(item)
    });
    return item;
  });
}

/** The member's own item in a round that is still open. */
async function ownItem(db: Kysely<Database>, feedbackId: number, userId: number, now: Date): Promise<FeedbackItem> {
  const item = await findFeedback(db, feedbackId);
  if (!item) throw notFound('Feedback', feedbackId);
  if (item.userId !== userId) throw new AppError(403, 'not_own_feedback', 'You can change only your own feedback.');
  await raterRound(db, item.roundId, userId, now, 'feedback');
  return item;
}

export async function editFeedback(
  db: Kysely<Database>,
  input: { feedbackId: number; userId: number; category: FeedbackCategory; text: string; now: Date }
): Promise<FeedbackItem> {
  const item = await ownItem(db, input.feedbackId, input.userId, input.now);
  const text = cleanText(input.text);
  return inTransaction(db, async (trx) => {
    await updateFeedback(trx, item.id, { category: input.category, text, at: input.now });
    const after = (await findFeedback(trx, item.id))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'feedback.update',
      entity: 'theme_feedback',
      entityId: item.id,
      before: snapshot(item),
      after: snapshot(after)
    });
    return after;
  });
}

export async function removeFeedback(
  db: Kysely<Database>,
  input: { feedbackId: number; userId: number; now: Date }
): Promise<void> {
  const item = await ownItem(db, input.feedbackId, input.userId, input.now);
  await inTransaction(db, async (trx) => {
    await deleteFeedback(trx, item.id);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'feedback.delete',
      entity: 'theme_feedback',
      entityId: item.id,
      before: snapshot(item)
    });
  });
}

/** Staff mark an item handled, or not handled again. */
export async function markFeedbackHandled(
  db: Kysely<Database>,
  input: { feedbackId: number; handled: boolean; userId: number; now: Date }
): Promise<FeedbackItem> {
  return inTransaction(db, async (trx) => {
    const item = await findFeedback(trx, input.feedbackId);
    if (!item) throw notFound('Feedback', input.feedbackId);
    if ((item.handledAt !== null) === input.handled) return item;
    await setFeedbackHandled(trx, item.id, input.handled ? { at: input.now, by: input.userId } : null);
    const after = (await findFeedback(trx, item.id))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: input.handled ? 'feedback.handle' : 'feedback.unhandle',
      entity: 'theme_feedback',
      entityId: item.id,
      before: { handledAt: item.handledAt },
      after: { handledAt: after.handledAt }
    });
    return after;
  });
}

export interface ThemeFeedback {
  themeId: number;
  name: string;
  counts: Record<FeedbackCategory, number>;
  unhandled: number;
  items: StaffFeedbackItem[];
}

/** A round's feedback for staff: every theme of the round (also those without feedback), items by category. */
export async function roundFeedback(
  db: Kysely<Database>,
  cycleId: number,
  roundId: number
): Promise<{
  round: { id: number; cycleId: number; name: string; status: RoundStatus; kind: RoundKind };
  themes: ThemeFeedback[];
}> {
  const round = await findBallotRound(db, roundId);
  if (!round || round.cycleId !== cycleId) throw notFound('Round', roundId);
  const items = await listRoundFeedback(db, roundId);
  const themes = (await listBallot(db, roundId)).map((theme) => {
    const own = items.filter((i) => i.themeId === theme.id);
    return {
      themeId: theme.id,
      name: theme.name,
      counts: Object.fromEntries(
        FEEDBACK_CATEGORIES.map((c) => [c, own.filter((i) => i.category === c).length])
      ) as Record<FeedbackCategory, number>,
      unhandled: own.filter((i) => i.handledAt === null).length,
      items: own
    };
  });
  return {
    round: { id: round.id, cycleId: round.cycleId, name: round.name, status: round.status, kind: round.kind },
    themes
  };
}
