// POST /chat against the stand-in model server: the answer is logged only once complete; streaming;
// model-server failures as 502/503/504; a client that leaves cancels the question; nothing half-written.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { registerModel } from '../../../src/core/domain/models';
import { endSession, startSession } from '../../../src/core/domain/sessions';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';
import { startTestApi, type TestApi } from './apiHarness';
import { waitFor } from './waitFor';

const standIns: Record<'ok' | 'slow' | 'failing' | 'silent' | 'gone', StandIn | undefined> = {
  ok: undefined,
  slow: undefined,
  failing: undefined,
  silent: undefined,
  gone: undefined,
};
beforeAll(async () => {
  [standIns.ok, standIns.slow, standIns.failing, standIns.silent, standIns.gone] = await Promise.all([
    startStandIn('mlx'),
    startStandIn('mlx', { args: ['--fake-token-delay-ms=300'] }),
    startStandIn('mlx', { args: ['--fake-http-500=out of memory'] }),
    startStandIn('mlx', { args: ['--fake-first-token-delay-ms=20000'] }),
    startStandIn('mlx'),
  ]);
  await standIns.gone!.stop();
});
afterAll(async () => {
  await Promise.all(Object.values(standIns).map((s) => s?.stop()));
});

describeEachDatabase('POST /chat', (get) => {
  const apis: TestApi[] = [];
  const apiFor = async (which: keyof typeof standIns) => {
    const api = await startTestApi(get().db, { baseUrl: standIns[which]!.baseUrl, firstTokenMs: 1_500 });
    apis.push(api);
    return api;
  };
  let api: TestApi;
  beforeAll(async () => {
    api = await apiFor('ok');
  });
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.close()));
  });
  let seeded: Awaited<ReturnType<typeof seedSession>>;
  beforeEach(async () => {
    seeded = await seedSession(get().db, { username: 'alice' });
  });
  const logCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversation_logs`.execute(get().db)).rows[0]!.n;

  it('asks the session’s model and logs the whole answer (201 {log_id, answer, timestamp})', async () => {
    const response = await api.call('POST', '/chat', {
      key: seeded.apiKey,
      body: { session_id: seeded.session.id, question: '減価償却とは何ですか？' },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['answer', 'log_id', 'timestamp']);
    expect(response.body.answer).toBe(
      'Answer from model=qwen2.5:14b adapters=none roles=system,user to: 減価償却とは何ですか？',
    );
    expect(response.body.timestamp).toMatch(/Z$/);
    const log = await api.call('GET', `/logs/${response.body.log_id}`, { key: seeded.apiKey });
    expect(log.body).toMatchObject({
      session_id: seeded.session.id,
      question: '減価償却とは何ですか？',
      answer: response.body.answer,
      evaluation: 1,
      evaluated_at: null,
      status: 1,
    });
    expect(log.body.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('sends the model row’s adapter path, and uses the row’s provider', async () => {
    const tuned = await registerModel(get().db, {
      model_name: 'mlx-community/Qwen2.5-7B',
      version: 2,
      adapter_path: '/adapters/v2',
      provider: 'mlx',
    });
    const session = await startSession(get().db, {
      user_id: seeded.user.id,
      poc_id: seeded.poc.id,
      model_id: tuned.id,
    });
    const response = await api.call('POST', '/chat', {
      key: seeded.apiKey,
      body: { session_id: session.id, question: 'q' },
    });
    expect(response.status).toBe(201);
    expect(response.body.answer).toContain('model=mlx-community/Qwen2.5-7B adapters=/adapters/v2');
  });

  it('streams delta events, then a done event with the log id', async () => {
    const response = await api.call('POST', '/chat', {
      key: seeded.apiKey,
      body: { session_id: seeded.session.id, question: 'stream me', stream: true },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(response.body);
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(2);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    const final = JSON.parse(done.data);
    expect(deltas.map((d) => JSON.parse(d.data).text).join('')).toBe(final.answer);
    expect(final.answer).toContain('to: stream me');
    const log = await api.call('GET', `/logs/${final.log_id}`, { key: seeded.apiKey });
    expect(log.body.answer).toBe(final.answer);
  });

  it('refuses an ended session (409), another user’s session (404), bad bodies (422/400), writing nothing', async () => {
    const key = seeded.apiKey;
    const other = await seedSession(get().db, { username: 'bob' });
    expect(
      await api.call('POST', '/chat', { key, body: { session_id: other.session.id, question: 'q' } }),
    ).toMatchObject({
      status: 404,
      body: { code: 'session_not_found' },
    });
    for (const body of [
      { session_id: seeded.session.id, question: '' },
      { session_id: seeded.session.id, question: '   ' },
      { session_id: seeded.session.id },
      { session_id: seeded.session.id, question: 'q', history: [] },
      { session_id: seeded.session.id, question: 'q', stream: 'yes' },
    ]) {
      expect((await api.call('POST', '/chat', { key, body })).status, JSON.stringify(body)).toBe(422);
    }
    expect((await api.call('POST', '/chat', { key, rawBody: '{"session_id":' })).status).toBe(400);
    await endSession(get().db, seeded.session.id);
    for (const stream of [false, true]) {
      const ended = await api.call('POST', '/chat', {
        key,
        body: { session_id: seeded.session.id, question: 'q', stream },
      });
      expect(ended).toMatchObject({ status: 409, body: { code: 'session_ended' } });
      expect(ended.body.detail).toMatch(/ended/);
    }
    expect(await logCount()).toBe(0);
  });

  it('maps a failing model server to 502, an unreachable one to 503, a silent one to 504, writing nothing', async () => {
    const cases: [keyof typeof standIns, number, string, RegExp][] = [
      ['failing', 502, 'model_server_server_error', /500|out of memory/],
      ['gone', 503, 'model_server_unreachable', /127\.0\.0\.1/],
      ['silent', 504, 'model_server_timeout', /first token/],
    ];
    for (const [which, status, code, detail] of cases) {
      const failing = await apiFor(which);
      for (const stream of [false, true]) {
        const response = await failing.call('POST', '/chat', {
          key: seeded.apiKey,
          body: { session_id: seeded.session.id, question: 'q', stream },
        });
        expect(response, `${which} stream=${stream}`).toMatchObject({ status, body: { code } });
        expect(response.body.detail).toMatch(detail);
      }
    }
    expect(await logCount()).toBe(0);
  });

  it('cancels the model request and writes nothing when the client disconnects', async () => {
    const slow = await apiFor('slow');
    for (const stream of [true, false]) {
      const controller = new AbortController();
      const before = slow.asked();
      const pending = fetch(`${slow.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': seeded.apiKey },
        body: JSON.stringify({ session_id: seeded.session.id, question: 'leave early', stream }),
        signal: controller.signal,
      });
      if (stream) {
        // Wait for the first streamed piece, then hang up.
        const reader = (await pending).body!.getReader();
        const first = await reader.read();
        expect(new TextDecoder().decode(first.value)).toContain('event: delta');
      } else {
        // The answer takes seconds: hang up once the question has reached the model.
        await waitFor(() => slow.asked() > before, 'the question to reach the model');
        pending.catch(() => {});
      }
      controller.abort();
      const outcome = await waitFor(() => slow.outcomes.at(-1), 'the model request to end');
      expect(outcome).toBe('model_server_cancelled');
      slow.outcomes.length = 0;
    }
    expect(await logCount()).toBe(0);
  });
});

function parseSse(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      return {
        event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message',
        data: lines
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n'),
      };
    });
}
