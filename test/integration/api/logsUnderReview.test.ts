// PUT /logs/{id} and review, over real HTTP on both databases: a log never assigned is rated exactly as
// the design's API always did; once under review its verdict is its reviewers' (409 log_under_review,
// then 409 review_settled once settled, nothing changed), while its memo alone can still be edited.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getLog } from '../../../src/core/domain/logs';
import { assignReviews, submitReview } from '../../../src/core/review';
import { describeEachDatabase } from '../../support/testDatabase';
import { seedReviewTeam, wrong } from '../review/reviewFixtures';
import { startTestApi, type TestApi } from './apiHarness';

describeEachDatabase('PUT /logs/{id} of a log under review', (get) => {
  let api: TestApi;
  beforeAll(async () => {
    // No model is asked here: the model server's address is never used.
    api = await startTestApi(get().db, { baseUrl: 'http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await api?.close();
  });
  let team: Awaited<ReturnType<typeof seedReviewTeam>>;
  beforeEach(async () => {
    team = await seedReviewTeam(get().db, [3, 3, 2]);
  });

  it('keeps the design’s behaviour for a log never assigned, and refuses a new verdict under review', async () => {
    const [reviewed, free] = team.logs.map((l) => l.id) as [number, number];
    await assignReviews(get().db, {
      selection: { kind: 'logs', log_ids: [reviewed] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const key = team.people.rater.apiKey;
    const rate = (id: number, body: unknown) => api.call('PUT', `/logs/${id}`, { key, body });

    const untouched = await rate(free, { evaluation: 1 });
    expect(untouched.status).toBe(200);
    expect((await getLog(get().db, free)).evaluation).toBe(1);

    const before = await getLog(get().db, reviewed);
    const pending = await rate(reviewed, { evaluation: 1 });
    expect(pending).toMatchObject({
      status: 409,
      body: { code: 'log_under_review', detail: expect.any(String) },
    });
    expect(await getLog(get().db, reviewed)).toEqual(before);

    for (const reviewer of [team.people.alice, team.people.bob])
      await submitReview(get().db, {
        log_id: reviewed,
        reviewer_id: reviewer.user.id,
        verdict: wrong('合意した正解'),
      });
    const settled = await getLog(get().db, reviewed);
    expect(settled).toMatchObject({ status: 3, correct_answer: '合意した正解' });
    const changed = await rate(reviewed, { evaluation: 3, reason: 'x', correct_answer: '別の正解' });
    expect(changed).toMatchObject({ status: 409, body: { code: 'review_settled' } });
    expect(await getLog(get().db, reviewed)).toEqual(settled);

    const memo = await rate(reviewed, {
      evaluation: 3,
      reason: settled.reason,
      correct_answer: settled.correct_answer,
      priority: settled.priority,
      memo: '確認済み',
    });
    expect(memo.status).toBe(200);
    expect(await getLog(get().db, reviewed)).toMatchObject({
      memo: '確認済み',
      status: 3,
      correct_answer: '合意した正解',
    });
  });
});
