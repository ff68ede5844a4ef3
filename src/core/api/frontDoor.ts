// Every request's way in, as one middleware: the access log's clock, the body limit (413) and the API key
// (401). One layer instead of three: each hono middleware is another async hop on every request, and on
// POST /chat those hops were a measurable share of what serve adds over bench:api's floor.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { UserLookup } from './apiKeyCache';
import { type ApiEnv, authenticate } from './auth';

export interface FrontDoorOptions {
  /** Receives one line per request, written once the response has gone out. */
  accessLog?: (line: string) => void;
  maxBodyBytes: number;
  tooLarge: (c: Context) => Response;
  findUser: UserLookup;
  /** Paths answered without an API key. */
  publicPaths: ReadonlySet<string>;
}

export function frontDoor(options: FrontDoorOptions): MiddlewareHandler<ApiEnv> {
  const { accessLog, maxBodyBytes, tooLarge, findUser, publicPaths } = options;
  // A chunked body declares no length: it is counted as it arrives, by hono's bodyLimit — which turns
  // the request into a full web Request, too slow for every call, so only that case takes it.
  const counting = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  const admit = async (c: Context<ApiEnv>, next: Next): Promise<Response | undefined> => {
    let countBody = false;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // A Content-Length is checked from the header (Node's parser holds the body to it).
      const length = c.req.header('content-length');
      if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
        if (Number(length) > maxBodyBytes) return tooLarge(c);
      } else {
        countBody = true;
      }
    }
    if (!publicPaths.has(c.req.path)) {
      const refusal = await authenticate(c, findUser);
      if (refusal) return refusal;
    }
    // bodyLimit reads the whole body first and answers 413 itself when it is over the limit.
    if (countBody) return (await counting(c, next)) ?? undefined;
    await next();
    return undefined;
  };

  if (!accessLog) return admit;
  return async (c, next) => {
    const started = performance.now();
    const refusal = await admit(c, next);
    const user = c.get('user');
    const status = refusal?.status ?? c.res.status;
    const line = `${new Date().toISOString()} ${c.req.method} ${c.req.path} ${status} ${(performance.now() - started).toFixed(1)}ms${user ? ` user=${user.id}` : ''}`;
    // Written once the response has gone out: a log write (a pipe, a terminal) is not the client's wait.
    setImmediate(accessLog, line);
    return refusal;
  };
}
