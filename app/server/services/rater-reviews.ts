import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { listRaterReviews, upsertRaterReview } from '../../../db/queries/rater-reviews.js';
import { findRound, listRoundSeats } from '../../../db/queries/rounds.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import type { RaterReviewBody, RaterReviewDto } from '../../shared/rater-reviews.js';
import { conflict, notFound } from '../errors.js';
import { assertResultsVisible } from './rounds.js';

const toDto = (review: Awaited<ReturnType<typeof listRaterReviews>>[number]): RaterReviewDto => ({
  roundId: review.roundId,
  userId: review.userId,
  name: review.name,
  decision: review.decision,
  note: review.note,
  decidedAt: review.decidedAt
});

/** Staff's decisions on the round's unusual raters; the director sees them once the round is closed. */
export async function raterReviews(db: Kysely<Database>, roundId: number, role: string): Promise<RaterReviewDto[]> {
  const round = await findRound(db, roundId);
  if (!round) throw notFound('Round', roundId);
  assertResultsVisible(round, role);
  return (await listRaterReviews(db, roundId)).map(toDto);
}

/**
 * Records how staff handled a rater: kept, revised (after contact, the member changed their scores), or excluded
 * (the analytics' combined ranking leaves their scores out). Audited with the decision before and after.
 */
export async function reviewRater(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; body: RaterReviewBody; actorId: number | null; now: Date }
): Promise<RaterReviewDto> {
  return inTransaction(db, async (trx) => {
    const round = await findRound(trx, input.roundId);
    if (!round) throw notFound('Round', input.roundId);
    if (round.kind !== 'rating') {
      throw conflict('feedback_round', `"${round.name}" is a feedback round: it has no raters to review.`);
    }
    if (round.status === 'draft') throw conflict('round_draft', `"${round.name}" is a draft: nobody has rated yet.`);
    const seats = await listRoundSeats(trx, input.roundId);
    if (!seats.some((s) => s.userId === input.userId)) {
      throw conflict('not_a_rater', `User ${input.userId} does not rate in "${round.name}".`, {
        userId: input.userId
      });
    }
    const after = { decision: input.body.decision, note: (input.body.note ?? '').trim() };
    const before = await upsertRaterReview(trx, {
      roundId: input.roundId,
      userId: input.userId,
      ...after,
      decidedBy: input.actorId,
      at: input.now
    });
    await writeAudit(trx, {
      actorId: input.actorId,
      action: 'rater_review.set',
      entity: 'rater_review',
      entityId: `${input.roundId}/${input.userId}`,
      before: before ?? undefined,
      after
    });
    return toDto((await listRaterReviews(trx, input.roundId)).find((r) => r.userId === input.userId)!);
  });
}
