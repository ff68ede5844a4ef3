// The review rules on both databases: assignment (all or nothing), the blind queue, reviews and their
// acceptance (status 3 only for settled logs), the lead's disagreements and resolutions, κ per PoC,
// guidelines as versions.
import { expect, it } from 'vitest';
import { getLog } from '../../../src/core/domain/logs';
import {
  assignReviews,
  getGuidelines,
  guidelinesHistory,
  listDisagreements,
  resolveDisagreement,
  reviewItem,
  reviewQueue,
  reviewStats,
  saveGuidelines,
  submitReview,
} from '../../../src/core/review';
import { describeEachDatabase } from '../../support/testDatabase';
import { reviewRowCounts, seedReviewTeam, wrong } from './reviewFixtures';

describeEachDatabase('review rules', (get) => {
  const db = () => get().db;
  const empty = {
    review_assignments: 0,
    review_assignees: 0,
    log_reviews: 0,
    review_adjudications: 0,
    review_guidelines: 0,
    correction_drafts: 0,
  };

  it('refuses an assignment with too few reviewers, an unknown user, a missing or taken log — writing nothing', async () => {
    const { logs } = await seedReviewTeam(db());
    const ids = logs.map((l) => l.id);
    const base = { selection: { kind: 'logs' as const, log_ids: ids }, lead: 'lead' };
    await expect(
      assignReviews(db(), { ...base, reviewers: ['alice'], required_reviews: 2 }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'too_few_reviewers',
      message: expect.stringMatching(/2 reviews are required .* only 1 reviewer is named/),
    });
    await expect(
      assignReviews(db(), { ...base, reviewers: ['alice', 'nobody', 'ghost'], required_reviews: 2 }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'user_not_found',
      message: expect.stringMatching(/"nobody", "ghost"/),
    });
    await expect(
      assignReviews(db(), { ...base, lead: 'boss', reviewers: ['alice'], required_reviews: 1 }),
    ).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(
      assignReviews(db(), { ...base, reviewers: ['alice', 'alice'], required_reviews: 1 }),
    ).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/names a reviewer twice/) });
    await expect(
      assignReviews(db(), { ...base, reviewers: ['alice'], required_reviews: 4 }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/required_reviews: must be 1 to 3/),
    });
    await expect(
      assignReviews(db(), {
        ...base,
        selection: { kind: 'logs', log_ids: [...ids, 999] },
        reviewers: ['alice'],
        required_reviews: 1,
      }),
    ).rejects.toMatchObject({ kind: 'not_found', message: 'Log 999 was not found.' });
    expect(await reviewRowCounts(db())).toEqual(empty);

    await assignReviews(db(), {
      ...base,
      selection: { kind: 'logs', log_ids: [ids[0]!] },
      reviewers: ['alice'],
      required_reviews: 1,
    });
    await expect(
      assignReviews(db(), { ...base, reviewers: ['bob'], required_reviews: 1 }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'log_already_assigned' });
    expect(await reviewRowCounts(db())).toMatchObject({ review_assignments: 1, review_assignees: 1 });
  });

  it('assigns by filter: only logs a person rated so, skipping those already under review', async () => {
    const { logs, poc } = await seedReviewTeam(db(), [3, 2, 1, null, 3]);
    const first = await assignReviews(db(), {
      selection: { kind: 'filter', poc_id: poc.id, evaluations: [3] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    expect(first.logIds).toEqual([logs[0]!.id, logs[4]!.id]);
    const second = await assignReviews(db(), {
      selection: { kind: 'filter', poc_id: poc.id, evaluations: [2, 3] },
      reviewers: ['alice'],
      required_reviews: 1,
      lead: 'lead',
    });
    expect(second.logIds).toEqual([logs[1]!.id]);
    await expect(
      assignReviews(db(), {
        selection: { kind: 'filter', poc_id: poc.id, evaluations: [2, 3] },
        reviewers: ['alice'],
        required_reviews: 1,
        lead: 'lead',
      }),
    ).rejects.toMatchObject({ code: 'nothing_to_assign' });
    // Without a rating filter the unrated log goes too.
    const rest = await assignReviews(db(), {
      selection: { kind: 'filter', poc_id: poc.id },
      reviewers: ['carol'],
      required_reviews: 1,
      lead: 'lead',
    });
    expect(rest.logIds).toEqual([logs[2]!.id, logs[3]!.id]);
    await expect(
      assignReviews(db(), {
        selection: { kind: 'filter', poc_id: 999 },
        reviewers: ['carol'],
        required_reviews: 1,
        lead: 'lead',
      }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('queues my assignments oldest first without the first rater’s verdict, and shows it once I have reviewed', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const [a, b, c] = logs.map((l) => l.id) as [number, number, number];
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [b] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [c, a] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const alice = people.alice.user.id;

    const queue = await reviewQueue(db(), alice);
    expect(queue.items.map((i) => i.logId)).toEqual([b, a, c]);
    expect(queue.counts).toEqual({ toReview: 3, reviewed: 0, closed: 0 });
    const item = queue.items[0]!;
    expect(item).toMatchObject({
      question: '質問 2',
      answer: '回答 2',
      requiredReviews: 2,
      modelName: 'qwen2.5:14b',
    });
    // Blind: nothing of a verdict rides on the item.
    expect(JSON.stringify(queue)).not.toMatch(/理由|正解|evaluation|priority/);
    const before = await reviewItem(db(), b, alice);
    expect(before).toMatchObject({
      state: 'to_review',
      mine: null,
      original: null,
      others: [],
      accepted: null,
    });
    expect(await reviewQueue(db(), people.carol.user.id)).toEqual({
      items: [],
      counts: { toReview: 0, reviewed: 0, closed: 0 },
    });

    await submitReview(db(), { log_id: b, reviewer_id: people.bob.user.id, verdict: wrong('bob の正解') });
    const blindStill = await reviewItem(db(), b, alice);
    expect(blindStill.others).toEqual([]);
    expect(blindStill.original).toBeNull();

    await submitReview(db(), { log_id: b, reviewer_id: alice, verdict: { evaluation: 1 } });
    const after = await reviewItem(db(), b, alice);
    expect(after).toMatchObject({
      state: 'disputed',
      mine: { evaluation: 1, reason: null },
      original: { evaluation: 2, reason: '理由 2', correct_answer: '正解 2', priority: 3, rater: 'rater' },
      others: [{ reviewer: 'bob', evaluation: 3, correct_answer: 'bob の正解' }],
      accepted: null,
    });
    expect((await reviewQueue(db(), alice)).counts).toEqual({ toReview: 2, reviewed: 1, closed: 0 });
    await expect(reviewItem(db(), b, people.carol.user.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('refuses a review of a log not assigned to me (not found) and a second review (conflict), writing nothing', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const [a, b] = logs.map((l) => l.id) as [number, number];
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [a] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    await expect(
      submitReview(db(), { log_id: a, reviewer_id: people.carol.user.id, verdict: { evaluation: 1 } }),
    ).rejects.toMatchObject({ kind: 'not_found', code: 'review_not_assigned' });
    await expect(
      submitReview(db(), { log_id: b, reviewer_id: people.alice.user.id, verdict: { evaluation: 1 } }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      submitReview(db(), {
        log_id: a,
        reviewer_id: people.alice.user.id,
        verdict: { evaluation: 3, reason: 'r' },
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/correct_answer: is required/),
    });
    const first = await submitReview(db(), {
      log_id: a,
      reviewer_id: people.alice.user.id,
      verdict: wrong('x'),
    });
    expect(first).toMatchObject({ outcome: 'waiting', reviewsIn: 1, requiredReviews: 2 });
    await expect(
      submitReview(db(), { log_id: a, reviewer_id: people.alice.user.id, verdict: wrong('y') }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'review_exists' });
    expect(await reviewRowCounts(db())).toMatchObject({ log_reviews: 1 });
    const log = await getLog(db(), a);
    expect(log).toMatchObject({ status: 1, evaluation: 3, correct_answer: '正解 1' });
  });

  it('accepts agreeing reviews: the first review’s correction, the most urgent priority, status 3, in one go', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const [a, b] = logs.map((l) => l.id) as [number, number];
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [a, b] },
      reviewers: ['alice', 'bob', 'carol'],
      required_reviews: 2,
      lead: 'lead',
    });
    await submitReview(db(), {
      log_id: a,
      reviewer_id: people.alice.user.id,
      verdict: wrong('減価償却とは\n固定資産の…', 3),
    });
    const second = await submitReview(db(), {
      log_id: a,
      reviewer_id: people.bob.user.id,
      verdict: wrong('  減価償却とは 固定資産の…  ', 1),
    });
    expect(second).toMatchObject({ outcome: 'accepted', reviewsIn: 2 });
    const log = await getLog(db(), a);
    expect(log).toMatchObject({
      evaluation: 3,
      reason: 'r',
      correct_answer: '減価償却とは\n固定資産の…',
      priority: 1,
      status: 3,
    });
    expect(log.evaluated_at).not.toBeNull();
    // Settled: gone from carol's queue (counted as closed), and closed to further reviews.
    const carol = await reviewQueue(db(), people.carol.user.id);
    expect(carol.items.map((i) => i.logId)).toEqual([b]);
    expect(carol.counts).toEqual({ toReview: 1, reviewed: 0, closed: 1 });
    await expect(
      submitReview(db(), { log_id: a, reviewer_id: people.carol.user.id, verdict: { evaluation: 1 } }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'review_settled' });
    expect(await reviewItem(db(), a, people.alice.user.id)).toMatchObject({
      state: 'settled',
      accepted: { evaluation: 3, priority: 1 },
      original: { evaluation: 3, correct_answer: '正解 1' },
    });

    // Two 良い reviews settle too; the log's old correction is cleared.
    await submitReview(db(), { log_id: b, reviewer_id: people.carol.user.id, verdict: { evaluation: 1 } });
    expect(
      (await submitReview(db(), { log_id: b, reviewer_id: people.bob.user.id, verdict: { evaluation: 1 } }))
        .outcome,
    ).toBe('accepted');
    expect(await getLog(db(), b)).toMatchObject({
      evaluation: 1,
      reason: null,
      correct_answer: null,
      priority: null,
      status: 3,
    });
  });

  it('sends disagreements to their lead, who picks a review or writes a verdict; only settled logs get status 3', async () => {
    const { logs, people, poc } = await seedReviewTeam(db(), [3, 3, 2]);
    const [a, b, c] = logs.map((l) => l.id) as [number, number, number];
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [a, b, c] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const alice = people.alice.user.id;
    const bob = people.bob.user.id;
    const lead = people.lead.user.id;
    // a: ratings differ; b: same rating, different corrections; c: only one review in.
    await submitReview(db(), { log_id: a, reviewer_id: alice, verdict: wrong('A') });
    expect(
      (await submitReview(db(), { log_id: a, reviewer_id: bob, verdict: { evaluation: 1 } })).outcome,
    ).toBe('disputed');
    await submitReview(db(), { log_id: b, reviewer_id: alice, verdict: wrong('B by alice') });
    expect(
      (await submitReview(db(), { log_id: b, reviewer_id: bob, verdict: wrong('B by bob') })).outcome,
    ).toBe('disputed');
    await submitReview(db(), { log_id: c, reviewer_id: alice, verdict: wrong('C') });

    const disputed = await listDisagreements(db(), { lead_id: lead, poc_id: poc.id });
    expect(disputed.map((d) => [d.item.logId, d.on])).toEqual([
      [a, 'rating'],
      [b, 'correction'],
    ]);
    expect(disputed[1]).toMatchObject({
      original: { evaluation: 3, correct_answer: '正解 2', rater: 'rater' },
      reviews: [
        { reviewer: 'alice', correct_answer: 'B by alice' },
        { reviewer: 'bob', correct_answer: 'B by bob' },
      ],
    });
    expect(await listDisagreements(db(), { lead_id: alice })).toEqual([]);
    expect((await Promise.all([a, b, c].map((id) => getLog(db(), id)))).map((l) => l.status)).toEqual([
      1, 1, 1,
    ]);

    await expect(
      resolveDisagreement(db(), { log_id: a, lead_id: alice, decision: { pick: 'bob' } }),
    ).rejects.toMatchObject({
      kind: 'not_found',
      code: 'review_not_led',
    });
    await expect(
      resolveDisagreement(db(), { log_id: c, lead_id: lead, decision: { pick: 'alice' } }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'reviews_pending',
    });
    await expect(
      resolveDisagreement(db(), { log_id: a, lead_id: lead, decision: { pick: 'carol' } }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'picked_review_not_found',
    });
    expect(await reviewRowCounts(db())).toMatchObject({ review_adjudications: 0 });

    const picked = await resolveDisagreement(db(), { log_id: a, lead_id: lead, decision: { pick: 'bob' } });
    expect(picked).toMatchObject({ picked: 'bob', verdict: { evaluation: 1 } });
    expect(await getLog(db(), a)).toMatchObject({ evaluation: 1, correct_answer: null, status: 3 });
    const written = await resolveDisagreement(db(), {
      log_id: b,
      lead_id: lead,
      decision: { verdict: { evaluation: 2, reason: 'lead', correct_answer: 'B final' } },
    });
    expect(written).toMatchObject({
      picked: null,
      verdict: { evaluation: 2, correct_answer: 'B final', priority: 2 },
    });
    expect(await getLog(db(), b)).toMatchObject({
      evaluation: 2,
      reason: 'lead',
      correct_answer: 'B final',
      status: 3,
    });
    await expect(
      resolveDisagreement(db(), { log_id: b, lead_id: lead, decision: { pick: 'alice' } }),
    ).rejects.toMatchObject({
      code: 'review_settled',
    });
    expect(await listDisagreements(db(), { lead_id: lead })).toEqual([]);
    expect((await getLog(db(), c)).status).toBe(1);
  });

  it('measures agreement per pair of reviewers and per PoC, and each reviewer’s agreement with the accepted verdict', async () => {
    const { logs, people, poc } = await seedReviewTeam(db(), [3, 3, 3, 2, 1, 1]);
    const ids = logs.map((l) => l.id);
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: ids.slice(0, 4) },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: ids.slice(4) },
      reviewers: ['alice', 'bob', 'carol'],
      required_reviews: 3,
      lead: 'lead',
    });
    const say = (logId: number, who: 'alice' | 'bob' | 'carol', evaluation: 1 | 2 | 3) =>
      submitReview(db(), {
        log_id: logId,
        reviewer_id: people[who].user.id,
        verdict: evaluation === 1 ? { evaluation } : { evaluation, reason: 'r', correct_answer: 'same' },
      });
    // alice / bob on six logs: 3/3, 3/3, 2/2, 2/3, 1/1, 1/2 → agree on 4 of 6.
    const pairs: [number, 1 | 2 | 3, 1 | 2 | 3][] = [
      [ids[0]!, 3, 3],
      [ids[1]!, 3, 3],
      [ids[2]!, 2, 2],
      [ids[3]!, 2, 3],
      [ids[4]!, 1, 1],
      [ids[5]!, 1, 2],
    ];
    for (const [id, a, b] of pairs) {
      await say(id, 'alice', a);
      await say(id, 'bob', b);
    }
    await say(ids[4]!, 'carol', 1);
    await say(ids[5]!, 'carol', 1);
    await resolveDisagreement(db(), {
      log_id: ids[3]!,
      lead_id: people.lead.user.id,
      decision: { pick: 'bob' },
    });

    const stats = await reviewStats(db(), poc.id);
    expect(stats.logs).toEqual({ assigned: 6, waiting: 0, disputed: 1, settled: 5 });
    const aliceBob = stats.pairs.find((p) => p.reviewers.join() === 'alice,bob')!;
    // By hand: po = 4/6; alice 1,2,3 = 2,2,2 of 6; bob 1,2,3 = 1,2,3 of 6
    // pe = (2·1 + 2·2 + 2·3) / 36 = 12/36; κ = (24/36 − 12/36) / (24/36) = 0.5
    expect(aliceBob.items).toBe(6);
    expect(aliceBob.observed).toBeCloseTo(4 / 6, 10);
    expect(aliceBob.kappa).toBeCloseTo(0.5, 10);
    expect(aliceBob.reading).toBe('moderate');
    expect(stats.pairs.map((p) => [p.reviewers.join(), p.items])).toEqual([
      ['alice,bob', 6],
      ['alice,carol', 2],
      ['bob,carol', 2],
    ]);
    expect(stats.groups.map((g) => [g.raters, g.items])).toEqual([
      [2, 4],
      [3, 2],
    ]);
    // Accepted: 3, 3, 2 (agreed), 3 (bob picked), 1 (all three agreed); log 6 is disputed.
    const bobStats = stats.reviewers.find((r) => r.reviewer === 'bob')!;
    expect(bobStats).toMatchObject({ reviews: 6, settled: 5, agreed: 5, share: 1 });
    const aliceStats = stats.reviewers.find((r) => r.reviewer === 'alice')!;
    expect(aliceStats).toMatchObject({ reviews: 6, settled: 5, agreed: 4, share: 0.8 });
    expect(stats.reviewers.find((r) => r.reviewer === 'carol')).toMatchObject({
      reviews: 2,
      settled: 1,
      agreed: 1,
    });
  });

  it('settles each log exactly once when its reviews arrive at the same moment', async () => {
    const { logs, people } = await seedReviewTeam(db(), [3, 3, 3, 3, 3, 3, 3, 3]);
    const ids = logs.map((l) => l.id);
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: ids },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const outcomes = await Promise.all(
      ids.flatMap((logId) =>
        (['alice', 'bob'] as const).map((who) =>
          submitReview(db(), {
            log_id: logId,
            reviewer_id: people[who].user.id,
            verdict: wrong('同じ'),
          }).then((r) => r.outcome),
        ),
      ),
    );
    // Per log one review saw the other (accepted), never both and never neither.
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(ids.length);
    expect(outcomes.filter((o) => o === 'waiting')).toHaveLength(ids.length);
    expect((await Promise.all(ids.map((id) => getLog(db(), id)))).every((l) => l.status === 3)).toBe(true);
  });

  it('keeps every saved version of a PoC’s guidelines; the latest is current', async () => {
    const { poc, people } = await seedReviewTeam(db(), []);
    expect(await getGuidelines(db(), poc.id)).toEqual({ pocId: poc.id, current: null, versions: 0 });
    await saveGuidelines(db(), { pocId: poc.id, body: '# v1', userId: people.lead.user.id });
    const v2 = await saveGuidelines(db(), { pocId: poc.id, body: '# v2\n- 税率は10%', userId: null });
    expect(v2).toMatchObject({ body: '# v2\n- 税率は10%', savedBy: null });
    expect(await getGuidelines(db(), poc.id)).toMatchObject({
      current: { body: '# v2\n- 税率は10%' },
      versions: 2,
    });
    expect((await guidelinesHistory(db(), poc.id)).map((v) => [v.body, v.savedBy])).toEqual([
      ['# v2\n- 税率は10%', null],
      ['# v1', 'lead'],
    ]);
    await expect(saveGuidelines(db(), { pocId: 999, body: 'x', userId: null })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(
      saveGuidelines(db(), { pocId: poc.id, body: 'x'.repeat(100_001), userId: null }),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    expect((await getGuidelines(db(), poc.id)).versions).toBe(2);
  });
});
