// Answers recorded together (POST /chat under load): one statement for those that arrive at once, and
// each caller still gets its own log — or none when its session ended while the model answered.
import { expect, it } from 'vitest';
import { batchedAnswerRecorder, recordAnswers } from '../../../src/core/domain/answerRecords';
import { listSessionLogs } from '../../../src/core/domain/logs';
import { endSession } from '../../../src/core/domain/sessions';
import { seedSession } from '../../support/fixtures';
import { countingStatements } from '../../support/statementCounter';
import { describeEachDatabase } from '../../support/testDatabase';
import { expectSummariesExact } from '../team/summaries';

describeEachDatabase('answers recorded together', (get) => {
  it('records 40 concurrent answers in a few statements, each caller its own log, none for an ended session', async () => {
    const { db, counter } = countingStatements(get().db, 'INSERT INTO conversation_logs');
    const open = await seedSession(db);
    const ended = await seedSession(db);
    await endSession(db, ended.session.id);
    const record = batchedAnswerRecorder(db);
    const answers = Array.from({ length: 40 }, (_, i) => ({
      sessionId: i === 7 ? ended.session.id : open.session.id,
      question: `質問 ${i % 10}`,
      // Pairs of identical answers: interchangeable, but each caller still gets one log of its own.
      answer: `回答 ${i % 20}`,
      latencyMs: i % 20,
    }));
    const logs = await Promise.all(answers.map((a) => record(a)));

    expect(counter.count).toBeLessThan(10);
    expect(logs[7]).toBeUndefined();
    for (const [i, log] of logs.entries()) {
      if (i === 7) continue;
      const a = answers[i]!;
      expect(log).toMatchObject({
        session_id: a.sessionId,
        question: a.question,
        answer: a.answer,
        latency_ms: a.latencyMs,
        evaluation: 1,
        evaluated_at: null,
      });
    }
    const ids = logs.flatMap((log) => (log ? [log.id] : []));
    expect(new Set(ids).size).toBe(39);
    const stored = await listSessionLogs(db, open.session.id, { limit: 500 });
    expect(stored.map((log) => log.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(await listSessionLogs(db, ended.session.id)).toEqual([]);
    await expectSummariesExact(db);
  });

  it('fails only the answer the database refuses; the others of its batch are recorded', async () => {
    const db = get().db;
    const { session } = await seedSession(db);
    const record = batchedAnswerRecorder(db);
    // The first two go alone (two statements at once); 三 and 四 wait and share the third.
    const outcomes = await Promise.allSettled(
      ['一', '二', '三\u0000', '四'].map((answer) =>
        record({ sessionId: session.id, question: 'q', answer, latencyMs: 1 }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await listSessionLogs(db, session.id);
    expect(stored.map((log) => log.answer).sort()).toEqual(['一', '二', '四']);
  });

  it('records a lone answer with its own one-row statement: the same log, none for an ended session', async () => {
    const db = get().db;
    const open = await seedSession(db);
    const ended = await seedSession(db);
    await endSession(db, ended.session.id);
    const before = Date.now();
    const [log] = await recordAnswers(db, [
      { sessionId: open.session.id, question: '質問', answer: '回答 "引用" \\ {括弧}', latencyMs: null },
    ]);
    expect(log).toMatchObject({
      session_id: open.session.id,
      question: '質問',
      answer: '回答 "引用" \\ {括弧}',
      latency_ms: null,
      evaluation: 1,
      evaluated_at: null,
    });
    // UTC wall-clock time, whatever the session's time zone (to the second: the column's precision is µs).
    expect(log!.timestamp.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(log!.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
    expect(
      await recordAnswers(db, [{ sessionId: ended.session.id, question: 'q', answer: 'a', latencyMs: 5 }]),
    ).toEqual([undefined]);
    // Only what the database decides comes back; the log handed out is the row as stored, every column.
    expect(await listSessionLogs(db, open.session.id)).toEqual([log]);
    await expectSummariesExact(db);
  });
});
