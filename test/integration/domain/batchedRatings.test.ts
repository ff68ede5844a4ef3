// Ratings saved together (PUT /logs/{id} under load): many concurrent ratings go out in a few
// statements, and each caller still gets exactly what evaluateLog would have given it alone.
import { expect, it } from 'vitest';
import { batchedLogRater, getLog } from '../../../src/core/domain/logs';
import { createUser } from '../../../src/core/domain/users';
import { assignReviews } from '../../../src/core/review';
import { seedLog, seedSession } from '../../support/fixtures';
import { countingStatements } from '../../support/statementCounter';
import { describeEachDatabase } from '../../support/testDatabase';
import { wrong } from '../review/reviewFixtures';
import { expectSummariesExact } from '../team/summaries';

describeEachDatabase('ratings saved together', (get) => {
  it('saves 60 concurrent ratings in a few statements, each as rated, with exact summaries', async () => {
    const { db, counter } = countingStatements(get().db, 'UPDATE conversation_logs');
    const { session, user } = await seedSession(db);
    const logs = [];
    for (let i = 0; i < 60; i++) logs.push(await seedLog(db, session.id, `質問 ${i}`));
    const rate = batchedLogRater(db);
    const verdicts = logs.map((_, i) =>
      i % 3 === 0
        ? { evaluation: 1 as const, memo: `memo ${i}` }
        : wrong(`正解 ${i}`, ((i % 3) + 1) as 2 | 3),
    );
    const saved = await Promise.all(logs.map((log, i) => rate(log.id, verdicts[i]!, { userId: user.id })));

    expect(counter.count).toBeLessThan(10);
    for (const [i, log] of logs.entries()) {
      const stored = await getLog(db, log.id);
      expect(saved[i]).toEqual(stored);
      const verdict = verdicts[i]!;
      expect(stored).toMatchObject(
        verdict.evaluation === 1
          ? { evaluation: 1, reason: null, correct_answer: null, priority: null, memo: `memo ${i}` }
          : { evaluation: 3, reason: 'r', correct_answer: `正解 ${i}`, priority: verdict.priority },
      );
      expect(stored.evaluated_at).toBeInstanceOf(Date);
    }
    await expectSummariesExact(db);
  });

  it("gives each rating in a batch its own answer: missing, another user's, under review, saved", async () => {
    const db = get().db;
    const { session, user } = await seedSession(db);
    const other = await seedSession(db);
    await createUser(db, 'lead');
    await createUser(db, 'alice');
    const mine = await seedLog(db, session.id);
    const held = await seedLog(db, session.id);
    const theirs = await seedLog(db, other.session.id);
    await assignReviews(db, {
      selection: { kind: 'logs', log_ids: [held.id] },
      reviewers: ['alice'],
      required_reviews: 1,
      lead: 'lead',
    });
    const rate = batchedLogRater(db);
    const scope = { userId: user.id };
    const results = await Promise.allSettled([
      rate(mine.id, wrong('正しい答え'), scope),
      rate(4242, wrong('x'), scope),
      rate(theirs.id, wrong('x'), scope),
      rate(held.id, wrong('x'), scope),
    ]);
    expect(results[0]).toMatchObject({
      status: 'fulfilled',
      value: { id: mine.id, correct_answer: '正しい答え' },
    });
    expect(results.slice(1)).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ kind: 'not_found' }) },
      { status: 'rejected', reason: expect.objectContaining({ kind: 'not_found' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'log_under_review' }) },
    ]);
    expect(await getLog(db, theirs.id)).toMatchObject({ evaluated_at: null, correct_answer: null });
    expect(await getLog(db, held.id)).toMatchObject({ evaluated_at: null, correct_answer: null });
  });

  it('applies ratings of one log in the order they arrived, the last one standing', async () => {
    const db = get().db;
    const { session } = await seedSession(db);
    const log = await seedLog(db, session.id);
    const rate = batchedLogRater(db);
    const corrections = Array.from({ length: 12 }, (_, i) => `版 ${i}`);
    const saved = await Promise.all(corrections.map((c) => rate(log.id, wrong(c))));
    expect(saved.map((s) => s.correct_answer)).toEqual(corrections);
    expect((await getLog(db, log.id)).correct_answer).toBe('版 11');
    await expectSummariesExact(db);
  });
});
