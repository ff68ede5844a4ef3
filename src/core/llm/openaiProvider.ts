// OpenAI-compatible chat completions with SSE streaming: mlx_lm.server, llama.cpp's llama-server,
// vLLM, LM Studio. mlx_lm.server also takes `adapters` (a LoRA adapter directory) per request.
import * as z from 'zod';
import { httpStatusError, openAiRoot, readText, serverMessageOf, toModelServerError } from './http';
import { ModelServerError } from './modelServerError';
import {
  type ChatQuestion,
  type Completion,
  oneShotMessages,
  type ProviderStream,
  type StreamContext,
} from './provider';
import { sseData } from './sse';
import { type StreamedResponse, streamedRequest } from './streamedRequest';

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number() });
const errorSchema = z.union([z.string(), z.object({ message: z.string() })]);
const chunkSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        message: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  error: errorSchema.nullish(),
});
type Chunk = z.infer<typeof chunkSchema>;

function chatBody(question: ChatQuestion): string {
  return JSON.stringify({
    model: question.model,
    messages: oneShotMessages(question),
    stream: true,
    stream_options: { include_usage: true },
    ...(question.maxTokens !== undefined && { max_tokens: question.maxTokens }),
    ...(question.temperature !== undefined && { temperature: question.temperature }),
    ...(question.adapterPath !== undefined && { adapters: question.adapterPath }),
  });
}

function parseChunk(data: string, url: string): Chunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ModelServerError(
      'bad_response',
      `The model server sent an event that is not JSON: ${data.slice(0, 200)}`,
      {
        url,
      },
    );
  }
  const parsed = chunkSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelServerError(
      'bad_response',
      `The model server sent an unexpected event: ${data.slice(0, 200)}`,
      {
        url,
      },
    );
  }
  if (parsed.data.error) {
    const serverMessage = serverMessageOf(JSON.stringify({ error: parsed.data.error }));
    throw new ModelServerError('server_error', `The model server failed mid-answer: ${serverMessage}`, {
      serverMessage,
      url,
    });
  }
  return parsed.data;
}

export async function* streamOpenAiChat(question: ChatQuestion, context: StreamContext): ProviderStream {
  const url = `${openAiRoot(question.baseUrl)}/chat/completions`;
  let response: StreamedResponse;
  try {
    response = await streamedRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: chatBody(question),
      dispatcher: context.dispatcher,
      signal: context.signal,
      headersTimeout: 0,
      bodyTimeout: context.idleMs,
    });
  } catch (error) {
    throw toModelServerError(error, url, context.signal, false);
  }

  const completion: Completion = {};
  let finished = false;
  try {
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw httpStatusError(response.statusCode, await readText(response.body), url);
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (contentType.includes('application/json')) {
      // A server that ignores `stream: true` answers one JSON completion.
      const chunk = parseChunk(await readText(response.body, 16 * 1024 * 1024), url);
      const choice = chunk.choices?.[0];
      const text = choice?.message?.content ?? choice?.delta?.content ?? '';
      if (text) yield text;
      return { model: chunk.model, finishReason: choice?.finish_reason ?? undefined, usage: usageOf(chunk) };
    }
    for await (const data of sseData(response.body)) {
      // Read on to the body's end after [DONE] (it follows at once): leaving early would abort the
      // request, costing an error object and the keep-alive socket.
      if (finished) continue;
      if (data === '[DONE]') {
        finished = true;
        continue;
      }
      const chunk = parseChunk(data, url);
      if (chunk.model) completion.model = chunk.model;
      const usage = usageOf(chunk);
      if (usage) completion.usage = usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const text = choice.delta?.content ?? choice.message?.content;
      if (text) yield text;
      if (choice.finish_reason) completion.finishReason = choice.finish_reason;
    }
  } catch (error) {
    throw toModelServerError(error, url, context.signal, true);
  } finally {
    // Only a body left unread (an error, a cancellation) is cancelled, which closes its socket.
    response.cancel();
  }
  // mlx_lm.server closes the connection after every answer, so only an end marker tells a finished
  // answer from a crash; a finish_reason counts, since servers send it just before [DONE].
  if (!finished && completion.finishReason === undefined) {
    throw new ModelServerError(
      'bad_response',
      'The model server closed the connection before the end of the answer.',
      {
        url,
      },
    );
  }
  return completion;
}

function usageOf(chunk: Chunk) {
  return chunk.usage
    ? { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens }
    : undefined;
}
