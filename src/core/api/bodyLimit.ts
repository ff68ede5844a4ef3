// The body limit (413) without reading the body: a Content-Length is checked from the header (Node's
// parser holds the body to it). Only a chunked body, which declares no length, is counted as it
// arrives, by hono's bodyLimit — which turns the request into a full web Request, too slow for every call.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBodySize(maxBytes: number, onTooLarge: (c: Context) => Response): MiddlewareHandler {
  const counting = bodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxBytes ? onTooLarge(c) : next();
    }
    return counting(c, next);
  };
}
