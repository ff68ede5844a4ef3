// The review endpoints over real HTTP on loopback, on both databases: the API key's user is "me"; a
// log not assigned to me is 404, a second review 409, a bad body 400 / 422 in the one error shape —
// and nothing is written on any of them.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getLog } from '../../../src/core/domain/logs';
import { assignReviews } from '../../../src/core/review';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { describeEachDatabase } from '../../support/testDatabase';
import { reviewRowCounts, seedReviewTeam } from '../review/reviewFixtures';
import { startTestApi, type TestApi } from './apiHarness';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(async () => {
  await standIn?.stop();
});

const isoZ = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const errorShape = (code: string) => ({ detail: expect.any(String), code });

describeEachDatabase('REST review endpoints', (get) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(get().db, { baseUrl: standIn.baseUrl, bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await api?.close();
  });
  let team: Awaited<ReturnType<typeof seedReviewTeam>>;
  let keys: Record<'rater' | 'lead' | 'alice' | 'bob' | 'carol', string>;
  beforeEach(async () => {
    team = await seedReviewTeam(get().db, [3, 3, 2]);
    const p = team.people;
    keys = {
      rater: p.rater.apiKey,
      lead: p.lead.apiKey,
      alice: p.alice.apiKey,
      bob: p.bob.apiKey,
      carol: p.carol.apiKey,
    };
  });
  const ids = () => team.logs.map((l) => l.id) as [number, number, number];
  const assignAll = () =>
    api.call('POST', '/reviews/assignments', {
      key: keys.lead,
      body: { log_ids: ids(), reviewers: ['alice', 'bob'], required_reviews: 2 },
    });

  it('lists the review endpoints in /openapi.json and asks for a key on each', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(body.paths).toMatchObject({
      '/reviews/queue': { get: expect.anything() },
      '/reviews/logs/{id}': { get: expect.anything(), post: expect.anything() },
      '/reviews/logs/{id}/resolution': { post: expect.anything() },
      '/reviews/disagreements': { get: expect.anything() },
      '/reviews/assignments': { post: expect.anything() },
      '/reviews/stats': { get: expect.anything() },
      '/pocs/{id}/guidelines': { get: expect.anything(), put: expect.anything() },
    });
    expect(body.components.schemas.ReviewVerdict.additionalProperties).toBe(false);
    for (const [method, path] of [
      ['GET', '/reviews/queue'],
      ['GET', '/reviews/logs/1'],
      ['POST', '/reviews/logs/1'],
      ['GET', '/reviews/disagreements'],
      ['POST', '/reviews/logs/1/resolution'],
      ['POST', '/reviews/assignments'],
      ['GET', '/reviews/stats?poc_id=1'],
      ['GET', '/pocs/1/guidelines'],
      ['PUT', '/pocs/1/guidelines'],
    ] as const) {
      const response = await api.call(method, path, { body: method === 'GET' ? undefined : {} });
      expect(response, `${method} ${path}`).toMatchObject({
        status: 401,
        body: errorShape('missing_api_key'),
      });
    }
  });

  it('assigns as the caller (the lead), refusing too few reviewers and unknown users with nothing written', async () => {
    const tooFew = await api.call('POST', '/reviews/assignments', {
      key: keys.lead,
      body: { log_ids: ids(), reviewers: ['alice'], required_reviews: 2 },
    });
    expect(tooFew).toMatchObject({ status: 422, body: errorShape('too_few_reviewers') });
    const unknown = await api.call('POST', '/reviews/assignments', {
      key: keys.lead,
      body: { log_ids: ids(), reviewers: ['alice', 'zed'], required_reviews: 2 },
    });
    expect(unknown).toMatchObject({ status: 422, body: errorShape('user_not_found') });
    expect(unknown.body.detail).toMatch(/"zed"/);
    const both = await api.call('POST', '/reviews/assignments', {
      key: keys.lead,
      body: { log_ids: ids(), poc_id: team.poc.id, reviewers: ['alice'], required_reviews: 1 },
    });
    expect(both).toMatchObject({ status: 422, body: errorShape('validation_failed') });
    expect((await reviewRowCounts(get().db)).review_assignments).toBe(0);

    const assigned = await assignAll();
    expect(assigned).toMatchObject({
      status: 201,
      body: { log_ids: ids(), reviewers: ['alice', 'bob'], required_reviews: 2, lead: 'lead' },
    });
    expect(await assignAll()).toMatchObject({ status: 409, body: errorShape('log_already_assigned') });
  });

  it('shows me only my assignments, blind, and 404s a log not assigned to me', async () => {
    await assignAll();
    const queue = await api.call('GET', '/reviews/queue', { key: keys.alice });
    expect(queue.status).toBe(200);
    expect(queue.body.counts).toEqual({ to_review: 3, reviewed: 0, closed: 0 });
    expect(queue.body.items.map((i: { log_id: number }) => i.log_id)).toEqual(ids());
    expect(queue.body.items[0]).toMatchObject({
      question: '質問 1',
      answer: '回答 1',
      timestamp: expect.stringMatching(isoZ),
    });
    expect(queue.body.items[0]).not.toHaveProperty('evaluation');
    expect(JSON.stringify(queue.body)).not.toMatch(/理由|正解/);
    expect(await api.call('GET', '/reviews/queue', { key: keys.carol })).toMatchObject({
      status: 200,
      body: { items: [], counts: { to_review: 0, reviewed: 0, closed: 0 } },
    });
    expect(
      await api.call('GET', `/reviews/queue?poc_id=${team.poc.id + 1}`, { key: keys.alice }),
    ).toMatchObject({
      body: { items: [] },
    });
    expect(await api.call('GET', '/reviews/queue?poc_id=abc', { key: keys.alice })).toMatchObject({
      status: 422,
      body: errorShape('validation_failed'),
    });

    const [a] = ids();
    expect(await api.call('GET', `/reviews/logs/${a}`, { key: keys.alice })).toMatchObject({
      status: 200,
      body: { state: 'to_review', mine: null, original: null, others: [] },
    });
    const notMine = await api.call('GET', `/reviews/logs/${a}`, { key: keys.carol });
    expect(notMine).toMatchObject({ status: 404, body: errorShape('review_not_assigned') });
    const postNotMine = await api.call('POST', `/reviews/logs/${a}`, {
      key: keys.carol,
      body: { evaluation: 1 },
    });
    expect(postNotMine).toMatchObject({ status: 404, body: errorShape('review_not_assigned') });
    // The rater owns the log but was not assigned it: still not theirs to review.
    expect(
      await api.call('POST', `/reviews/logs/${a}`, { key: keys.rater, body: { evaluation: 1 } }),
    ).toMatchObject({ status: 404 });
    expect((await reviewRowCounts(get().db)).log_reviews).toBe(0);
  });

  it('refuses bad bodies with the error shape and a second review with 409, writing nothing', async () => {
    await assignAll();
    const [a] = ids();
    const path = `/reviews/logs/${a}`;
    const bad: [unknown, number, string, RegExp][] = [
      [
        { evaluation: 4 },
        422,
        'validation_failed',
        /evaluation: must be 1 \(good\), 2 \(insufficient\) or 3 \(wrong\)/,
      ],
      [
        { evaluation: 3, reason: 'r' },
        422,
        'validation_failed',
        /correct_answer: is required for evaluation 2 and 3/,
      ],
      [{ evaluation: 1, reason: 'r' }, 422, 'validation_failed', /reason: is only for evaluation 2 or 3/],
      [{ evaluation: 1, memo: 'x' }, 422, 'validation_failed', /unknown field: memo/],
      [
        { evaluation: 2, reason: 'r', correct_answer: 'c', priority: 0 },
        422,
        'validation_failed',
        /priority/,
      ],
      [
        {
          evaluation: 3,
          reason: 'r',
          correct_answer: 'c',
          draft: { model_id: 1, drafted_at: 'yesterday', text: 'c' },
        },
        422,
        'validation_failed',
        /draft\.drafted_at/,
      ],
    ];
    for (const [body, status, code, detail] of bad) {
      const response = await api.call('POST', path, { key: keys.alice, body });
      expect(response, JSON.stringify(body)).toMatchObject({ status, body: errorShape(code) });
      expect(response.body.detail).toMatch(detail);
    }
    expect(await api.call('POST', path, { key: keys.alice, rawBody: '{"evaluation": 1' })).toMatchObject({
      status: 400,
      body: errorShape('invalid_json'),
    });
    expect(
      await api.call('POST', path, {
        key: keys.alice,
        body: { evaluation: 1 },
        headers: { 'content-type': 'text/plain' },
      }),
    ).toMatchObject({ status: 415, body: errorShape('unsupported_media_type') });
    expect(
      await api.call('POST', path, {
        key: keys.alice,
        body: { evaluation: 3, reason: 'r', correct_answer: 'x'.repeat(70_000) },
      }),
    ).toMatchObject({ status: 413, body: errorShape('payload_too_large') });
    expect((await reviewRowCounts(get().db)).log_reviews).toBe(0);

    // A draft naming a model that does not exist: 404, and the review it came with is not kept either.
    const ghostModel = await api.call('POST', path, {
      key: keys.alice,
      body: {
        evaluation: 3,
        reason: 'r',
        correct_answer: 'c',
        draft: { model_id: 999, drafted_at: new Date().toISOString(), text: 'c' },
      },
    });
    expect(ghostModel).toMatchObject({ status: 404, body: errorShape('model_not_found') });
    expect(await reviewRowCounts(get().db)).toMatchObject({ log_reviews: 0, correction_drafts: 0 });

    const drafted = await api.call('POST', `/reviews/logs/${ids()[1]}`, {
      key: keys.alice,
      body: {
        evaluation: 3,
        reason: 'r',
        correct_answer: 'c (edited)',
        draft: { model_id: team.model.id, drafted_at: new Date().toISOString(), text: 'c' },
      },
    });
    expect(drafted.status).toBe(201);
    expect(await reviewRowCounts(get().db)).toMatchObject({ log_reviews: 1, correction_drafts: 1 });

    const first = await api.call('POST', path, {
      key: keys.alice,
      body: { evaluation: 3, reason: 'r', correct_answer: 'c' },
    });
    expect(first).toMatchObject({
      status: 201,
      body: {
        log_id: a,
        outcome: 'waiting',
        reviews_in: 1,
        required_reviews: 2,
        reviewed_at: expect.stringMatching(isoZ),
      },
    });
    const again = await api.call('POST', path, { key: keys.alice, body: { evaluation: 1 } });
    expect(again).toMatchObject({ status: 409, body: errorShape('review_exists') });
    expect((await reviewRowCounts(get().db)).log_reviews).toBe(2);
  });

  it('walks a PoC through: agreement verifies, a disagreement goes to the lead alone, who resolves it', async () => {
    await assignAll();
    const [a, b, c] = ids();
    const review = (who: 'alice' | 'bob', logId: number, body: unknown) =>
      api.call('POST', `/reviews/logs/${logId}`, { key: keys[who], body });
    const wrongWith = (correction: string) => ({ evaluation: 3, reason: 'r', correct_answer: correction });
    await review('alice', a, wrongWith('正しくは10%'));
    expect((await review('bob', a, wrongWith(' 正しくは10% '))).body.outcome).toBe('accepted');
    await review('alice', b, wrongWith('B1'));
    expect((await review('bob', b, { evaluation: 1 })).body.outcome).toBe('disputed');
    await review('alice', c, { evaluation: 1 });

    const seen = await api.call('GET', `/reviews/logs/${b}`, { key: keys.alice });
    expect(seen.body).toMatchObject({
      state: 'disputed',
      mine: { evaluation: 3 },
      original: {
        evaluation: 3,
        correct_answer: '正解 2',
        rater: 'rater',
        rated_at: expect.stringMatching(isoZ),
      },
      others: [{ reviewer: 'bob', evaluation: 1 }],
    });

    expect(await api.call('GET', '/reviews/disagreements', { key: keys.alice })).toMatchObject({
      status: 200,
      body: { disagreements: [] },
    });
    const list = await api.call('GET', `/reviews/disagreements?poc_id=${team.poc.id}`, { key: keys.lead });
    expect(list.body.disagreements).toHaveLength(1);
    expect(list.body.disagreements[0]).toMatchObject({
      item: { log_id: b },
      on: 'rating',
      reviews: [
        { reviewer: 'alice', evaluation: 3, correct_answer: 'B1' },
        { reviewer: 'bob', evaluation: 1 },
      ],
    });

    const resolution = `/reviews/logs/${b}/resolution`;
    expect(await api.call('POST', resolution, { key: keys.alice, body: { pick: 'alice' } })).toMatchObject({
      status: 404,
      body: errorShape('review_not_led'),
    });
    expect(
      await api.call('POST', `/reviews/logs/${c}/resolution`, { key: keys.lead, body: { pick: 'alice' } }),
    ).toMatchObject({
      status: 409,
      body: errorShape('reviews_pending'),
    });
    expect(
      await api.call('POST', resolution, { key: keys.lead, body: { pick: 'alice', evaluation: 1 } }),
    ).toMatchObject({
      status: 422,
      body: errorShape('validation_failed'),
    });
    expect(await api.call('POST', resolution, { key: keys.lead, body: {} })).toMatchObject({ status: 422 });
    expect((await reviewRowCounts(get().db)).review_adjudications).toBe(0);
    const resolved = await api.call('POST', resolution, {
      key: keys.lead,
      body: { evaluation: 2, reason: '部分的', correct_answer: 'B final', priority: 1 },
    });
    expect(resolved).toMatchObject({
      status: 200,
      body: { log_id: b, picked: null, verdict: { evaluation: 2, correct_answer: 'B final', priority: 1 } },
    });
    expect(await api.call('POST', resolution, { key: keys.lead, body: { pick: 'bob' } })).toMatchObject({
      status: 409,
      body: errorShape('review_settled'),
    });

    const db = get().db;
    expect(
      (await Promise.all([a, b, c].map((id) => getLog(db, id)))).map((l) => [
        l.status,
        l.evaluation,
        l.correct_answer,
      ]),
    ).toEqual([
      [3, 3, '正しくは10%'],
      [3, 2, 'B final'],
      [1, 2, '正解 3'],
    ]);

    const stats = await api.call('GET', `/reviews/stats?poc_id=${team.poc.id}`, { key: keys.alice });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      poc_id: team.poc.id,
      logs: { assigned: 3, waiting: 1, disputed: 0, settled: 2 },
      pairs: [{ reviewers: ['alice', 'bob'], items: 2, observed: 0.5 }],
      me: { reviewer: 'alice', reviews: 3, settled: 2, agreed: 1, share: 0.5 },
    });
    expect((await api.call('GET', '/reviews/stats?poc_id=999', { key: keys.alice })).status).toBe(404);
    expect((await api.call('GET', '/reviews/stats', { key: keys.alice })).status).toBe(422);
    expect(
      (await api.call('GET', `/reviews/stats?poc_id=${team.poc.id}`, { key: keys.carol })).body.me,
    ).toBeNull();
  });

  it('keeps guidelines per PoC as versions', async () => {
    const path = `/pocs/${team.poc.id}/guidelines`;
    expect(await api.call('GET', path, { key: keys.alice })).toMatchObject({
      status: 200,
      body: { poc_id: team.poc.id, body: null, versions: 0, saved_at: null },
    });
    const saved = await api.call('PUT', path, { key: keys.lead, body: { body: '# 基準\n- 税率は10%' } });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        body: '# 基準\n- 税率は10%',
        saved_by: 'lead',
        versions: 1,
        saved_at: expect.stringMatching(isoZ),
      },
    });
    await api.call('PUT', path, { key: keys.lead, body: { body: '# 基準 v2' } });
    expect(await api.call('GET', path, { key: keys.bob })).toMatchObject({
      body: { body: '# 基準 v2', versions: 2 },
    });
    expect(await api.call('PUT', path, { key: keys.lead, body: { text: 'x' } })).toMatchObject({
      status: 422,
      body: errorShape('validation_failed'),
    });
    expect(await api.call('PUT', path, { key: keys.lead, body: { body: 5 } })).toMatchObject({ status: 422 });
    expect(
      await api.call('PUT', '/pocs/999/guidelines', { key: keys.lead, body: { body: 'x' } }),
    ).toMatchObject({
      status: 404,
      body: errorShape('poc_not_found'),
    });
    expect((await reviewRowCounts(get().db)).review_guidelines).toBe(2);
  });

  it('assigns a PoC’s wrong answers by filter', async () => {
    const assigned = await api.call('POST', '/reviews/assignments', {
      key: keys.lead,
      body: { poc_id: team.poc.id, evaluations: [3], reviewers: ['alice'], required_reviews: 1 },
    });
    expect(assigned).toMatchObject({ status: 201, body: { log_ids: ids().slice(0, 2) } });
    await assignReviews(get().db, {
      selection: { kind: 'logs', log_ids: [ids()[2]] },
      reviewers: ['bob'],
      required_reviews: 1,
      lead: 'lead',
    });
    expect(
      await api.call('POST', '/reviews/assignments', {
        key: keys.lead,
        body: { poc_id: team.poc.id, reviewers: ['alice'], required_reviews: 1 },
      }),
    ).toMatchObject({ status: 422, body: errorShape('nothing_to_assign') });
  });
});
