// The one limit per typed field (src/protocol/limits.ts) over REST: a field over it is 422 naming the
// field and the limit, a body over the byte limit 413, and neither writes anything or asks the model.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../../src/protocol/limits';
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

describeEachDatabase('REST API text limits', (get) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(get().db, { baseUrl: standIn.baseUrl });
  });
  afterAll(async () => {
    await api?.close();
  });
  let seeded: Awaited<ReturnType<typeof seedSession>>;
  beforeEach(async () => {
    seeded = await seedSession(get().db);
  });
  const logCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversation_logs`.execute(get().db)).rows[0]!.n;

  it('answers 422 naming the question and its limit, asks no model and records nothing', async () => {
    const before = { logs: await logCount(), asked: api.asked() };
    const { status, body } = await api.call('POST', '/chat', {
      key: seeded.apiKey,
      body: { session_id: seeded.session.id, question: 'q'.repeat(TEXT_LIMITS.question + 1) },
    });
    expect(status).toBe(422);
    expect(body).toEqual({
      detail: 'question: must be at most 100000 characters',
      code: 'validation_failed',
    });
    expect({ logs: await logCount(), asked: api.asked() }).toEqual(before);
  });

  it('takes a correction of exactly the limit and refuses one character more, leaving the log as it was', async () => {
    const log = await seedLog(get().db, seeded.session.id);
    const rate = (correct_answer: string) =>
      api.call('PUT', `/logs/${log.id}`, {
        key: seeded.apiKey,
        body: { evaluation: 3, reason: 'r', correct_answer, priority: 1 },
      });
    const refused = await rate('c'.repeat(TEXT_LIMITS.correct_answer + 1));
    expect(refused).toMatchObject({
      status: 422,
      body: { detail: expect.stringContaining('correct_answer: must be at most 100000 characters') },
    });
    const row = await get()
      .db.selectFrom('conversation_logs')
      .selectAll()
      .where('id', '=', log.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ evaluated_at: null, correct_answer: null });

    expect(await rate('c'.repeat(TEXT_LIMITS.correct_answer))).toMatchObject({ status: 200 });
  });

  it('answers 413 to a body over the byte limit, before reading any field', async () => {
    const before = await logCount();
    const { status, body } = await api.call('POST', '/chat', {
      key: seeded.apiKey,
      body: { session_id: seeded.session.id, question: 'q'.repeat(1024 * 1024) },
    });
    expect(status).toBe(413);
    expect(body.code).toBe('payload_too_large');
    expect(await logCount()).toBe(before);
  });
});
