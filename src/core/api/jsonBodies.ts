// JSON request bodies checked in one step: the media type (415), the JSON (400) and the route's zod schema
// (422, through the app's validation hook) — the answers zod-openapi gives, without its two async
// middlewares per route (a media-type gate, then zValidator's safeParseAsync), which were a share of
// what POST /chat spends over bench:api's floor. The OpenAPI document still shows every body.
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context, Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type * as z from 'zod';
import type { ApiEnv } from './auth';
import { validationHook } from './httpErrors';

const jsonMediaType = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** From now on, `app.openapi` checks a route's JSON body with `takeJsonBody` instead. */
export function checkJsonBodiesInOneStep(app: OpenAPIHono<ApiEnv>): void {
  const register = app.openapi;
  app.openapi = ((route: RouteConfig, handler: Handler<ApiEnv>, hook?: unknown) => {
    const media = route.request?.body?.content?.['application/json'];
    const schema = media && 'schema' in media ? (media.schema as z.ZodType) : undefined;
    if (!schema || !route.request) return register(route as never, handler as never, hook as never);
    if (!route.hide) app.openAPIRegistry.registerPath(route);
    const { body: _documentedAbove, ...request } = route.request;
    const checked: Handler<ApiEnv> = async (c, next) => (await takeJsonBody(c, schema)) ?? handler(c, next);
    return register({ ...route, hide: true, request } as never, checked as never, hook as never);
  }) as typeof register;
}

/** Reads and checks the body; the 422 to answer, or undefined with the data in `c.req.valid('json')`. */
async function takeJsonBody(c: Context<ApiEnv>, schema: z.ZodType): Promise<Response | undefined> {
  const contentType = c.req.header('content-type');
  // A body of another declared type is refused unread.
  if (contentType && !jsonMediaType.test(contentType)) throw unsupportedMediaType();
  const text = await c.req.text();
  let value: unknown = {};
  if (!contentType) {
    // No type and no body: the schema says what is missing; a body of unknown type is refused.
    if (text !== '') throw unsupportedMediaType();
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: 'Malformed JSON in request body' });
    }
  }
  // Body schemas are synchronous (no async refinements), so one safeParse is the whole check.
  const result = schema.safeParse(value);
  if (!result.success) return validationHook(result, c);
  c.req.addValidatedData('json', result.data as object);
  return undefined;
}

const unsupportedMediaType = () => new HTTPException(415, { message: 'Unsupported Media Type' });
