// Every REST endpoint but POST /chat: success, auth, validation, ownership; nothing written on errors.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { evaluateLog } from '../../../src/core/domain/logs';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedLog, seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';
import { startTestApi, type TestApi } from './apiHarness';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(async () => {
  await standIn?.stop();
});

const isoZ = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describeEachDatabase('REST API endpoints', (get) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(get().db, { baseUrl: standIn.baseUrl, bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await api?.close();
  });
  let seeded: Awaited<ReturnType<typeof seedSession>>;
  beforeEach(async () => {
    seeded = await seedSession(get().db, { username: 'alice' });
  });
  const count = async (table: 'sessions' | 'conversation_logs' | 'models' | 'poc') =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(get().db))
        .rows[0]!.n,
    );

  it('answers /health and /openapi.json without a key; the document lists every endpoint', async () => {
    expect(await api.call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const { status, body } = await api.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/chat',
        '/health',
        '/logs',
        '/logs/{id}',
        '/models',
        '/pocs',
        '/pocs/{id}/guidelines',
        '/reviews/assignments',
        '/reviews/disagreements',
        '/reviews/logs/{id}',
        '/reviews/logs/{id}/resolution',
        '/reviews/queue',
        '/reviews/stats',
        '/sessions',
        '/sessions/{id}',
        '/sessions/{id}/end',
      ].sort(),
    );
    expect(Object.keys(body.paths['/logs/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
    expect(body.components.securitySchemes.ApiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    expect(body.components.schemas.EvaluateLog.additionalProperties).toBe(false);
    // Bodies are checked by jsonBodies.ts, not zod-openapi, and still documented, params beside them.
    expect(body.paths['/chat'].post.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatRequest' } } },
    });
    expect(body.paths['/logs/{id}'].put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/EvaluateLog',
    });
    expect(body.paths['/logs/{id}'].put.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(body.components.schemas.EvaluateLog.description).toMatch(/evaluation 1 they are rejected/);
  });

  it('refuses every protected endpoint without a key or with a wrong one (401), writing nothing', async () => {
    const calls: [string, string, unknown?][] = [
      ['POST', '/sessions', { poc_id: seeded.poc.id, model_id: seeded.model.id }],
      ['GET', `/sessions/${seeded.session.id}`],
      ['PUT', `/sessions/${seeded.session.id}/end`],
      ['POST', '/chat', { session_id: seeded.session.id, question: 'q' }],
      ['GET', '/logs'],
      ['GET', '/logs/1'],
      ['PUT', '/logs/1', { evaluation: 1 }],
      ['GET', '/models'],
      ['POST', '/models', { model_name: 'm' }],
      ['GET', '/pocs'],
      ['POST', '/pocs', { name: 'n', domain: 'd' }],
    ];
    for (const [method, path, body] of calls) {
      const missing = await api.call(method, path, { body });
      expect(missing, `${method} ${path}`).toMatchObject({ status: 401, body: { code: 'missing_api_key' } });
      expect(missing.body.detail).toMatch(/X-API-Key/);
      const wrong = await api.call(method, path, { body, key: 'llm_not-a-key' });
      expect(wrong, `${method} ${path}`).toMatchObject({ status: 401, body: { code: 'invalid_api_key' } });
    }
    expect(await count('sessions')).toBe(1);
    expect(await count('conversation_logs')).toBe(0);
    expect(await count('models')).toBe(1);
    expect(await count('poc')).toBe(1);
    const { rows } = await sql<{ ended_at: Date | null }>`SELECT ended_at FROM sessions`.execute(get().db);
    expect(rows[0]!.ended_at).toBeNull();
  });

  it('starts a session with the design’s fields (201), the PoC default prompt when none is given', async () => {
    const { key } = { key: seeded.apiKey };
    const started = await api.call('POST', '/sessions', {
      key,
      body: {
        poc_id: seeded.poc.id,
        model_id: seeded.model.id,
        system_prompt: 'あなたは会計の専門家です...',
      },
    });
    expect(started.status).toBe(201);
    expect(Object.keys(started.body).sort()).toEqual(['model_name', 'poc_name', 'session_id', 'started_at']);
    expect(started.body).toMatchObject({ poc_name: seeded.poc.name, model_name: 'qwen2.5:14b' });
    expect(started.body.started_at).toMatch(isoZ);
    const fallback = await api.call('POST', '/sessions', {
      key,
      body: { poc_id: seeded.poc.id, model_id: seeded.model.id },
    });
    const shown = await api.call('GET', `/sessions/${fallback.body.session_id}`, { key });
    expect(shown).toMatchObject({
      status: 200,
      body: {
        session_id: fallback.body.session_id,
        user_id: seeded.user.id,
        system_prompt: 'default prompt',
        ended_at: null,
      },
    });
  });

  it('rejects bad session requests with the right status and writes nothing', async () => {
    const key = seeded.apiKey;
    const cases: [unknown, number, string][] = [
      [{ poc_id: 999, model_id: seeded.model.id }, 404, 'poc_not_found'],
      [{ poc_id: seeded.poc.id, model_id: 999 }, 404, 'model_not_found'],
      [{ poc_id: seeded.poc.id, model_id: seeded.model.id, user_id: 5 }, 422, 'validation_failed'],
      [{ poc_id: 'one', model_id: seeded.model.id }, 422, 'validation_failed'],
      [{ model_id: seeded.model.id }, 422, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await api.call('POST', '/sessions', { key, body });
      expect(response, JSON.stringify(body)).toMatchObject({ status, body: { code } });
      expect(response.body.detail.length).toBeGreaterThan(5);
    }
    expect(await api.call('POST', '/sessions', { key, rawBody: '{"poc_id": 1,' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_json' },
    });
    expect(
      await api.call('POST', '/sessions', {
        key,
        body: { poc_id: seeded.poc.id, model_id: seeded.model.id, system_prompt: 'x'.repeat(70_000) },
      }),
    ).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(
      await api.call('POST', '/sessions', {
        key,
        rawBody: 'poc_id=1',
        headers: { 'content-type': 'text/plain' },
      }),
    ).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
    const noType = (rawBody: string) =>
      api.call('POST', '/sessions', { key, rawBody, headers: { 'content-type': '' } });
    expect(await noType('{"poc_id": 1}')).toMatchObject({
      status: 415,
      body: { code: 'unsupported_media_type' },
    });
    expect(await noType('')).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    expect(await count('sessions')).toBe(1);
    for (const contentType of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const started = await api.call('POST', '/sessions', {
        key,
        rawBody: JSON.stringify({ poc_id: seeded.poc.id, model_id: seeded.model.id }),
        headers: { 'content-type': contentType },
      });
      expect(started.status, contentType).toBe(201);
    }
    expect(await count('sessions')).toBe(3);
  });

  it('counts a chunked body (no Content-Length) against the limit: 413 over it, accepted under it', async () => {
    const post = (json: string) => {
      const bytes = new TextEncoder().encode(json);
      const body = new ReadableStream({
        start(controller) {
          // Several chunks, so that the limit is reached while the body is still arriving.
          for (let at = 0; at < bytes.length; at += 16 * 1024)
            controller.enqueue(bytes.slice(at, at + 16 * 1024));
          controller.close();
        },
      });
      return fetch(`${api.url}/sessions`, {
        method: 'POST',
        headers: { 'x-api-key': seeded.apiKey, 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
    };
    const prompt = (n: number) =>
      JSON.stringify({ poc_id: seeded.poc.id, model_id: seeded.model.id, system_prompt: 'x'.repeat(n) });
    const over = await post(prompt(70_000));
    expect({ status: over.status, body: await over.json() }).toMatchObject({
      status: 413,
      body: { code: 'payload_too_large' },
    });
    expect(await count('sessions')).toBe(1);
    const under = await post(prompt(50_000));
    expect(under.status).toBe(201);
    expect(await count('sessions')).toBe(2);
  });

  it('ends a session once (409 the second time); another user’s session is 404', async () => {
    const key = seeded.apiKey;
    const other = await seedSession(get().db, { username: 'bob' });
    expect(await api.call('PUT', `/sessions/${other.session.id}/end`, { key })).toMatchObject({
      status: 404,
      body: { code: 'session_not_found' },
    });
    expect(await api.call('GET', `/sessions/${other.session.id}`, { key })).toMatchObject({ status: 404 });
    const ended = await api.call('PUT', `/sessions/${seeded.session.id}/end`, { key });
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ session_id: seeded.session.id, ended_at: expect.stringMatching(isoZ) });
    expect(await api.call('PUT', `/sessions/${seeded.session.id}/end`, { key })).toMatchObject({
      status: 409,
      body: { code: 'session_ended' },
    });
    expect(await api.call('GET', '/sessions/abc', { key })).toMatchObject({ status: 422 });
    const { rows } = await sql<{
      ended_at: Date | null;
    }>`SELECT ended_at FROM sessions WHERE id = ${other.session.id}`.execute(get().db);
    expect(rows[0]!.ended_at).toBeNull();
  });

  it('lists models with the design’s fields and registers versions', async () => {
    const key = seeded.apiKey;
    const listed = await api.call('GET', '/models', { key });
    expect(listed.status).toBe(200);
    expect(listed.body.models).toEqual([
      {
        id: seeded.model.id,
        model_name: 'qwen2.5:14b',
        version: 1,
        base_model: 'qwen2.5',
        trained_at: null,
        description: null,
        adapter_path: null,
        provider: null,
      },
    ]);
    const next = await api.call('POST', '/models', {
      key,
      body: {
        model_name: 'qwen2.5:14b',
        base_model: 'qwen2.5',
        trained_at: '2026-02-16T10:00:00Z',
        adapter_path: '/a/1',
      },
    });
    expect(next).toMatchObject({
      status: 201,
      body: { version: 2, trained_at: '2026-02-16T10:00:00.000Z', adapter_path: '/a/1' },
    });
    const explicit = await api.call('POST', '/models', {
      key,
      body: { model_name: 'llama3', version: 7, provider: 'ollama' },
    });
    expect(explicit).toMatchObject({
      status: 201,
      body: { version: 7, provider: 'ollama', base_model: null },
    });
    expect(
      await api.call('POST', '/models', { key, body: { model_name: 'x', provider: 'vllm' } }),
    ).toMatchObject({ status: 422 });
    expect(await api.call('POST', '/models', { key, body: { model_name: '' } })).toMatchObject({
      status: 422,
    });
    expect(await count('models')).toBe(3);
  });

  it('lists and creates PoCs', async () => {
    const key = seeded.apiKey;
    const created = await api.call('POST', '/pocs', {
      key,
      body: { name: '法務PoC', domain: '法務', default_system_prompt: 'p' },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { name: '法務PoC', domain: '法務', default_system_prompt: 'p' },
    });
    expect(created.body.created_at).toMatch(isoZ);
    const listed = await api.call('GET', '/pocs', { key });
    expect(listed.body.pocs.map((p: { name: string }) => p.name)).toEqual([seeded.poc.name, '法務PoC']);
    expect(await api.call('POST', '/pocs', { key, body: { name: 'x' } })).toMatchObject({ status: 422 });
    expect(await count('poc')).toBe(2);
  });

  it('shows one log with all its columns; another user’s log is 404', async () => {
    const key = seeded.apiKey;
    const log = await seedLog(get().db, seeded.session.id);
    const other = await seedSession(get().db, { username: 'bob' });
    const theirs = await seedLog(get().db, other.session.id);
    const shown = await api.call('GET', `/logs/${log.id}`, { key });
    expect(shown.status).toBe(200);
    expect(Object.keys(shown.body).sort()).toEqual(
      [
        'answer',
        'correct_answer',
        'evaluated_at',
        'evaluation',
        'id',
        'latency_ms',
        'memo',
        'priority',
        'question',
        'reason',
        'session_id',
        'status',
        'timestamp',
        'updated_at',
      ].sort(),
    );
    expect(shown.body).toMatchObject({
      id: log.id,
      session_id: seeded.session.id,
      evaluation: 1,
      evaluated_at: null,
      status: 1,
      latency_ms: 1200,
    });
    expect(shown.body.timestamp).toMatch(isoZ);
    expect(await api.call('GET', `/logs/${theirs.id}`, { key })).toMatchObject({
      status: 404,
      body: { code: 'log_not_found' },
    });
    expect(await api.call('GET', '/logs/0', { key })).toMatchObject({ status: 422 });
  });

  it('rates a log (PUT /logs/:id → log_id, updated_at) and clears the 2/3 fields when rated 1', async () => {
    const key = seeded.apiKey;
    const log = await seedLog(get().db, seeded.session.id);
    const rated = await api.call('PUT', `/logs/${log.id}`, {
      key,
      body: {
        evaluation: 2,
        reason: '計算式の説明が不正確',
        correct_answer: '減価償却とは固定資産の...',
        priority: 1,
        memo: '会計基準の変更に注意',
      },
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toEqual({ log_id: log.id, updated_at: expect.stringMatching(isoZ) });
    const shown = await api.call('GET', `/logs/${log.id}`, { key });
    expect(shown.body).toMatchObject({
      evaluation: 2,
      reason: '計算式の説明が不正確',
      priority: 1,
      memo: '会計基準の変更に注意',
    });
    expect(shown.body.evaluated_at).toMatch(isoZ);
    await api.call('PUT', `/logs/${log.id}`, { key, body: { evaluation: 1, memo: 'fine now' } });
    expect((await api.call('GET', `/logs/${log.id}`, { key })).body).toMatchObject({
      evaluation: 1,
      reason: null,
      correct_answer: null,
      priority: null,
      memo: 'fine now',
    });
  });

  it('rejects rating changes the rules forbid, and changes nothing', async () => {
    const key = seeded.apiKey;
    const log = await seedLog(get().db, seeded.session.id);
    await evaluateLog(get().db, log.id, { evaluation: 3, reason: 'r', correct_answer: 'c', priority: 3 });
    const before = (await api.call('GET', `/logs/${log.id}`, { key })).body;
    const other = await seedSession(get().db, { username: 'bob' });
    const theirs = await seedLog(get().db, other.session.id);
    const cases: [string, unknown, number][] = [
      [`/logs/${log.id}`, { evaluation: 1, reason: 'why' }, 422],
      [`/logs/${log.id}`, { evaluation: 1, priority: 1 }, 422],
      [`/logs/${log.id}`, { evaluation: 2, correct_answer: 'c' }, 422],
      [`/logs/${log.id}`, { evaluation: 4 }, 422],
      [`/logs/${log.id}`, { evaluation: 2, reason: 'r', correct_answer: 'c', priority: 0 }, 422],
      [`/logs/${log.id}`, { evaluation: '2', reason: 'r', correct_answer: 'c' }, 422],
      [`/logs/${log.id}`, { evaluation: 1, question: 'changed' }, 422],
      [`/logs/${log.id}`, { evaluation: 1, answer: 'changed' }, 422],
      [`/logs/${log.id}`, { evaluation: 1, timestamp: '2020-01-01T00:00:00Z' }, 422],
      [`/logs/${log.id}`, { evaluation: 1, status: 2 }, 422],
      [`/logs/${theirs.id}`, { evaluation: 1 }, 404],
      ['/logs/999999', { evaluation: 1 }, 404],
    ];
    for (const [path, body, status] of cases) {
      const response = await api.call('PUT', path, { key, body });
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(typeof response.body.detail).toBe('string');
    }
    const question = await api.call('PUT', `/logs/${log.id}`, {
      key,
      body: { evaluation: 1, question: 'x' },
    });
    expect(question.body.detail).toBe('unknown field: question (question can never change)');
    expect(await api.call('PUT', `/logs/${log.id}`, { key, rawBody: '{"evaluation": 1' })).toMatchObject({
      status: 400,
    });
    expect((await api.call('GET', `/logs/${log.id}`, { key })).body).toEqual(before);
    const { rows } = await sql<{
      evaluated_at: Date | null;
    }>`SELECT evaluated_at FROM conversation_logs WHERE id = ${theirs.id}`.execute(get().db);
    expect(rows[0]!.evaluated_at).toBeNull();
  });

  it('lists only the caller’s logs, newest first, filtered, in keyset pages', async () => {
    const key = seeded.apiKey;
    const logs = [];
    for (let i = 0; i < 5; i++) logs.push(await seedLog(get().db, seeded.session.id, `question ${i}`));
    await evaluateLog(get().db, logs[1]!.id, {
      evaluation: 3,
      reason: 'r',
      correct_answer: 'c',
      priority: 1,
    });
    const other = await seedSession(get().db, { username: 'bob' });
    await seedLog(get().db, other.session.id, 'not yours');

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<TestApi['call']>> = await api.call(
        'GET',
        `/logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key },
      );
      expect(page.status).toBe(200);
      expect(page.body.logs.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.logs.map((l: { id: number }) => l.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(logs.map((l) => l.id).reverse());

    const wrong = await api.call('GET', '/logs?evaluation=3&priority=1&rated=true', { key });
    expect(wrong.body.logs.map((l: { id: number }) => l.id)).toEqual([logs[1]!.id]);
    const unrated = await api.call('GET', `/logs?rated=false&session_id=${seeded.session.id}`, { key });
    expect(unrated.body.logs).toHaveLength(4);
    // Good is what a person rated Good: the unrated logs' stored 1 is only the column default.
    await evaluateLog(get().db, logs[4]!.id, { evaluation: 1 });
    const good = await api.call('GET', '/logs?evaluation=1', { key });
    expect(good.body.logs.map((l: { id: number }) => l.id)).toEqual([logs[4]!.id]);
    const text = await api.call(
      'GET',
      `/logs?text=${encodeURIComponent('QUESTION 3')}&poc_id=${seeded.poc.id}`,
      { key },
    );
    expect(text.body.logs.map((l: { id: number }) => l.id)).toEqual([logs[3]!.id]);
    const future = await api.call('GET', '/logs?from=2100-01-01T00:00:00Z', { key });
    expect(future.body).toEqual({ logs: [], next_cursor: null });
    for (const query of [
      'evaluation=4',
      'limit=0',
      'limit=501',
      'rated=yes',
      'from=yesterday',
      'cursor=garbage',
      'sort=asc',
    ]) {
      expect((await api.call('GET', `/logs?${query}`, { key })).status, query).toBe(422);
    }
  });

  it('answers an unknown route with 404 in the same error shape, and logs one line per request', async () => {
    const before = api.accessLog.length;
    expect(await api.call('GET', '/nope', { key: seeded.apiKey })).toMatchObject({
      status: 404,
      body: { code: 'route_not_found' },
    });
    // The line is written just after the response has gone out.
    await expect.poll(() => api.accessLog.length).toBe(before + 1);
    expect(api.accessLog.at(-1)).toMatch(new RegExp(`GET /nope 404 [\\d.]+ms user=${seeded.user.id}$`));
    // Requests the front door refuses are logged with their status too.
    expect((await api.call('GET', '/models')).status).toBe(401);
    await expect.poll(() => api.accessLog.at(-1)).toMatch(/GET \/models 401 [\d.]+ms$/);
    const tooLarge = { key: seeded.apiKey, body: { question: 'x'.repeat(70_000) } };
    expect((await api.call('POST', '/chat', tooLarge)).status).toBe(413);
    await expect.poll(() => api.accessLog.at(-1)).toMatch(/POST \/chat 413 [\d.]+ms$/);
  });
});
