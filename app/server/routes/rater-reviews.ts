import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RaterReviewBody, RaterReviewDto, RaterReviewParams, RaterReviewsDto } from '../../shared/rater-reviews.js';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import { clientErrors, RoundParams } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import { raterReviews, reviewRater } from '../services/rater-reviews.js';

/** How staff handled the raters the analytics flagged as unusual; the methodology report accounts for it. */
const raterReviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rounds/:roundId/rater-reviews',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'How each reviewed rater was handled (staff always; the director once the round is closed)',
        params: RoundParams,
        response: { 200: RaterReviewsDto, ...clientErrors }
      }
    },
    async (request) => ({
      reviews: await raterReviews(app.db, request.params.roundId, requireUser(request).role)
    })
  );

  app.put(
    '/api/rounds/:roundId/rater-reviews/:userId',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Record how a rater was handled: kept, revised, or excluded (the combined ranking of the analytics then ' +
          'leaves their scores out)',
        params: RaterReviewParams,
        body: RaterReviewBody,
        response: { 200: RaterReviewDto, ...clientErrors }
      }
    },
    async (request) =>
      reviewRater(app.db, {
        roundId: request.params.roundId,
        userId: request.params.userId,
        body: request.body,
        actorId: requireUser(request).userId,
        now: new Date()
      })
  );
};

export default raterReviewRoutes;
