// The reviewer's endpoints (issue 16): my queue, one assigned log, and my review of it. "Me" is the
// user the X-API-Key belongs to; a log not assigned to me is 404, as another user's log is elsewhere.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { reviewItem, reviewQueue, submitReview } from '../../review';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../httpErrors';
import {
  queueQuerySchema,
  queueSchema,
  reviewBodySchema,
  reviewItemSchema,
  submittedSchema,
  toQueueItemJson,
  toReviewItemJson,
} from '../reviewJson';
import { idParamSchema, iso, json, jsonBody } from '../schemas';

const queueRoute = createRoute({
  method: 'get',
  path: '/reviews/queue',
  tags: ['reviews'],
  summary: 'My review queue: logs assigned to me, not reviewed by me, not settled; oldest first (extension).',
  request: { query: queueQuerySchema },
  responses: { 200: json(queueSchema, 'The queue and its counts.'), ...errorResponses(401, 422, 503) },
});

const itemRoute = createRoute({
  method: 'get',
  path: '/reviews/logs/{id}',
  tags: ['reviews'],
  summary: 'A log assigned to me; blind until I have reviewed it (extension).',
  request: { params: idParamSchema },
  responses: { 200: json(reviewItemSchema, 'The log under review.'), ...errorResponses(401, 404, 422, 503) },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/reviews/logs/{id}',
  tags: ['reviews'],
  summary: 'Give my review of a log assigned to me; once per log (extension).',
  description:
    'When the required reviews are in and agree (same rating; for 2 and 3 the same correction, whitespace ' +
    'aside), the log takes the verdict and status 3 at once; when they disagree, it goes to the lead.',
  request: { params: idParamSchema, body: jsonBody(reviewBodySchema) },
  responses: {
    201: json(submittedSchema, 'Recorded; outcome says what happened to the log.'),
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 503),
  },
});

export function registerReviewRoutes(app: OpenAPIHono<ApiEnv>, { db }: ApiDeps): void {
  app.openapi(queueRoute, async (c) => {
    const { poc_id, limit } = c.req.valid('query');
    const queue = await reviewQueue(db, c.get('user').id, { poc_id, limit });
    return c.json(
      {
        items: queue.items.map(toQueueItemJson),
        counts: {
          to_review: queue.counts.toReview,
          reviewed: queue.counts.reviewed,
          closed: queue.counts.closed,
        },
      },
      200,
    );
  });

  app.openapi(itemRoute, async (c) =>
    c.json(toReviewItemJson(await reviewItem(db, c.req.valid('param').id, c.get('user').id)), 200),
  );

  app.openapi(submitRoute, async (c) => {
    const { draft, ...verdict } = c.req.valid('json');
    const submitted = await submitReview(db, {
      log_id: c.req.valid('param').id,
      reviewer_id: c.get('user').id,
      verdict,
      draft,
    });
    return c.json(
      {
        review_id: submitted.reviewId,
        log_id: submitted.logId,
        reviewed_at: iso(submitted.reviewedAt),
        outcome: submitted.outcome,
        reviews_in: submitted.reviewsIn,
        required_reviews: submitted.requiredReviews,
      },
      201,
    );
  });
}
