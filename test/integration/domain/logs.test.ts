import { expect, it } from 'vitest';
import { evaluateLog, getLog, listSessionLogs, recordLog, setLogStatus } from '../../../src/core/domain/logs';
import { endSession } from '../../../src/core/domain/sessions';
import { seedLog, seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('conversation logs', (get) => {
  it('records an answered question as unrated, unprocessed', async () => {
    const { session } = await seedSession(get().db);
    const log = await recordLog(get().db, {
      session_id: session.id,
      question: '減価償却とは？',
      answer: 'A',
      latency_ms: 850,
    });
    expect(log).toMatchObject({
      session_id: session.id,
      question: '減価償却とは？',
      answer: 'A',
      evaluation: 1,
      evaluated_at: null,
      status: 1,
      latency_ms: 850,
      reason: null,
      correct_answer: null,
      priority: null,
    });
    expect(Math.abs(log.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses to record into an ended or missing session, or another user's", async () => {
    const { session } = await seedSession(get().db);
    const other = await seedSession(get().db);
    await expect(
      recordLog(
        get().db,
        { session_id: other.session.id, question: 'q', answer: 'a' },
        { userId: session.user_id },
      ),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await endSession(get().db, session.id);
    await expect(
      recordLog(get().db, { session_id: session.id, question: 'q', answer: 'a' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'session_ended' });
    await expect(recordLog(get().db, { session_id: 4242, question: 'q', answer: 'a' })).rejects.toMatchObject(
      { kind: 'not_found' },
    );
    expect(await listSessionLogs(get().db, session.id)).toEqual([]);
  });

  it('rates 間違い with reason, correct answer and priority, and sets evaluated_at and updated_at', async () => {
    const { session } = await seedSession(get().db);
    const log = await seedLog(get().db, session.id);
    const rated = await evaluateLog(get().db, log.id, {
      evaluation: 3,
      reason: '計算式の説明が不正確',
      correct_answer: '減価償却とは固定資産の…',
      priority: 1,
      memo: '会計基準の変更に注意',
    });
    expect(rated).toMatchObject({
      evaluation: 3,
      reason: '計算式の説明が不正確',
      correct_answer: '減価償却とは固定資産の…',
      priority: 1,
      memo: '会計基準の変更に注意',
    });
    expect(rated.evaluated_at).toBeInstanceOf(Date);
    expect(rated.updated_at).toBeInstanceOf(Date);
    // question, answer and timestamp never change
    expect({ q: rated.question, a: rated.answer, t: rated.timestamp }).toEqual({
      q: log.question,
      a: log.answer,
      t: log.timestamp,
    });
  });

  it('defaults the priority of 2 and 3 to medium, and clears reason, correction and priority on a change to 1', async () => {
    const { session } = await seedSession(get().db);
    const log = await seedLog(get().db, session.id);
    const insufficient = await evaluateLog(get().db, log.id, {
      evaluation: 2,
      reason: 'r',
      correct_answer: 'c',
    });
    expect(insufficient.priority).toBe(2);
    const good = await evaluateLog(get().db, log.id, { evaluation: 1, memo: 'fine now' });
    expect(good).toMatchObject({
      evaluation: 1,
      reason: null,
      correct_answer: null,
      priority: null,
      memo: 'fine now',
    });
  });

  it.each([
    [{ evaluation: 4 }, /evaluation: must be 1/],
    [{ evaluation: '1' }, /evaluation/],
    [{ evaluation: 2, correct_answer: 'c' }, /reason: is required/],
    [{ evaluation: 3, reason: 'r' }, /correct_answer: is required/],
    [{ evaluation: 3, reason: '  ', correct_answer: 'c' }, /reason: is required/],
    [{ evaluation: 2, reason: 'r', correct_answer: 'c', priority: 5 }, /priority: must be 1/],
    [{ evaluation: 1, reason: 'r' }, /reason: is only for evaluation 2 or 3/],
    [{ evaluation: 1, priority: 1 }, /priority: is only for evaluation 2 or 3/],
    [{ evaluation: 1, question: 'changed' }, /question/],
    [{ evaluation: 1, answer: 'changed' }, /answer/],
    [{ evaluation: 1, timestamp: '2020-01-01' }, /timestamp/],
    [{ evaluation: 1, status: 2 }, /status/],
  ])('rejects the rating %j and changes nothing', async (input, message) => {
    const { session } = await seedSession(get().db);
    const log = await seedLog(get().db, session.id);
    await expect(evaluateLog(get().db, log.id, input as never)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(message),
    });
    expect(await getLog(get().db, log.id)).toEqual(log);
  });

  it("treats another user's log as missing", async () => {
    const mine = await seedSession(get().db);
    const theirs = await seedSession(get().db);
    const log = await seedLog(get().db, theirs.session.id);
    const scope = { userId: mine.user.id };
    await expect(getLog(get().db, log.id, scope)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(evaluateLog(get().db, log.id, { evaluation: 1 }, scope)).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(setLogStatus(get().db, { ids: [log.id], status: 1 }, scope)).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(await getLog(get().db, log.id)).toEqual(log);
  });

  it('marks rated logs verified and back, all or nothing', async () => {
    const { session } = await seedSession(get().db);
    const a = await seedLog(get().db, session.id, 'a');
    const b = await seedLog(get().db, session.id, 'b');
    await evaluateLog(get().db, a.id, { evaluation: 1 });
    await expect(setLogStatus(get().db, { ids: [a.id, b.id], status: 3 })).rejects.toMatchObject({
      code: 'log_unrated',
    });
    expect((await getLog(get().db, a.id)).status).toBe(1);
    await expect(setLogStatus(get().db, { ids: [a.id, 999], status: 3 })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await evaluateLog(get().db, b.id, { evaluation: 3, reason: 'r', correct_answer: 'c' });
    const verified = await setLogStatus(get().db, { ids: [a.id, b.id, a.id], status: 3 });
    expect(verified.map((l) => l.status)).toEqual([3, 3]);
    expect((await setLogStatus(get().db, { ids: [b.id], status: 1 }))[0]?.status).toBe(1);
    await expect(setLogStatus(get().db, { ids: [], status: 1 })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(setLogStatus(get().db, { ids: [a.id], status: 4 as 1 })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it("lists a session's logs newest first, in pages", async () => {
    const { session } = await seedSession(get().db);
    const logs = [];
    for (let i = 0; i < 5; i++) logs.push(await seedLog(get().db, session.id, `q${i}`));
    const first = await listSessionLogs(get().db, session.id, { limit: 3 });
    expect(first.map((l) => l.question)).toEqual(['q4', 'q3', 'q2']);
    const rest = await listSessionLogs(get().db, session.id, { limit: 3, beforeId: first.at(-1)!.id });
    expect(rest.map((l) => l.question)).toEqual(['q1', 'q0']);
  });

  it.each([
    [{ session_id: 1, question: '', answer: 'a' }, /question/],
    [{ session_id: 1, question: 'q' }, /answer/],
    [{ session_id: 1, question: 'q', answer: 'a', latency_ms: -1 }, /latency_ms/],
    [{ session_id: 0, question: 'q', answer: 'a' }, /session_id/],
  ])('rejects the log %j', async (input, message) => {
    await expect(recordLog(get().db, input as never)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(message),
    });
  });
});
