// Status 3 integrity on both databases: outside review, a log under review is not marked verified until
// it is settled, and neither an unsettled nor a settled log's verdict changes (only its memo); logs never
// assigned keep the design's behaviour (PUT /logs/{id} and Mark Verified as before).
import { expect, it } from 'vitest';
import { evaluateLog, getLog, setLogStatus } from '../../../src/core/domain/logs';
import { assignReviews, submitReview } from '../../../src/core/review';
import { describeEachDatabase } from '../../support/testDatabase';
import { seedReviewTeam, wrong } from './reviewFixtures';

describeEachDatabase('status 3 and review', (get) => {
  const db = () => get().db;

  async function underReview() {
    const team = await seedReviewTeam(db());
    const [disputed, agreed, free] = team.logs.map((l) => l.id) as [number, number, number];
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [disputed, agreed] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const { alice, bob } = team.people;
    await submitReview(db(), { log_id: agreed, reviewer_id: alice.user.id, verdict: wrong('正解です') });
    await submitReview(db(), { log_id: agreed, reviewer_id: bob.user.id, verdict: wrong('正解です') });
    return { ...team, disputed, agreed, free };
  }

  it('refuses to mark an unsettled log under review verified, changing nothing of the batch', async () => {
    const { disputed, agreed, free } = await underReview();
    await expect(setLogStatus(db(), { ids: [free, disputed], status: 3 })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'review_pending',
      message: expect.stringMatching(new RegExp(`Log ${disputed} is under review and not settled`)),
    });
    expect((await getLog(db(), free)).status).toBe(1);
    expect((await getLog(db(), disputed)).status).toBe(1);
    // Settled logs and logs never assigned: as before.
    expect((await setLogStatus(db(), { ids: [free, agreed], status: 3 })).map((l) => l.status)).toEqual([
      3, 3,
    ]);
    // Back to unprocessed is a processing state, not a verdict: allowed under review too.
    expect((await setLogStatus(db(), { ids: [disputed], status: 1 }))[0]!.status).toBe(1);
  });

  it("keeps a settled log's verdict: a new rating is a conflict, the memo alone can change", async () => {
    const { agreed } = await underReview();
    const before = await getLog(db(), agreed);
    expect(before).toMatchObject({ status: 3, evaluation: 3, correct_answer: '正解です' });
    await expect(evaluateLog(db(), agreed, { evaluation: 1 })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'review_settled',
    });
    await expect(
      evaluateLog(db(), agreed, { evaluation: 3, reason: 'r', correct_answer: '別の正解', priority: 2 }),
    ).rejects.toMatchObject({ code: 'review_settled' });
    expect(await getLog(db(), agreed)).toEqual(before);

    const memo = await evaluateLog(db(), agreed, {
      evaluation: 3,
      reason: before.reason,
      correct_answer: before.correct_answer,
      priority: before.priority,
      memo: 'レビュー済み',
    });
    expect(memo).toMatchObject({
      memo: 'レビュー済み',
      status: 3,
      evaluation: 3,
      correct_answer: '正解です',
    });
    expect(memo.evaluated_at).toEqual(before.evaluated_at);
  });

  it("keeps an unsettled log's verdict for its reviewers; a log never assigned is rated as before", async () => {
    const { disputed, free, session } = await underReview();
    const before = await getLog(db(), disputed);
    await expect(
      evaluateLog(db(), disputed, { evaluation: 2, reason: 'x', correct_answer: 'y' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'log_under_review' });
    expect(await getLog(db(), disputed)).toEqual(before);
    // The owner's scope is checked first: another user's log stays not found.
    await expect(
      evaluateLog(db(), disputed, { evaluation: 1 }, { userId: session.user_id + 1000 }),
    ).rejects.toMatchObject({ kind: 'not_found' });

    const rated = await evaluateLog(db(), free, { evaluation: 2, reason: 'x', correct_answer: 'y' });
    expect(rated).toMatchObject({ evaluation: 2, priority: 2, status: 1 });
    expect(rated.evaluated_at).not.toBeNull();
  });
});
