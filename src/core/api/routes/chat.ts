// POST /chat (design §4.3): one question to the session's model; the log is written only once the whole
// answer has arrived. `"stream": true` answers with Server-Sent Events (extension). A client that goes
// away cancels the model request, and nothing is written.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod';
import { TEXT_LIMITS } from '../../../protocol/limits';
import { batchedAnswerRecorder } from '../../domain/answerRecords';
import { type AnswerInProgress, askInSession } from '../../domain/answers';
import { idSchema, requiredText } from '../../domain/codes';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, toHttpFailure } from '../httpErrors';
import { chatAnswerSchema, iso, json, jsonBody } from '../schemas';

const chatBodySchema = z
  .strictObject({
    session_id: idSchema,
    question: requiredText(TEXT_LIMITS.question),
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
  const recorder = batchedAnswerRecorder(db);
  app.openapi(chatRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = await askInSession(db, models, {
      sessionId: body.session_id,
      question: body.question,
      scope: { userId: c.get('user').id },
      signal: c.req.raw.signal,
      recorder,
    });
    if (!body.stream) {
      const { log } = await answer.record();
      return c.json({ log_id: log.id, answer: log.answer, timestamp: iso(log.timestamp) }, 201);
    }
    return streamAnswer(c, answer) as unknown as ReturnType<
      typeof c.json<z.infer<typeof chatAnswerSchema>, 201>
    >;
  });
}

async function streamAnswer(c: Context<ApiEnv>, answer: AnswerInProgress): Promise<Response> {
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
      const { log } = await answer.record();
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
