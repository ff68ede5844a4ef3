// askInSession, the one path the panel and POST /chat ask through, against the MLX stand-in: the log is
// written once the whole answer is there, with its timings; a session that ends meanwhile, an abort or
// another user's session writes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { askInSession } from '../../../src/core/domain/answers';
import { endSession } from '../../../src/core/domain/sessions';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

let slow: StandIn;
beforeAll(async () => {
  slow = await startStandIn('mlx', { args: ['--fake-token-delay-ms=20'] });
});
afterAll(() => slow.stop());

describeEachDatabase('askInSession', (get) => {
  const asker = () => createModelAsker({ baseUrl: slow.baseUrl, provider: 'openai' });
  const logCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversation_logs`.execute(get().db)).rows[0]!.n;

  it('streams the answer, then records it whole with its timings', async () => {
    const { session, user } = await seedSession(get().db);
    const answer = await askInSession(get().db, asker(), {
      sessionId: session.id,
      question: '減価償却とは？',
      scope: { userId: user.id },
      signal: new AbortController().signal,
    });
    const deltas: string[] = [];
    for await (const text of answer) deltas.push(text);
    const { log, firstTokenMs, totalMs } = await answer.record();
    expect(deltas.filter(Boolean).length).toBeGreaterThan(1);
    expect(log).toMatchObject({
      session_id: session.id,
      question: '減価償却とは？',
      answer: deltas.join(''),
      evaluation: 1,
      evaluated_at: null,
      latency_ms: totalMs,
    });
    expect(firstTokenMs).not.toBeNull();
    expect(firstTokenMs!).toBeLessThanOrEqual(totalMs);
  });

  it('writes nothing when the session ends while the model answers', async () => {
    const { session } = await seedSession(get().db);
    const answer = await askInSession(get().db, asker(), {
      sessionId: session.id,
      question: 'q',
      signal: new AbortController().signal,
    });
    const deltas = answer[Symbol.asyncIterator]();
    await deltas.next();
    await endSession(get().db, session.id);
    while (!(await deltas.next()).done) {}
    await expect(answer.record()).rejects.toMatchObject({ kind: 'conflict', code: 'session_ended' });
    expect(await logCount()).toBe(0);
  });

  it('writes nothing when aborted, and refuses ended, missing and other users’ sessions before asking', async () => {
    const { session } = await seedSession(get().db);
    const other = await seedSession(get().db);
    const controller = new AbortController();
    const answer = await askInSession(get().db, asker(), {
      sessionId: session.id,
      question: 'q',
      signal: controller.signal,
    });
    controller.abort();
    await expect(answer.record()).rejects.toThrow();
    const ask = (sessionId: number, userId?: number) =>
      askInSession(get().db, asker(), {
        sessionId,
        question: 'q',
        scope: userId === undefined ? undefined : { userId },
        signal: new AbortController().signal,
      });
    await expect(ask(other.session.id, session.user_id)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(ask(4242)).rejects.toMatchObject({ kind: 'not_found' });
    await endSession(get().db, session.id);
    await expect(ask(session.id)).rejects.toMatchObject({ kind: 'conflict', code: 'session_ended' });
    (await ask(other.session.id)).cancel();
    await expect(
      askInSession(get().db, asker(), {
        sessionId: other.session.id,
        question: ' ',
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ kind: 'invalid' });
    expect(await logCount()).toBe(0);
  });
});
