// The lead's endpoints (issue 16): assign logs (the caller becomes their lead), list the disagreements
// of the logs I lead, resolve one, and the agreement figures of a PoC; and a PoC's rating guidelines.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  assignReviews,
  getGuidelines,
  listDisagreements,
  resolveDisagreement,
  reviewStats,
  saveGuidelines,
} from '../../review';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../httpErrors';
import {
  assignBodySchema,
  assignedSchema,
  disagreementsSchema,
  guidelinesBodySchema,
  guidelinesSchema,
  queueQuerySchema,
  resolutionBodySchema,
  resolvedSchema,
  statsQuerySchema,
  statsSchema,
  toOriginalJson,
  toOtherReviewJson,
  toQueueItemJson,
  toStatsJson,
} from '../reviewJson';
import { idParamSchema, iso, json, jsonBody } from '../schemas';

const assignRoute = createRoute({
  method: 'post',
  path: '/reviews/assignments',
  tags: ['reviews'],
  summary: 'Assign logs to reviewers, each needing 1–3 reviews; I become their lead (extension).',
  description:
    'All or nothing: an unknown reviewer, more required reviews than reviewers (422), a missing log (404) or one ' +
    'already under review (409) assigns nothing. With poc_id, logs already under review are skipped.',
  request: { body: jsonBody(assignBodySchema) },
  responses: {
    201: json(assignedSchema, 'Assigned.'),
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 503),
  },
});

const disagreementsRoute = createRoute({
  method: 'get',
  path: '/reviews/disagreements',
  tags: ['reviews'],
  summary: 'The logs I lead whose reviews disagree, verdicts side by side (extension).',
  request: { query: queueQuerySchema },
  responses: { 200: json(disagreementsSchema, 'Oldest first.'), ...errorResponses(401, 422, 503) },
});

const resolveRoute = createRoute({
  method: 'post',
  path: '/reviews/logs/{id}/resolution',
  tags: ['reviews'],
  summary: 'Settle a disagreement on a log I lead: pick a review or give the final verdict (extension).',
  description:
    'The verdict goes into the log with status 3. Not my log to lead: 404; reviews still missing or already settled: 409.',
  request: { params: idParamSchema, body: jsonBody(resolutionBodySchema) },
  responses: {
    200: json(resolvedSchema, 'Settled.'),
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 503),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/reviews/stats',
  tags: ['reviews'],
  summary:
    'How much the reviewers of a PoC agree (κ), and my own agreement with the accepted verdicts (extension).',
  request: { query: statsQuerySchema },
  responses: {
    200: json(statsSchema, 'The figures, each with its count.'),
    ...errorResponses(401, 404, 422, 503),
  },
});

const guidelinesParams = z.object({ id: idParamSchema.shape.id });

const getGuidelinesRoute = createRoute({
  method: 'get',
  path: '/pocs/{id}/guidelines',
  tags: ['reviews'],
  summary: 'The current rating guidelines of a PoC (extension).',
  request: { params: guidelinesParams },
  responses: { 200: json(guidelinesSchema, 'The latest version.'), ...errorResponses(401, 404, 422, 503) },
});

const putGuidelinesRoute = createRoute({
  method: 'put',
  path: '/pocs/{id}/guidelines',
  tags: ['reviews'],
  summary: 'Save the rating guidelines of a PoC as a new version (extension).',
  request: { params: guidelinesParams, body: jsonBody(guidelinesBodySchema) },
  responses: {
    200: json(guidelinesSchema, 'Saved; the new version is current.'),
    ...errorResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

export function registerReviewLeadRoutes(app: OpenAPIHono<ApiEnv>, { db }: ApiDeps): void {
  app.openapi(assignRoute, async (c) => {
    const body = c.req.valid('json');
    const assigned = await assignReviews(db, {
      selection: body.log_ids
        ? { kind: 'logs', log_ids: body.log_ids }
        : { kind: 'filter', poc_id: body.poc_id!, evaluations: body.evaluations },
      reviewers: body.reviewers,
      required_reviews: body.required_reviews,
      lead: c.get('user').username,
    });
    return c.json(
      {
        log_ids: assigned.logIds,
        reviewers: assigned.reviewers,
        required_reviews: assigned.requiredReviews,
        lead: assigned.lead,
      },
      201,
    );
  });

  app.openapi(disagreementsRoute, async (c) => {
    const { poc_id, limit } = c.req.valid('query');
    const disputed = await listDisagreements(db, { lead_id: c.get('user').id, poc_id, limit });
    return c.json(
      {
        disagreements: disputed.map((d) => ({
          item: toQueueItemJson(d.item),
          on: d.on,
          lead: d.lead,
          original: toOriginalJson(d.original),
          reviews: d.reviews.map(toOtherReviewJson),
        })),
      },
      200,
    );
  });

  app.openapi(resolveRoute, async (c) => {
    const { pick, draft, ...verdict } = c.req.valid('json');
    const resolved = await resolveDisagreement(db, {
      log_id: c.req.valid('param').id,
      lead_id: c.get('user').id,
      decision:
        pick !== undefined ? { pick } : { verdict: { ...verdict, evaluation: verdict.evaluation! }, draft },
    });
    return c.json(
      {
        log_id: resolved.logId,
        picked: resolved.picked,
        verdict: resolved.verdict,
        decided_at: iso(resolved.decidedAt),
      },
      200,
    );
  });

  app.openapi(statsRoute, async (c) => {
    const stats = await reviewStats(db, c.req.valid('query').poc_id);
    return c.json(toStatsJson(stats, c.get('user').username), 200);
  });

  app.openapi(getGuidelinesRoute, async (c) => {
    const guidelines = await getGuidelines(db, c.req.valid('param').id);
    const current = guidelines.current;
    return c.json(
      {
        poc_id: guidelines.pocId,
        id: current?.id ?? null,
        body: current?.body ?? null,
        saved_by: current?.savedBy ?? null,
        saved_at: current ? iso(current.savedAt) : null,
        versions: guidelines.versions,
      },
      200,
    );
  });

  app.openapi(putGuidelinesRoute, async (c) => {
    const pocId = c.req.valid('param').id;
    const saved = await saveGuidelines(db, {
      pocId,
      body: c.req.valid('json').body,
      userId: c.get('user').id,
    });
    const { versions } = await getGuidelines(db, pocId);
    return c.json(
      {
        poc_id: saved.pocId,
        id: saved.id,
        body: saved.body,
        saved_by: saved.savedBy,
        saved_at: iso(saved.savedAt),
        versions,
      },
      200,
    );
  });
}
