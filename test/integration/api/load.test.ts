// 200 concurrent questions, each rated as soon as it is answered: no errors, one row per answer.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';
import { startTestApi, type TestApi } from './apiHarness';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(async () => {
  await standIn?.stop();
});

describeEachDatabase('REST API under concurrent load', (get) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(get().db, { baseUrl: standIn.baseUrl });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 200 concurrent POST /chat + PUT /logs/:id without errors; rows written equal answers', async () => {
    const { apiKey, session } = await seedSession(get().db, { username: 'loader' });
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const chat = await api.call('POST', '/chat', {
          key: apiKey,
          body: { session_id: session.id, question: `question ${i}` },
        });
        if (chat.status !== 201) return { chat: chat.status, rate: 0, id: 0 };
        const rate = await api.call('PUT', `/logs/${chat.body.log_id}`, {
          key: apiKey,
          body: { evaluation: (i % 3) + 1, ...(i % 3 ? { reason: 'r', correct_answer: 'c' } : {}) },
        });
        return { chat: chat.status, rate: rate.status, id: chat.body.log_id as number };
      }),
    );
    expect(results.filter((r) => r.chat !== 201 || r.rate !== 200)).toEqual([]);
    const { rows } = await sql<{ n: number; rated: number }>`
      SELECT count(*)::int AS n, count(evaluated_at)::int AS rated FROM conversation_logs`.execute(get().db);
    expect(rows[0]).toEqual({ n: 200, rated: 200 });
    expect(new Set(results.map((r) => r.id)).size).toBe(200);
  }, 120_000);
});
