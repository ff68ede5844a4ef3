// HTTP to model servers through one undici pool per server: URL building, JSON requests, the server's own
// error message out of a non-2xx body, and undici's failures turned into ModelServerError values.
import { Dispatcher, Pool, request } from 'undici';
import { ModelServerError } from './modelServerError';

export interface ModelServerAgentOptions {
  /** How long a TCP connect may take; a local server that does not accept in this time is unreachable. */
  connectTimeoutMs?: number;
  /** Connections per model server at most. */
  connections?: number;
}

/**
 * Routes each request to one pool per model server, kept for the process's life. undici's Agent drops
 * an origin's pool once its last connection closes — and mlx_lm.server closes every connection after
 * its answer (HTTP/1.0) — so under an Agent every question built a new pool and client (measured:
 * serve spent 0.15–0.3 ms more CPU a question); here only the socket is new. Model servers are few, so pools are too.
 */
export class ModelServerDispatcher extends Dispatcher {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: ModelServerAgentOptions = {}) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin);
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connect: { timeout: this.options.connectTimeoutMs ?? 5_000 },
        connections: this.options.connections ?? 64,
        keepAliveTimeout: 4_000,
        // Time limits belong to each request (first token, idle), not to the pool.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.pools.set(origin, pool);
    }
    return pool.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  override async destroy(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}

export function createModelServerAgent(options: ModelServerAgentOptions = {}): Dispatcher {
  return new ModelServerDispatcher(options);
}

let sharedAgent: Dispatcher | undefined;
/** The process's pool for model-server traffic, created on first use. */
export function defaultModelServerAgent(): Dispatcher {
  sharedAgent ??= createModelServerAgent();
  return sharedAgent;
}

/** `http://host:port` or `http://host:port/v1` (as LM Studio and others print it) → the `/v1` root. */
export function openAiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

/** The server's origin with any path prefix kept, minus a trailing `/v1`. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === error ? undefined : errorCode(cause);
}

/**
 * Turns whatever a request or body read threw into a ModelServerError. An aborted signal wins: its
 * reason is already the error to report (cancelled by the caller, or one of our own time limits).
 */
export function toModelServerError(
  error: unknown,
  url: string,
  signal: AbortSignal | undefined,
  answering: boolean,
): ModelServerError {
  if (signal?.aborted && signal.reason instanceof ModelServerError) return signal.reason;
  if (error instanceof ModelServerError) return error;
  const code = errorCode(error) ?? 'unknown';
  const detail = error instanceof Error ? error.message : String(error);
  if (unreachableCodes.has(code)) {
    return new ModelServerError('unreachable', `The model server at ${url} cannot be reached (${code}).`, {
      url,
      cause: error,
    });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ModelServerError('timeout', `The model server at ${url} stopped answering (${code}).`, {
      url,
      timeout: code === 'UND_ERR_BODY_TIMEOUT' ? 'idle' : 'first_token',
      cause: error,
    });
  }
  const message = answering
    ? `The model server closed the connection before the end of the answer (${detail}).`
    : `The model server at ${url} closed the connection without answering (${detail}).`;
  return new ModelServerError('bad_response', message, { url, cause: error });
}

/** Reads at most `limit` bytes of a body as text; the rest is discarded. */
export async function readText(body: AsyncIterable<unknown>, limit = 64 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body) {
    const chunk = part as Buffer;
    if (size < limit) parts.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The message a server put in its error body: `{"error": "..."}`, `{"error": {"message": "..."}}`, or text. */
export function serverMessageOf(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const { error, detail, message } = parsed as Record<string, unknown>;
      if (typeof error === 'string') return error;
      if (typeof error === 'object' && error !== null) {
        const inner = (error as Record<string, unknown>).message;
        if (typeof inner === 'string') return inner;
      }
      if (typeof detail === 'string') return detail;
      if (typeof message === 'string') return message;
    }
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.trim().slice(0, 500) || '(empty body)';
}

export function httpStatusError(status: number, text: string, url: string): ModelServerError {
  const serverMessage = serverMessageOf(text);
  return new ModelServerError('server_error', `The model server answered ${status}: ${serverMessage}`, {
    status,
    serverMessage,
    url,
  });
}

export interface GetJsonOptions {
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A GET whose 2xx body is JSON (or text when `asText`); anything else is a ModelServerError. */
export async function getBody(url: string, options: GetJsonOptions = {}): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 5_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher: options.dispatcher ?? defaultModelServerAgent(),
      signal,
    });
    const text = await readText(response.body);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw httpStatusError(response.statusCode, text, url);
    }
    return text;
  } catch (error) {
    if (options.signal?.aborted) {
      throw new ModelServerError('cancelled', 'The request was cancelled.', { url, cause: error });
    }
    if (timeout.aborted) {
      throw new ModelServerError('timeout', `The model server at ${url} did not answer in time.`, {
        url,
        cause: error,
      });
    }
    throw toModelServerError(error, url, undefined, false);
  }
}
