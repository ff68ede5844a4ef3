// Ollama's native chat API: POST /api/chat answers NDJSON, one object per line, the last with
// `done: true` and the token counts; a failure mid-answer arrives as an `{"error": ...}` line.
import * as z from 'zod';
import { DomainError } from '../errors';
import { httpStatusError, readText, serverRoot, toModelServerError } from './http';
import { ModelServerError } from './modelServerError';
import { ndjsonLines } from './ndjson';
import {
  type ChatQuestion,
  type Completion,
  oneShotMessages,
  type ProviderStream,
  type StreamContext,
} from './provider';
import { type StreamedResponse, streamedRequest } from './streamedRequest';

const lineSchema = z.object({
  model: z.string().optional(),
  message: z.object({ content: z.string().nullish() }).nullish(),
  done: z.boolean().optional(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  error: z.string().nullish(),
});

export async function* streamOllamaChat(question: ChatQuestion, context: StreamContext): ProviderStream {
  if (question.adapterPath !== undefined) {
    // Ollama bakes an adapter into a model of its own (Modelfile `ADAPTER`); it cannot take one per request.
    throw new DomainError(
      'invalid',
      'Ollama cannot load a LoRA adapter per request: create an Ollama model with ADAPTER in its Modelfile and register that model name.',
      'adapter_unsupported',
    );
  }
  const url = `${serverRoot(question.baseUrl)}/api/chat`;
  const options: Record<string, number> = {};
  if (question.maxTokens !== undefined) options.num_predict = question.maxTokens;
  if (question.temperature !== undefined) options.temperature = question.temperature;
  let response: StreamedResponse;
  try {
    response = await streamedRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: question.model,
        messages: oneShotMessages(question),
        stream: true,
        options,
      }),
      dispatcher: context.dispatcher,
      signal: context.signal,
      headersTimeout: 0,
      bodyTimeout: context.idleMs,
    });
  } catch (error) {
    throw toModelServerError(error, url, context.signal, false);
  }
  try {
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw httpStatusError(response.statusCode, await readText(response.body), url);
    }
    let completion: Completion | undefined;
    for await (const text of ndjsonLines(response.body)) {
      // Read on to the body's end after the done line: leaving early would abort the request.
      if (completion) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ModelServerError(
          'bad_response',
          `Ollama sent a line that is not JSON: ${text.slice(0, 200)}`,
          { url },
        );
      }
      const parsed = lineSchema.safeParse(json);
      if (!parsed.success) {
        throw new ModelServerError('bad_response', `Ollama sent an unexpected line: ${text.slice(0, 200)}`, {
          url,
        });
      }
      const line = parsed.data;
      if (line.error) {
        throw new ModelServerError('server_error', `Ollama failed mid-answer: ${line.error}`, {
          serverMessage: line.error,
          url,
        });
      }
      const delta = line.message?.content;
      if (delta) yield delta;
      if (line.done) {
        completion = {
          model: line.model,
          finishReason: line.done_reason ?? undefined,
          usage:
            line.prompt_eval_count != null && line.eval_count != null
              ? { promptTokens: line.prompt_eval_count, completionTokens: line.eval_count }
              : undefined,
        };
      }
    }
    if (completion) return completion;
  } catch (error) {
    throw toModelServerError(error, url, context.signal, true);
  } finally {
    // Only a body left unread (an error, a cancellation) is cancelled, which closes its socket.
    response.cancel();
  }
  throw new ModelServerError('bad_response', 'Ollama closed the connection before the end of the answer.', {
    url,
  });
}
