// ask(): one question to one model, one-shot. Streams text deltas as they arrive and settles `result`
// with the whole text, usage and timings. Time limits and cancellation abort the request, which
// closes its socket.
import type { Dispatcher } from 'undici';
import * as z from 'zod';
import { parseInput } from '../errors';
import { DeltaQueue } from './deltaQueue';
import { defaultModelServerAgent } from './http';
import { ModelServerError } from './modelServerError';
import { streamOllamaChat } from './ollamaProvider';
import { streamOpenAiChat } from './openaiProvider';
import type { Usage } from './provider';

export const providerSchema = z.enum(['openai', 'ollama']);
export type Provider = z.infer<typeof providerSchema>;

export interface AskTimeouts {
  /** From sending the question to the first text delta (a model load counts: minutes on a first load). */
  firstTokenMs: number;
  /** Longest silence between two pieces of the answer; the server's keep-alives count as activity. */
  idleMs: number;
  /** The whole answer; 0 = no limit. */
  totalMs: number;
}

export const defaultAskTimeouts: AskTimeouts = { firstTokenMs: 300_000, idleMs: 60_000, totalMs: 0 };

// Where and how questions are asked: the same for every question of a session, a panel or a server.
const askSettingsSchema = z.object({
  provider: providerSchema,
  baseUrl: z
    .string()
    .refine((url) => /^https?:\/\//i.test(url) && URL.canParse(url), 'must be an http(s) URL'),
  maxTokens: z.int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  timeouts: z
    .object({
      firstTokenMs: z.int().positive().optional(),
      idleMs: z.int().positive().optional(),
      totalMs: z.int().min(0).optional(),
    })
    .optional(),
});

const askQuestionSchema = z.object({
  model: z.string().min(1),
  adapterPath: z.string().min(1).optional(),
  systemPrompt: z.string().optional(),
  question: z.string().min(1),
});

const askInputSchema = askSettingsSchema.extend(askQuestionSchema.shape);
type AskInput = z.output<typeof askInputSchema>;

export type AskSettings = z.input<typeof askSettingsSchema> & {
  /** The HTTP pool; defaults to the process's shared model-server agent. */
  dispatcher?: Dispatcher;
};
export type AskQuestion = z.input<typeof askQuestionSchema> & { signal?: AbortSignal };
export type AskOptions = AskSettings & AskQuestion;
export type Asker = (question: AskQuestion) => AskStream;

export interface AskResult {
  text: string;
  /** The model the server says answered (falls back to the one asked for). */
  model: string;
  finishReason?: string;
  usage?: Usage;
  timings: {
    /** From the call to the first non-empty delta; null when the answer was empty. */
    firstTokenMs: number | null;
    totalMs: number;
  };
}

export interface AskStream extends AsyncIterable<string> {
  /** Settles when the answer is complete; rejects with a ModelServerError (or DomainError for bad input). */
  readonly result: Promise<AskResult>;
  /** Stops the answer and closes its connection; `result` rejects with reason `cancelled`. */
  cancel(): void;
}

export function ask(options: AskOptions): AskStream {
  return startAsk(options, () => parseInput(askInputSchema, options));
}

/**
 * ask() for the questions of one asker (a server, a panel): the settings are checked on the first
 * question, each question's own fields on every one. Checking the whole options on every question was
 * a share of what POST /chat spends over bench:api's floor (~50 µs a question).
 */
export function askerWith(settings: AskSettings): Asker {
  let checked: z.output<typeof askSettingsSchema> | undefined;
  return (question) => {
    const options = { ...settings, ...question };
    return startAsk(options, () => {
      checked ??= parseInput(askSettingsSchema, settings);
      return { ...checked, ...parseInput(askQuestionSchema, question) };
    });
  };
}

/** Asks with `options` once `check` (run inside, so that its error rejects `result`) has accepted them. */
function startAsk(options: AskOptions, check: () => AskInput): AskStream {
  const started = performance.now();
  const controller = new AbortController();
  const queue = new DeltaQueue();
  const cleanups: (() => void)[] = [];
  const abort = (error: ModelServerError) => {
    if (!controller.signal.aborted) controller.abort(error);
  };

  const result = (async (): Promise<AskResult> => {
    const input = check();
    const timeouts = { ...defaultAskTimeouts, ...input.timeouts };
    const url = input.baseUrl;
    const cancelled = () => new ModelServerError('cancelled', 'The question was cancelled.', { url });
    if (options.signal?.aborted) throw cancelled();
    if (options.signal) {
      const onAbort = () => abort(cancelled());
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
    }
    const firstTokenTimer = setTimeout(
      () =>
        abort(
          new ModelServerError(
            'timeout',
            `The model server at ${url} sent no first token within ${Math.round(timeouts.firstTokenMs / 1000)} s.`,
            { url, timeout: 'first_token' },
          ),
        ),
      timeouts.firstTokenMs,
    );
    cleanups.push(() => clearTimeout(firstTokenTimer));
    if (timeouts.totalMs > 0) {
      const totalTimer = setTimeout(
        () =>
          abort(
            new ModelServerError(
              'timeout',
              `The model server at ${url} did not finish within ${Math.round(timeouts.totalMs / 1000)} s.`,
              { url, timeout: 'total' },
            ),
          ),
        timeouts.totalMs,
      );
      cleanups.push(() => clearTimeout(totalTimer));
    }

    const stream = (input.provider === 'ollama' ? streamOllamaChat : streamOpenAiChat)(input, {
      dispatcher: options.dispatcher ?? defaultModelServerAgent(),
      signal: controller.signal,
      idleMs: timeouts.idleMs,
    });
    let text = '';
    let firstTokenMs: number | null = null;
    while (true) {
      const step = await stream.next();
      if (controller.signal.aborted) {
        await stream.return(undefined as never);
        throw controller.signal.reason;
      }
      if (step.done) {
        return {
          text,
          model: step.value.model ?? input.model,
          finishReason: step.value.finishReason,
          usage: step.value.usage,
          timings: { firstTokenMs, totalMs: performance.now() - started },
        };
      }
      if (firstTokenMs === null) {
        firstTokenMs = performance.now() - started;
        clearTimeout(firstTokenTimer);
      }
      text += step.value;
      queue.push(step.value);
    }
  })().finally(() => {
    for (const cleanup of cleanups) cleanup();
  });

  result.then(
    () => queue.end(),
    (error: unknown) => queue.fail(error),
  );

  return {
    result,
    cancel: () =>
      abort(new ModelServerError('cancelled', 'The question was cancelled.', { url: options.baseUrl })),
    [Symbol.asyncIterator]: () =>
      queue.iterator(() =>
        abort(new ModelServerError('cancelled', 'The question was cancelled.', { url: options.baseUrl })),
      ),
  };
}
