import type { Kysely } from 'kysely';
import type { Database, RaterDecision } from '../schema.js';

export interface RaterReview {
  roundId: number;
  userId: number;
  name: string;
  decision: RaterDecision;
  note: string;
  decidedBy: number | null;
  decidedAt: Date;
}

/** How staff handled the round's flagged raters, by name. */
export async function listRaterReviews(db: Kysely<Database>, roundId: number): Promise<RaterReview[]> {
  return db
    .selectFrom('rater_reviews as rr')
    .innerJoin('users as u', 'u.id', 'rr.user_id')
    .select([
      'rr.round_id as roundId',
      'rr.user_id as userId',
      'u.name',
      'rr.decision',
      'rr.note',
      'rr.decided_by as decidedBy',
      'rr.decided_at as decidedAt'
    ])
    .where('rr.round_id', '=', roundId)
    .orderBy('u.name')
    .orderBy('rr.user_id')
    .execute();
}

/** Raters whose scores the combined ranking leaves out. */
export async function listExcludedRaters(db: Kysely<Database>, roundId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('rater_reviews')
    .select('user_id')
    .where('round_id', '=', roundId)
    .where('decision', '=', 'excluded')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Records a decision, replacing an earlier one; returns the earlier one. */
export async function upsertRaterReview(
  db: Kysely<Database>,
  review: { roundId: number; userId: number; decision: RaterDecision; note: string; decidedBy: number | null; at: Date }
): Promise<{ decision: RaterDecision; note: string } | null> {
  const previous = await db
    .selectFrom('rater_reviews')
    .select(['decision', 'note'])
    .where('round_id', '=', review.roundId)
    .where('user_id', '=', review.userId)
    .executeTakeFirst();
  await db
    .insertInto('rater_reviews')
    .values({
      round_id: review.roundId,
      user_id: review.userId,
      decision: review.decision,
      note: review.note,
      decided_by: review.decidedBy,
      decided_at: review.at
    })
    .onConflict((oc) =>
      oc.columns(['round_id', 'user_id']).doUpdateSet({
        decision: review.decision,
        note: review.note,
        decided_by: review.decidedBy,
        decided_at: review.at
      })
    )
    .execute();
  return previous ?? null;
}
