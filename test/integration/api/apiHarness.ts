// Starts the REST API on a free port over a test database and a model-server stand-in, and speaks
// HTTP to it with fetch. Everything started is stopped by `close`.
import type { Kysely } from 'kysely';
import type { AnswerStream, ModelAsker } from '../../../src/core/api/deps';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { type ApiServer, startApiServer } from '../../../src/core/api/server';
import type { Database } from '../../../src/core/db/schema';

export interface TestApi {
  url: string;
  server: ApiServer;
  accessLog: string[];
  /** Every model answer's outcome: 'answered' or the error code it failed with. */
  outcomes: string[];
  /** How many questions reached the model asker. */
  asked(): number;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body; the tests' assertions check its shape.
  body: any;
  headers: Headers;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Sent as is (for invalid JSON); sets content-type JSON unless `headers` say otherwise. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function startTestApi(
  db: Kysely<Database>,
  options: { baseUrl: string; bodyLimitBytes?: number; firstTokenMs?: number; asker?: ModelAsker },
): Promise<TestApi> {
  const outcomes: string[] = [];
  let asked = 0;
  const real =
    options.asker ??
    createModelAsker({
      baseUrl: options.baseUrl,
      provider: 'openai',
      timeouts: options.firstTokenMs ? { firstTokenMs: options.firstTokenMs } : undefined,
    });
  const models: ModelAsker = {
    async ask(question) {
      asked += 1;
      const stream: AnswerStream = await real.ask(question);
      stream.result.then(
        () => outcomes.push('answered'),
        (error: { code?: string }) => outcomes.push(error.code ?? 'error'),
      );
      return stream;
    },
  };
  const accessLog: string[] = [];
  const server = await startApiServer({
    db,
    models,
    host: '127.0.0.1',
    port: 0,
    bodyLimitBytes: options.bodyLimitBytes,
    accessLog: (line) => accessLog.push(line),
    errorLog: () => {},
  });
  return {
    url: server.url,
    server,
    accessLog,
    outcomes,
    asked: () => asked,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.key) headers['x-api-key'] = callOptions.key;
      let body: string | undefined;
      if (callOptions.body !== undefined || callOptions.rawBody !== undefined) {
        body = callOptions.rawBody ?? JSON.stringify(callOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(server.url + path, { method, headers, body });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        body: type.includes('json') ? JSON.parse(text) : text,
        headers: response.headers,
      };
    },
    close: () => server.close(),
  };
}
