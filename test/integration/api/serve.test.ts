// `llamune-poc serve` as a real process: it supervises the stand-in MLX server through
// LLAMUNE_MLX_COMMAND, restarts it when it dies, and leaves nothing behind after SIGTERM.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { fakeMlxPath, type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { createTestDatabase, type TestDatabase, truncateAll } from '../../support/testDatabase';
import { processesWith, type ServeProcess, startServe } from './serveProcess';
import { waitFor } from './waitFor';

let database: TestDatabase & { dispose(): Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase('postgres');
});
afterAll(async () => {
  await database?.dispose();
});
const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  await truncateAll(database.db);
});

async function serve(env: Record<string, string | undefined>): Promise<ServeProcess> {
  const process = await startServe({ DATABASE_URL: database.url, ...env });
  started.push(process);
  return process;
}

async function chat(url: string, key: string, sessionId: number, body: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ session_id: sessionId, question: 'q', ...body }),
  });
  return { status: response.status, body: await response.text() };
}

it('supervises the MLX stand-in: a killed server is restarted and the next chat answered; SIGTERM leaves none', async () => {
  const marker = `--fake-instance=${randomUUID()}`;
  const server = await serve({
    LLAMUNE_MLX_COMMAND: fakeMlxPath,
    LLAMUNE_MLX_ARGS: `--log-level INFO ${marker}`,
  });
  const { apiKey, session } = await seedSession(database.db);
  const first = await chat(server.url, apiKey, session.id);
  expect(first.status).toBe(201);
  // The access log line follows the response.
  await server.waitForStderr(/POST \/chat 201 /);

  const [pid] = await waitFor(() => {
    const pids = processesWith(marker, 'node');
    return pids.length === 1 ? pids : undefined;
  }, 'the supervised stand-in');
  process.kill(pid!, 'SIGKILL');
  await server.waitForStderr(/exited unexpectedly/);
  const again = await chat(server.url, apiKey, session.id);
  expect(again.status, again.body).toBe(201);
  const restarted = processesWith(marker, 'node');
  expect(restarted).toHaveLength(1);
  expect(restarted[0]).not.toBe(pid);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.stderr.join('\n')).toMatch(/SIGTERM: stopping/);
  expect(processesWith(marker)).toEqual([]);
}, 90_000);

it('lets an answer in flight finish on SIGTERM, writing its log, then stops', async () => {
  const marker = `--fake-instance=${randomUUID()}`;
  const server = await serve({
    LLAMUNE_MLX_COMMAND: fakeMlxPath,
    LLAMUNE_MLX_ARGS: `--fake-token-delay-ms=150 ${marker}`,
  });
  const { apiKey, session } = await seedSession(database.db);
  const response = await fetch(`${server.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ session_id: session.id, question: 'long one', stream: true }),
  });
  const reader = response.body!.getReader();
  let text = new TextDecoder().decode((await reader.read()).value);
  expect(text).toContain('event: delta');
  server.child.kill('SIGTERM');
  await server.waitForStderr(/SIGTERM: stopping/);
  for (let step = await reader.read(); !step.done; step = await reader.read())
    text += new TextDecoder().decode(step.value);
  expect(text).toMatch(/event: done\ndata: \{"log_id":\d+/);
  expect(await server.exited).toBe(0);
  const logs = await database.db.selectFrom('conversation_logs').select('question').execute();
  expect(logs).toEqual([{ question: 'long one' }]);
  expect(processesWith(marker)).toEqual([]);
}, 90_000);

it('serves a configured OpenAI-compatible base URL, migrating on start', async () => {
  const standIn: StandIn = await startStandIn('mlx');
  started.push(standIn);
  const server = await serve({ LLAMUNE_LLM_BASE_URL: standIn.baseUrl, LLAMUNE_LLM_PROVIDER: 'openai' });
  expect(server.stderr.join('\n')).toContain(`openai at ${standIn.baseUrl}`);
  const { apiKey, session } = await seedSession(database.db);
  expect((await chat(server.url, apiKey, session.id)).status).toBe(201);
});

// On macOS arm64 the default `mlx_lm.server` is supervised instead.
const defaultMlx = process.platform === 'darwin' && process.arch === 'arm64';
it.runIf(!defaultMlx)(
  'without a model server, chat fails with 503 saying what to set, and nothing is written',
  async () => {
    const server = await serve({ LLAMUNE_LLM_BASE_URL: undefined, LLAMUNE_MLX_COMMAND: undefined });
    const { apiKey, session } = await seedSession(database.db);
    const failed = await chat(server.url, apiKey, session.id);
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.body)).toMatchObject({ code: 'model_server_not_configured' });
    expect(failed.body).toMatch(/LLAMUNE_LLM_BASE_URL.*LLAMUNE_MLX_COMMAND/);
    expect(await database.db.selectFrom('conversation_logs').select('id').execute()).toEqual([]);
  },
);

it('refuses a bad port or provider as a usage error (exit 2)', async () => {
  await expect(startServe({ DATABASE_URL: database.url }, ['--port', '70000'])).rejects.toThrow(
    /exited \(2\)[\s\S]*--port/,
  );
  await expect(startServe({ DATABASE_URL: database.url, LLAMUNE_LLM_PROVIDER: 'vllm' })).rejects.toThrow(
    /exited \(2\)[\s\S]*LLAMUNE_LLM_PROVIDER/,
  );
});
