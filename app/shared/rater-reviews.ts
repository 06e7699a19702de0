import { type Static, Type } from 'typebox';
import { Id, Timestamp } from './schemas.js';

/** How staff handled a rater the analytics flagged: kept as is, revised after contact, or left out of the ranking. */
export const RATER_DECISIONS = ['kept', 'revised', 'excluded'] as const;
export const RaterDecisionSchema = Type.Union([
  Type.Literal('kept'),
  Type.Literal('revised'),
  Type.Literal('excluded')
]);
export type RaterDecision = (typeof RATER_DECISIONS)[number];

export const MAX_REVIEW_NOTE = 2000;

export const RaterReviewParams = Type.Object({ roundId: Id, userId: Id });

export const RaterReviewBody = Type.Object(
  { decision: RaterDecisionSchema, note: Type.Optional(Type.String({ maxLength: MAX_REVIEW_NOTE })) },
  { additionalProperties: false }
);
export type RaterReviewBody = Static<typeof RaterReviewBody>;

export const RaterReviewDto = Type.Object({
  roundId: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  decision: RaterDecisionSchema,
  note: Type.String(),
  decidedAt: Timestamp
});
export type RaterReviewDto = Static<typeof RaterReviewDto>;

export const RaterReviewsDto = Type.Object({ reviews: Type.Array(RaterReviewDto) });
export type RaterReviewsDto = Static<typeof RaterReviewsDto>;
