// The ollama provider against the Ollama stand-in (NDJSON), and model listing and health for both
// kinds of server, as real processes on real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors';
import { ask } from '../../src/core/llm/ask';
import { ModelServerError } from '../../src/core/llm/modelServerError';
import { checkHealth, listModels } from '../../src/core/llm/models';
import { type StandIn, startStandIn } from '../fixtures/standIns';

let server: StandIn | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelServerError);
  return error as ModelServerError;
};

describe('ask() with the ollama provider', () => {
  it('streams /api/chat NDJSON into deltas with usage from the last line', async () => {
    server = await startStandIn('ollama', { env: { FAKE_OLLAMA_TOKEN_DELAY_MS: '5' } });
    const stream = ask({
      provider: 'ollama',
      baseUrl: server.baseUrl,
      model: 'llama3.2',
      systemPrompt: 'sys',
      question: '仕訳は?',
    });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    const result = await stream.result;
    expect(result.text).toBe('Ollama llama3.2 answers: 仕訳は?');
    expect(deltas.join('')).toBe(result.text);
    expect(deltas.length).toBe(4);
    expect(result).toMatchObject({
      model: 'llama3.2',
      finishReason: 'stop',
      usage: { promptTokens: 6, completionTokens: 4 },
    });
  });

  it('passes maxTokens as num_predict', async () => {
    server = await startStandIn('ollama');
    const result = await ask({
      provider: 'ollama',
      baseUrl: server.baseUrl,
      model: 'llama3.2',
      question: 'q',
      maxTokens: 2,
    }).result;
    expect(result).toMatchObject({ text: 'Ollama llama3.2 ', finishReason: 'length' });
  });

  it('reports an unknown model with Ollama’s own message', async () => {
    server = await startStandIn('ollama');
    const error = await failure(
      ask({ provider: 'ollama', baseUrl: server.baseUrl, model: 'qwen3', question: 'q' }).result,
    );
    expect(error).toMatchObject({
      reason: 'server_error',
      status: 404,
      serverMessage: 'model "qwen3" not found, try pulling it first',
    });
  });

  it('turns an error line mid-stream into server_error', async () => {
    server = await startStandIn('ollama', {
      env: { FAKE_OLLAMA_ERROR_MID_STREAM: 'llama runner process has terminated' },
    });
    const error = await failure(
      ask({ provider: 'ollama', baseUrl: server.baseUrl, model: 'llama3.2', question: 'q' }).result,
    );
    expect(error).toMatchObject({
      reason: 'server_error',
      serverMessage: 'llama runner process has terminated',
    });
  });

  it('treats a crash before the done line as an error, not a shorter answer', async () => {
    server = await startStandIn('ollama', { env: { FAKE_OLLAMA_CRASH_MID_STREAM: '1' } });
    const error = await failure(
      ask({ provider: 'ollama', baseUrl: server.baseUrl, model: 'llama3.2', question: 'q' }).result,
    );
    expect(error.reason).toBe('bad_response');
  });

  it('refuses a per-request adapter, which Ollama cannot load', async () => {
    server = await startStandIn('ollama');
    const error = await ask({
      provider: 'ollama',
      baseUrl: server.baseUrl,
      model: 'llama3.2',
      adapterPath: '/a',
      question: 'q',
    }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'adapter_unsupported' });
    expect(server.lines.some((line) => line.includes('/api/chat'))).toBe(false);
  });
});

describe('listModels and checkHealth', () => {
  it('lists Ollama models from /api/tags with their size and quantisation', async () => {
    server = await startStandIn('ollama', { env: { FAKE_OLLAMA_MODELS: 'llama3.2:latest,qwen3:8b' } });
    const models = await listModels({ provider: 'ollama', baseUrl: server.baseUrl });
    expect(models.map((model) => model.id)).toEqual(['llama3.2:latest', 'qwen3:8b']);
    expect(models[0]!.details).toEqual({
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
      sizeBytes: 2_019_393_189,
    });
    await expect(checkHealth({ provider: 'ollama', baseUrl: server.baseUrl })).resolves.toMatchObject({
      live: true,
    });
  });

  it('lists the MLX server’s models from /v1/models and checks /health, with or without /v1 in the base URL', async () => {
    server = await startStandIn('mlx', { args: ['--model', 'mlx-community/Qwen3-4B'] });
    for (const baseUrl of [server.baseUrl, `${server.baseUrl}/v1`]) {
      expect(await listModels({ provider: 'openai', baseUrl })).toEqual([{ id: 'mlx-community/Qwen3-4B' }]);
      await expect(checkHealth({ provider: 'openai', baseUrl })).resolves.toMatchObject({ live: true });
    }
  });

  it('reports a stopped server as unreachable and a hung one as a timeout', async () => {
    server = await startStandIn('mlx');
    const { baseUrl } = server;
    await server.stop();
    expect((await failure(checkHealth({ provider: 'openai', baseUrl }))).reason).toBe('unreachable');
    expect((await failure(listModels({ provider: 'ollama', baseUrl }))).reason).toBe('unreachable');

    server = await startStandIn('mlx', { env: { FAKE_MLX_HANG: '1' } });
    expect(
      (await failure(checkHealth({ provider: 'openai', baseUrl: server.baseUrl, timeoutMs: 300 }))).reason,
    ).toBe('timeout');
  });
});
