// POST /chat (design §4.3): one question to the session's model; the log is written only once the whole
// answer has arrived. `"stream": true` answers with Server-Sent Events (extension). A client that goes
// away cancels the model request, and nothing is written.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod';
import { idSchema, requiredText } from '../../domain/codes';
import { recordLog } from '../../domain/logs';
import { DomainError, notFound } from '../../errors';
import type { ApiEnv } from '../auth';
import type { AnswerStream, ApiDeps } from '../deps';
import { errorResponses, toHttpFailure } from '../httpErrors';
import { chatAnswerSchema, iso, json, jsonBody } from '../schemas';

const chatBodySchema = z
  .strictObject({
    session_id: idSchema,
    question: requiredText(100_000),
    stream: z
      .boolean()
      .optional()
      .meta({
        description:
          'Extension: true answers text/event-stream — `delta` events ({"text"}), then one `done` event ' +
          '({"log_id","answer","timestamp"}) or one `error` event ({"detail","code","status"}).',
      }),
  })
  .meta({ id: 'ChatRequest' });

const chatRoute = createRoute({
  method: 'post',
  path: '/chat',
  tags: ['chat'],
  summary: 'Ask the session’s model one question (no multi-turn); the answer is logged for rating.',
  request: { body: jsonBody(chatBodySchema) },
  responses: {
    201: json(chatAnswerSchema, 'The answer, logged as log_id (rate it with PUT /logs/{id}).'),
    200: {
      description: 'With "stream": true: Server-Sent Events (delta…, then done or error).',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errorResponses(400, 401, 404, 409, 413, 415, 422, 502, 503, 504),
  },
});

export function registerChatRoutes(app: OpenAPIHono<ApiEnv>, { db, models }: ApiDeps): void {
  app.openapi(chatRoute, async (c) => {
    const body = c.req.valid('json');
    const scope = { userId: c.get('user').id };
    // One round trip for the session and its model: this sits in front of every question.
    const session = await db
      .selectFrom('sessions')
      .innerJoin('models', 'models.id', 'sessions.model_id')
      .select(['sessions.id', 'sessions.ended_at', 'sessions.system_prompt'])
      .select(['models.model_name', 'models.adapter_path', 'models.provider'])
      .where('sessions.id', '=', body.session_id)
      .where('sessions.user_id', '=', scope.userId)
      .executeTakeFirst();
    // Another user's session is reported as missing, as everywhere else.
    if (!session) throw notFound('Session', body.session_id);
    if (session.ended_at) {
      throw new DomainError(
        'conflict',
        `Session ${session.id} has ended; start a new session to ask.`,
        'session_ended',
      );
    }
    const signal = c.req.raw.signal;
    const started = performance.now();
    const answer = await models.ask({
      model: session.model_name,
      adapterPath: session.adapter_path,
      provider: session.provider,
      systemPrompt: session.system_prompt,
      question: body.question,
      signal,
    });
    const record = async (text: string) => {
      // The client may have gone between the last token and here: then nothing is written.
      signal.throwIfAborted();
      return recordLog(
        db,
        {
          session_id: session.id,
          question: body.question,
          answer: text,
          latency_ms: Math.round(performance.now() - started),
        },
        scope,
      );
    };

    if (!body.stream) {
      const { text } = await answer.result;
      const log = await record(text);
      return c.json({ log_id: log.id, answer: log.answer, timestamp: iso(log.timestamp) }, 201);
    }
    return streamAnswer(c, answer, record) as unknown as ReturnType<
      typeof c.json<z.infer<typeof chatAnswerSchema>, 201>
    >;
  });
}

async function streamAnswer(
  c: Context<ApiEnv>,
  answer: AnswerStream,
  record: (text: string) => Promise<{ id: number; answer: string; timestamp: Date }>,
): Promise<Response> {
  const deltas = answer[Symbol.asyncIterator]();
  // Wait for the first piece before committing to 200, so that a server that is down is a plain 5xx.
  const first = await deltas.next();
  return streamSSE(
    c,
    async (stream) => {
      stream.onAbort(() => answer.cancel());
      for (let step = first; !step.done; step = await deltas.next()) {
        if (step.value) await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: step.value }) });
      }
      const { text } = await answer.result;
      const log = await record(text);
      await stream.writeSSE({
        event: 'done',
        data: JSON.stringify({ log_id: log.id, answer: log.answer, timestamp: iso(log.timestamp) }),
      });
    },
    async (error, stream) => {
      const failure = toHttpFailure(error);
      await stream.writeSSE({
        event: 'error',
        data: JSON.stringify({ ...failure.body, status: failure.status }),
      });
    },
  );
}
