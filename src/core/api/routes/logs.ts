// GET /logs (filters + keyset paging: extension), GET /logs/:id, PUT /logs/:id (design §4.4).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { evaluationSchema, idSchema, prioritySchema, statusSchema } from '../../domain/codes';
import { batchedLogRater, evaluateLogInputSchema, getLog } from '../../domain/logs';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../httpErrors';
import { listLogPage } from '../logList';
import { idParamSchema, iso, json, jsonBody, logSchema, logUpdatedSchema, toLogJson } from '../schemas';

// Query values arrive as text; the domain's number schemas then apply as they do to JSON bodies.
const queryInt = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), schema).optional();

export const logQuerySchema = z.strictObject({
  poc_id: queryInt(idSchema),
  session_id: queryInt(idSchema),
  model_id: queryInt(idSchema),
  evaluation: queryInt(evaluationSchema).meta({
    description:
      'A rating a person gave: 1 good, 2 insufficient, 3 wrong. Never matches an unrated log (its stored 1 is only the default); unrated ones: rated=false.',
  }),
  status: queryInt(statusSchema),
  priority: queryInt(prioritySchema),
  rated: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only rated logs (evaluated_at set); false: only unrated ones.' }),
  text: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Case-insensitive substring of question, answer, reason, correct answer or memo.' }),
  from: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional()
    .meta({ description: 'timestamp ≥ from' }),
  to: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional()
    .meta({ description: 'timestamp < to' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().meta({ description: 'next_cursor of the previous page.' }),
});

const updateBodySchema = evaluateLogInputSchema.meta({
  id: 'EvaluateLog',
  description:
    'Only the evaluation fields can change; question, answer and timestamp never do (sending them is 422). ' +
    'reason, correct_answer and priority belong to evaluation 2 and 3: sent with evaluation 1 they are rejected (422), ' +
    'and saving evaluation 1 clears them. For 2 and 3, reason and correct_answer are required; priority defaults to 2. ' +
    'The fields are replaced as a whole: a field left out becomes null.',
});

const listRoute = createRoute({
  method: 'get',
  path: '/logs',
  tags: ['logs'],
  summary: 'Your logs, newest first, filtered, one page at a time.',
  request: { query: logQuerySchema },
  responses: {
    200: json(
      z.object({ logs: z.array(logSchema), next_cursor: z.string().nullable() }).meta({ id: 'LogPage' }),
      'A page of logs; next_cursor is null on the last page.',
    ),
    ...errorResponses(401, 422, 503),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/logs/{id}',
  tags: ['logs'],
  summary: 'One log, all columns.',
  request: { params: idParamSchema },
  responses: { 200: json(logSchema, 'The log.'), ...errorResponses(401, 404, 422, 503) },
});

const updateRoute = createRoute({
  method: 'put',
  path: '/logs/{id}',
  tags: ['logs'],
  summary: 'Rate a log.',
  request: { params: idParamSchema, body: jsonBody(updateBodySchema) },
  responses: { 200: json(logUpdatedSchema, 'Saved.'), ...errorResponses(400, 401, 404, 413, 415, 422, 503) },
});

export function registerLogRoutes(app: OpenAPIHono<ApiEnv>, { db }: ApiDeps): void {
  const rateLog = batchedLogRater(db);
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const page = await listLogPage(db, {
      userId: c.get('user').id,
      pocId: q.poc_id,
      sessionId: q.session_id,
      modelId: q.model_id,
      evaluation: q.evaluation,
      status: q.status,
      priority: q.priority,
      rated: q.rated,
      text: q.text,
      from: q.from,
      to: q.to,
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json({ logs: page.logs.map(toLogJson), next_cursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const log = await getLog(db, c.req.valid('param').id, { userId: c.get('user').id });
    return c.json(toLogJson(log), 200);
  });

  app.openapi(updateRoute, async (c) => {
    const log = await rateLog(c.req.valid('param').id, c.req.valid('json'), {
      userId: c.get('user').id,
    });
    return c.json({ log_id: log.id, updated_at: iso(log.updated_at ?? new Date()) }, 200);
  });
}
