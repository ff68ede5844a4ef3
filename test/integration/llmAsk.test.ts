// ask() against the mlx_lm.server stand-in, a real process on a real socket: the answer, and every
// failure the client must turn into a typed error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../src/core/errors';
import { type AskStream, ask, askerWith } from '../../src/core/llm/ask';
import { ModelServerError } from '../../src/core/llm/modelServerError';
import { type StandIn, startStandIn } from '../fixtures/standIns';

let server: StandIn | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function drain(stream: AskStream): Promise<{ deltas: string[]; error?: unknown }> {
  const deltas: string[] = [];
  try {
    for await (const delta of stream) deltas.push(delta);
    return { deltas };
  } catch (error) {
    return { deltas, error };
  }
}

async function failure(promise: Promise<unknown>): Promise<ModelServerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelServerError);
  return error as ModelServerError;
}

describe('ask() with the openai provider against mlx_lm.server', () => {
  it('streams the answer in deltas, sends only [system, user], and reflects model and adapters', async () => {
    server = await startStandIn('mlx', { args: ['--model', 'base-model'] });
    const stream = ask({
      provider: 'openai',
      baseUrl: server.baseUrl,
      model: 'mlx-community/Qwen3-4B',
      adapterPath: '/adapters/v2',
      systemPrompt: 'You are an accountant.',
      question: '消費税の計算は?',
    });
    const { deltas, error } = await drain(stream);
    expect(error).toBeUndefined();
    const result = await stream.result;
    expect(deltas.length).toBeGreaterThan(3);
    expect(result.text).toBe(deltas.join(''));
    expect(result.text).toBe(
      'Answer from model=mlx-community/Qwen3-4B adapters=/adapters/v2 roles=system,user to: 消費税の計算は?',
    );
    expect(result.model).toBe('mlx-community/Qwen3-4B');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: deltas.length });
    expect(result.timings.firstTokenMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.firstTokenMs!);
  });

  it('omits an empty system prompt and accepts a base URL ending in /v1', async () => {
    server = await startStandIn('mlx');
    const stream = ask({
      provider: 'openai',
      baseUrl: `${server.baseUrl}/v1/`,
      model: 'm',
      systemPrompt: ' ',
      question: 'q',
    });
    expect((await stream.result).text).toBe('Answer from model=m adapters=none roles=user to: q');
  });

  it('settles result without anyone iterating, and stops at max_tokens with finish reason length', async () => {
    server = await startStandIn('mlx');
    const result = await ask({
      provider: 'openai',
      baseUrl: server.baseUrl,
      model: 'm',
      question: 'q',
      maxTokens: 3,
    }).result;
    expect(result.text).toBe('Answer from model=m ');
    expect(result.finishReason).toBe('length');
  });

  it('turns HTTP 500 with a JSON error into server_error carrying the server message', async () => {
    server = await startStandIn('mlx', {
      env: { FAKE_MLX_HTTP_500: '[metal::malloc] Resource limit exceeded' },
    });
    const error = await failure(
      ask({ provider: 'openai', baseUrl: server.baseUrl, model: 'm', question: 'q' }).result,
    );
    expect(error.reason).toBe('server_error');
    expect(error.status).toBe(500);
    expect(error.serverMessage).toBe('[metal::malloc] Resource limit exceeded');
    expect(error.message).toContain('[metal::malloc] Resource limit exceeded');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe('unavailable');
    expect(error.code).toBe('model_server_server_error');
  });

  it('reports a closed port as unreachable', async () => {
    server = await startStandIn('mlx');
    const { baseUrl } = server;
    await server.stop();
    const error = await failure(ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' }).result);
    expect(error.reason).toBe('unreachable');
  });

  it('times out when the first token is slow, and closes the connection', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_FIRST_TOKEN_DELAY_MS: '5000' } });
    const stream = ask({
      provider: 'openai',
      baseUrl: server.baseUrl,
      model: 'm',
      question: 'q',
      timeouts: { firstTokenMs: 300 },
    });
    const error = await failure(stream.result);
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/no first token/);
    await server.waitForLine(/client closed the connection mid-answer/);
  });

  it('times out when the server goes silent between tokens', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_TOKEN_DELAY_MS: '3000' } });
    const stream = ask({
      provider: 'openai',
      baseUrl: server.baseUrl,
      model: 'm',
      question: 'q',
      timeouts: { idleMs: 300 },
    });
    const { deltas, error } = await drain(stream);
    expect(deltas).toEqual(['Answer ']);
    expect((error as ModelServerError).reason).toBe('timeout');
  });

  it('waits through slow tokens within the limits', async () => {
    server = await startStandIn('mlx', {
      env: { FAKE_MLX_TOKEN_DELAY_MS: '20', FAKE_MLX_FIRST_TOKEN_DELAY_MS: '100' },
    });
    const result = await ask({ provider: 'openai', baseUrl: server.baseUrl, model: 'm', question: 'q' })
      .result;
    expect(result.text).toBe('Answer from model=m adapters=none roles=user to: q');
    expect(result.timings.firstTokenMs).toBeGreaterThanOrEqual(100);
  });

  it('treats a crash mid-stream as an error, never as a shorter answer', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_CRASH_MID_STREAM: '1' } });
    const stream = ask({ provider: 'openai', baseUrl: server.baseUrl, model: 'm', question: 'q' });
    const { deltas, error } = await drain(stream);
    expect(deltas).toEqual(['Answer ', 'from ']);
    expect((error as ModelServerError).reason).toBe('bad_response');
    expect((error as ModelServerError).message).toMatch(/before the end of the answer/);
    await expect(stream.result).rejects.toBe(error);
  });

  it('rejects malformed SSE as a bad response', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_MALFORMED_SSE: '1' } });
    const error = await failure(
      ask({ provider: 'openai', baseUrl: server.baseUrl, model: 'm', question: 'q' }).result,
    );
    expect(error.reason).toBe('bad_response');
    expect(error.message).toMatch(/not JSON/);
  });

  it('times out against a server that hangs, and against a wedged one whose health still answers', async () => {
    for (const env of [{ FAKE_MLX_HANG: '1' }, { FAKE_MLX_WEDGED: '1' }] as Record<string, string>[]) {
      server = await startStandIn('mlx', { env });
      const started = performance.now();
      const error = await failure(
        ask({
          provider: 'openai',
          baseUrl: server.baseUrl,
          model: 'm',
          question: 'q',
          timeouts: { firstTokenMs: 300 },
        }).result,
      );
      expect(error.reason).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(5_000);
      await server.stop();
    }
  });

  it('cancels mid-stream through the AbortSignal and closes the socket', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_TOKEN_DELAY_MS: '200' } });
    const controller = new AbortController();
    const stream = ask({
      provider: 'openai',
      baseUrl: server.baseUrl,
      model: 'm',
      question: 'q',
      signal: controller.signal,
    });
    const deltas: string[] = [];
    const error = await (async () => {
      try {
        for await (const delta of stream) {
          deltas.push(delta);
          controller.abort();
        }
      } catch (caught) {
        return caught;
      }
    })();
    expect(deltas).toEqual(['Answer ']);
    expect((error as ModelServerError).reason).toBe('cancelled');
    expect((await failure(stream.result)).reason).toBe('cancelled');
    await server.waitForLine(/client closed the connection mid-answer/);
  });

  it('cancels when the reader leaves the loop early', async () => {
    server = await startStandIn('mlx', { env: { FAKE_MLX_TOKEN_DELAY_MS: '200' } });
    const stream = ask({ provider: 'openai', baseUrl: server.baseUrl, model: 'm', question: 'q' });
    for await (const delta of stream) {
      expect(delta).toBe('Answer ');
      break;
    }
    expect((await failure(stream.result)).reason).toBe('cancelled');
    await server.waitForLine(/client closed the connection mid-answer/);
  });

  it('refuses a signal that is already aborted without sending anything', async () => {
    server = await startStandIn('mlx');
    const error = await failure(
      ask({
        provider: 'openai',
        baseUrl: server.baseUrl,
        model: 'm',
        question: 'q',
        signal: AbortSignal.abort(),
      }).result,
    );
    expect(error.reason).toBe('cancelled');
    expect(server.lines.some((line) => line.includes('POST'))).toBe(false);
  });

  it('rejects invalid options as an invalid DomainError', async () => {
    const error = await ask({
      provider: 'openai',
      baseUrl: 'not a url',
      model: '',
      question: 'q',
    }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).message).toMatch(/baseUrl/);
  });

  it('askerWith: the settings are checked once, each question on its own; both as invalid DomainErrors', async () => {
    server = await startStandIn('mlx', { args: ['--model', 'base-model'] });
    const invalid = async (stream: AskStream) => {
      const error = await stream.result.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      return (error as DomainError).message;
    };
    const badSettings = askerWith({ provider: 'openai', baseUrl: 'ftp://example' });
    expect(await invalid(badSettings({ model: 'm', question: 'q' }))).toMatch(/baseUrl/);
    expect(await invalid(badSettings({ model: 'm', question: 'q' }))).toMatch(/baseUrl/);

    const asker = askerWith({ provider: 'openai', baseUrl: server.baseUrl, maxTokens: 3 });
    expect(await invalid(asker({ model: '', question: 'q' }))).toMatch(/model/);
    expect(await invalid(asker({ model: 'm', question: '' }))).toMatch(/question/);
    // A valid question after invalid ones is asked with the settings (max_tokens 3: three tokens).
    const answered = await asker({ model: 'base-model', question: 'こんにちは' }).result;
    expect(answered.finishReason).toBe('length');
    expect(answered.usage?.completionTokens).toBe(3);
    // Only the valid question reached the server (its log line follows the answer).
    await vi.waitFor(() => expect(server?.lines.filter((line) => line.includes('POST')).length).toBe(1));
  });
});
