// Maps every failure to the API's one error shape, {"detail": "...", "code": "..."} (FastAPI's `detail`),
// and its status. DomainError kinds map here and nowhere else.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { describeConnectionError, isDatabaseUnavailable } from '../db/connectionErrors';
import { describeZodError, isDomainError } from '../errors';

export const errorBodySchema = z.object({
  detail: z.string().meta({ description: 'What went wrong, for a person.' }),
  code: z.string().meta({ description: 'A stable machine-readable code, e.g. `session_ended`.' }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export interface HttpFailure {
  status: ContentfulStatusCode;
  body: ErrorBody;
}

const modelServerStatus: Record<string, ContentfulStatusCode> = {
  model_server_unreachable: 503,
  model_server_crashed: 503,
  model_server_timeout: 504,
  model_server_server_error: 502,
  model_server_bad_response: 502,
};

export function toHttpFailure(error: unknown): HttpFailure {
  if (isDomainError(error)) {
    const body = { detail: error.message, code: error.code };
    switch (error.kind) {
      case 'invalid':
        return { status: 422, body };
      case 'not_found':
        return { status: 404, body };
      case 'conflict':
        return { status: 409, body };
      case 'unauthorized':
        return { status: 401, body };
      case 'forbidden':
        return { status: 403, body };
      case 'unavailable':
        return { status: modelServerStatus[error.code] ?? 503, body };
    }
  }
  if (error instanceof z.ZodError) {
    return { status: 422, body: { detail: describeZodError(error), code: 'validation_failed' } };
  }
  if (error instanceof HTTPException) return fromHttpException(error);
  if (isDatabaseUnavailable(error)) {
    const described = describeConnectionError(error, 'the database');
    return {
      status: 503,
      body: { detail: `The database is not available: ${described.message}`, code: 'database_unavailable' },
    };
  }
  return {
    status: 500,
    body: { detail: 'Internal server error; see the server log.', code: 'internal_error' },
  };
}

function fromHttpException(error: HTTPException): HttpFailure {
  switch (error.status) {
    case 400:
      return {
        status: 400,
        body: { detail: `The body is not valid JSON: ${error.message}`, code: 'invalid_json' },
      };
    case 413:
      return { status: 413, body: { detail: error.message, code: 'payload_too_large' } };
    case 415:
      return {
        status: 415,
        body: {
          detail: 'Send the body as JSON (Content-Type: application/json).',
          code: 'unsupported_media_type',
        },
      };
    default:
      return {
        status: error.status as ContentfulStatusCode,
        body: { detail: error.message, code: 'http_error' },
      };
  }
}

export function respondWithFailure(c: Context, failure: HttpFailure): Response {
  return c.json(failure.body, failure.status);
}

/** The zod-openapi validation hook: a request that fails its schema is a 422 with every problem named. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return c.json({ detail: describeValidation(result.error), code: 'validation_failed' }, 422);
}

const immutable = new Set(['question', 'answer', 'timestamp']);

/** Like describeZodError, with unknown fields named plainly and the design's immutable ones explained. */
function describeValidation(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code !== 'unrecognized_keys') return describeZodError(new z.ZodError([issue]));
      const fixed = issue.keys.filter((key) => immutable.has(key));
      const note = fixed.length > 0 ? ` (${fixed.join(', ')} can never change)` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}${note}`;
    })
    .join('; ');
}

/** Standard error responses for the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'The body is not valid JSON.',
    401: 'Missing or unknown X-API-Key.',
    404: 'Not found (another user’s session or log is reported as not found).',
    409: 'Conflict, e.g. the session has ended.',
    413: 'The body is larger than the limit (1 MiB by default).',
    415: 'The body is not JSON.',
    422: 'Validation failed: unknown fields, wrong types, out-of-range codes.',
    502: 'The model server failed or sent a malformed answer.',
    503: 'The model server or the database is not available.',
    504: 'The model server did not answer in time.',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { 'application/json': { schema: errorBodySchema } },
      },
    ]),
  );
}
