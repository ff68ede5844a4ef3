// POST /sessions, GET /sessions/:id (extension), PUT /sessions/:id/end (design §4.1–4.2).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { endSession, getSession, startSession, startSessionInputSchema } from '../../domain/sessions';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../httpErrors';
import {
  idParamSchema,
  iso,
  isoOrNull,
  json,
  jsonBody,
  sessionCreatedSchema,
  sessionEndedSchema,
  sessionSchema,
} from '../schemas';

const startBodySchema = startSessionInputSchema.omit({ user_id: true }).meta({ id: 'StartSession' });

const startRoute = createRoute({
  method: 'post',
  path: '/sessions',
  tags: ['sessions'],
  summary: 'Start a session (system_prompt omitted → the PoC’s default system prompt).',
  request: { body: jsonBody(startBodySchema) },
  responses: {
    201: json(sessionCreatedSchema, 'The session started.'),
    ...errorResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'One of your sessions (extension).',
  request: { params: idParamSchema },
  responses: { 200: json(sessionSchema, 'The session.'), ...errorResponses(401, 404, 422, 503) },
});

const endRoute = createRoute({
  method: 'put',
  path: '/sessions/{id}/end',
  tags: ['sessions'],
  summary: 'End a session; ending it twice is 409.',
  request: { params: idParamSchema },
  responses: {
    200: json(sessionEndedSchema, 'The session ended.'),
    ...errorResponses(401, 404, 409, 422, 503),
  },
});

export function registerSessionRoutes(app: OpenAPIHono<ApiEnv>, { db }: ApiDeps): void {
  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    const session = await startSession(db, { ...body, user_id: c.get('user').id });
    return c.json(
      {
        session_id: session.id,
        poc_name: session.poc_name,
        model_name: session.model_name,
        started_at: iso(session.started_at),
      },
      201,
    );
  });

  app.openapi(getRoute, async (c) => {
    const s = await getSession(db, c.req.valid('param').id, { userId: c.get('user').id });
    return c.json(
      {
        session_id: s.id,
        user_id: s.user_id,
        poc_id: s.poc_id,
        poc_name: s.poc_name,
        model_id: s.model_id,
        model_name: s.model_name,
        model_version: s.model_version,
        system_prompt: s.system_prompt,
        started_at: iso(s.started_at),
        ended_at: isoOrNull(s.ended_at),
      },
      200,
    );
  });

  app.openapi(endRoute, async (c) => {
    const ended = await endSession(db, c.req.valid('param').id, { userId: c.get('user').id });
    return c.json({ session_id: ended.id, ended_at: iso(ended.ended_at ?? new Date()) }, 200);
  });
}
