// Builds the REST API (design §4 + SPEC §4 extensions) as a Hono app: routes validated by the same zod
// schemas that produce GET /openapi.json, X-API-Key auth, one error shape, a body limit.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import * as z from 'zod';
import { cachedUserLookup } from './apiKeyCache';
import type { ApiEnv } from './auth';
import type { ApiDeps } from './deps';
import { frontDoor } from './frontDoor';
import { errorResponses, respondWithFailure, toHttpFailure, validationHook } from './httpErrors';
import { checkJsonBodiesInOneStep } from './jsonBodies';
import { registerCatalogRoutes } from './routes/catalog';
import { registerChatRoutes } from './routes/chat';
import { registerLogRoutes } from './routes/logs';
import { registerReviewLeadRoutes } from './routes/reviewLead';
import { registerReviewRoutes } from './routes/reviews';
import { registerSessionRoutes } from './routes/sessions';
import { json } from './schemas';

export const defaultBodyLimitBytes = 1024 * 1024;
const publicPaths = new Set(['/health', '/openapi.json']);

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  summary: 'Liveness and database reachability (no key needed).',
  security: [],
  responses: {
    200: json(z.object({ status: z.literal('ok') }), 'Serving, and the database answers.'),
    ...errorResponses(503),
  },
});

export function createApiApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const errorLog = deps.errorLog ?? ((error) => console.error(error));
  const limit = deps.bodyLimitBytes ?? defaultBodyLimitBytes;
  app.use(
    frontDoor({
      accessLog: deps.accessLog,
      maxBodyBytes: limit,
      tooLarge: (c) =>
        c.json({ detail: `The body is larger than ${limit} bytes.`, code: 'payload_too_large' }, 413),
      findUser: cachedUserLookup(deps.db, { ttlMs: deps.apiKeyCacheMs ?? 5_000 }),
      publicPaths,
    }),
  );
  checkJsonBodiesInOneStep(app);

  app.onError((error, c) => {
    const failure = toHttpFailure(error);
    if (failure.status === 500) errorLog(error);
    return respondWithFailure(c, failure);
  });
  app.notFound((c) =>
    c.json({ detail: `There is no ${c.req.method} ${c.req.path}.`, code: 'route_not_found' }, 404),
  );

  app.openapi(healthRoute, async (c) => {
    await sql`SELECT 1`.execute(deps.db);
    return c.json({ status: 'ok' as const }, 200);
  });
  registerSessionRoutes(app, deps);
  registerChatRoutes(app, deps);
  registerLogRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerReviewLeadRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'Your API key; create one with `llamune-poc user create NAME` (it is shown once).',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Llamune PoC REST API',
      version: '1.1.0',
      description:
        'The API of the llamune_poc design document v1.1 §4, plus extensions. Errors are always ' +
        '{"detail": "...", "code": "..."}. Times are ISO-8601 in UTC (Z).',
    },
    security: [{ ApiKey: [] }],
  });
  return app;
}
