// What the editor's review view is sent and does, on both databases (the host's link and backend over
// the real review core; the page is a list of messages): blind until I have submitted, my review then
// revealing the others; the lead's disagreements side by side and resolved by a pick or a verdict of
// their own (status 3 only then); teacher drafts streamed and recorded with the review, cancel; refused
// reviews said next to their field; guidelines beside the form; agreement figures.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { getLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { assignReviews, draftProvenance, saveGuidelines, submitReview } from '../../../src/core/review';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { describeEachDatabase } from '../../support/testDatabase';
import { reviewRowCounts, seedReviewTeam, wrong } from './reviewFixtures';
import { reviewHost } from './reviewViewHost';

let standIn: StandIn;
let slowStandIn: StandIn;
beforeAll(async () => {
  [standIn, slowStandIn] = await Promise.all([
    startStandIn('mlx', { args: ['--fake-answer=消費税の標準税率は10%です。'] }),
    startStandIn('mlx', { args: ['--fake-token-delay-ms=300'] }),
  ]);
});
afterAll(() => Promise.all([standIn.stop(), slowStandIn.stop()]));

describeEachDatabase('the review view (host side)', (get) => {
  const db = () => get().db;

  async function team() {
    const seeded = await seedReviewTeam(db());
    const ids = seeded.logs.map((l) => l.id);
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: ids },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    return { ...seeded, ids };
  }

  it('walks my queue blind: no other verdict is sent before mine, and mine reveals them', async () => {
    const { ids, people } = await team();
    // bob reviews first: his reason must not reach alice's page before she submits.
    await submitReview(db(), {
      log_id: ids[0]!,
      reviewer_id: people.bob.user.id,
      verdict: wrong('ボブの正解', 1),
    });
    const alice = reviewHost({ db: db(), user: people.alice.user, walk: 'queue' });
    await alice.send({ type: 'ready' });
    expect(alice.last('state')).toMatchObject({
      me: 'alice',
      walk: 'queue',
      total: 3,
      counts: { to_review: 3, reviewed: 0, closed: 0 },
    });
    const first = alice.last('item');
    expect(first).toMatchObject({
      position: 0,
      item: { kind: 'review', log_id: ids[0], state: 'to_review', mine: null, original: null, others: [] },
    });
    await alice.send({ type: 'show', position: 1 });
    await alice.send({ type: 'show', position: 0 });
    const sent = JSON.stringify(alice.posted);
    expect(sent).not.toContain('ボブの正解');
    expect(sent).not.toContain('理由 1'); // the first rater's reason
    expect(sent).not.toContain('"bob"');

    await alice.send({
      type: 'submit',
      position: 0,
      log_id: ids[0],
      verdict: { evaluation: 3, reason: '税率が古い', correct_answer: 'アリスの正解', priority: 2 },
      draft: null,
    });
    const revealed = alice.last('item')!;
    expect(revealed.item).toMatchObject({
      kind: 'review',
      state: 'disputed',
      mine: { evaluation: 3, correct_answer: 'アリスの正解' },
      original: { by: 'rater', evaluation: 3, reason: '理由 1' },
      others: [{ by: 'bob', correct_answer: 'ボブの正解', priority: 1 }],
      accepted: null,
    });
    expect(alice.last('state')?.counts).toEqual({ to_review: 2, reviewed: 1, closed: 0 });
    expect(alice.changed).toEqual([ids[0]]);
    expect((await getLog(db(), ids[0]!)).status).toBe(1);
    expect(alice.warnings).toEqual([]);
  });

  it("hands the lead the disagreement side by side; a pick settles it with status 3, a verdict of the lead's own too", async () => {
    const { ids, people } = await team();
    for (const [logId, a, b] of [
      [ids[0]!, wrong('十%です'), wrong('10%です')],
      [ids[1]!, wrong('A'), { evaluation: 1 as const }],
      [ids[2]!, { evaluation: 1 as const }, { evaluation: 1 as const }],
    ] as const) {
      await submitReview(db(), { log_id: logId, reviewer_id: people.alice.user.id, verdict: a });
      await submitReview(db(), { log_id: logId, reviewer_id: people.bob.user.id, verdict: b });
    }
    expect((await getLog(db(), ids[2]!)).status).toBe(3);
    const lead = reviewHost({ db: db(), user: people.lead.user, walk: 'disputes' });
    await lead.send({ type: 'ready' });
    expect(lead.last('state')).toMatchObject({ walk: 'disputes', total: 2, disputes: 2 });
    expect(lead.last('item')?.item).toMatchObject({
      kind: 'dispute',
      log_id: ids[0],
      on: 'correction',
      original: { by: 'rater', evaluation: 3 },
      reviews: [
        { by: 'alice', correct_answer: '十%です' },
        { by: 'bob', correct_answer: '10%です' },
      ],
      resolved: null,
    });

    await lead.send({ type: 'resolve', position: 0, log_id: ids[0], decision: { pick: 'bob' } });
    expect(lead.last('item')?.item).toMatchObject({
      kind: 'dispute',
      resolved: { picked: 'bob', verdict: { evaluation: 3, correct_answer: '10%です' } },
    });
    expect(await getLog(db(), ids[0]!)).toMatchObject({ status: 3, correct_answer: '10%です' });
    expect(lead.last('state')?.disputes).toBe(1);

    await lead.send({ type: 'show', position: 1 });
    expect(lead.last('item')?.item).toMatchObject({ log_id: ids[1], on: 'rating' });
    await lead.send({
      type: 'resolve',
      position: 1,
      log_id: ids[1],
      decision: {
        verdict: { evaluation: 2, reason: 'リードの理由', correct_answer: 'リードの正解', priority: 1 },
        draft: null,
      },
    });
    expect(await getLog(db(), ids[1]!)).toMatchObject({
      status: 3,
      evaluation: 2,
      correct_answer: 'リードの正解',
      priority: 1,
    });
    expect(lead.last('item')?.item).toMatchObject({ resolved: { picked: null } });
    expect(lead.changed).toEqual([ids[0], ids[1]]);

    // Alice's page, reopened on the settled log: the accepted verdict shows beside hers.
    const alice = reviewHost({ db: db(), user: people.alice.user, walk: 'queue', focus: ids[0] });
    await alice.send({ type: 'ready' });
    expect(alice.last('item')?.item).toMatchObject({
      state: 'settled',
      accepted: { correct_answer: '10%です' },
    });
  });

  it('streams a teacher draft into the correction and records it with the review; a cancelled one leaves nothing', async () => {
    const { ids, people } = await team();
    const teacher = await registerModel(db(), {
      model_name: 'mlx-community/Qwen2.5-72B',
      base_model: 'qwen72',
    });
    const alice = reviewHost({
      db: db(),
      user: people.alice.user,
      walk: 'queue',
      asker: () => createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' }),
      draftModel: () => teacher.id,
    });
    await alice.send({ type: 'ready' });
    await alice.send({
      type: 'draft',
      request_id: 'd1',
      log_id: ids[0],
      evaluation: 3,
      reason: '税率が古い',
    });
    expect(alice.last('draftStarted')).toMatchObject({
      request_id: 'd1',
      model_id: teacher.id,
      model_name: 'mlx-community/Qwen2.5-72B v1',
    });
    const streamed = alice.posted
      .filter((m) => m.type === 'draftDelta')
      .map((m) => (m as { text: string }).text)
      .join('');
    const done = alice.last('draftDone')!;
    expect(streamed).toBe('消費税の標準税率は10%です。');
    expect(done.text).toBe(streamed);
    expect(await reviewRowCounts(db())).toMatchObject({ correction_drafts: 0 });

    await alice.send({
      type: 'submit',
      position: 0,
      log_id: ids[0],
      verdict: { evaluation: 3, reason: '税率が古い', correct_answer: done.text, priority: 2 },
      draft: { model_id: teacher.id, drafted_at: done.drafted_at, text: done.text },
    });
    expect(await draftProvenance(db(), ids[0]!)).toMatchObject([
      { model_name: 'mlx-community/Qwen2.5-72B', edited: false, saved_by: 'alice', review_by: 'alice' },
    ]);

    // No model picked: the page is told, nothing else happens.
    const none = reviewHost({ db: db(), user: people.bob.user, walk: 'queue', draftModel: () => undefined });
    await none.send({ type: 'ready' });
    await none.send({ type: 'draft', request_id: 'd0', log_id: ids[0], evaluation: 3, reason: 'r' });
    expect(none.last('draftEnded')).toEqual({
      type: 'draftEnded',
      request_id: 'd0',
      log_id: ids[0],
      message: null,
    });

    // A slow teacher, cancelled once its first words are in: the page gets draftEnded, nothing is stored.
    const bob = reviewHost({
      db: db(),
      user: people.bob.user,
      walk: 'queue',
      asker: () => createModelAsker({ baseUrl: slowStandIn.baseUrl, provider: 'openai' }),
      draftModel: () => teacher.id,
      post: (message) => {
        if (message.type === 'draftDelta') void bob.send({ type: 'cancelDraft', request_id: 'd2' });
      },
    });
    await bob.send({ type: 'ready' });
    await bob.send({ type: 'draft', request_id: 'd2', log_id: ids[1], evaluation: 2, reason: '不足' });
    expect(bob.last('draftEnded')).toEqual({
      type: 'draftEnded',
      request_id: 'd2',
      log_id: ids[1],
      message: null,
    });
    expect(bob.last('draftDone')).toBeUndefined();
    expect(await reviewRowCounts(db())).toMatchObject({ correction_drafts: 1 });
  });

  it('says a refused review next to its field, a second one as a conflict, and refuses bad messages', async () => {
    const { ids, people } = await team();
    const alice = reviewHost({ db: db(), user: people.alice.user, walk: 'queue' });
    await alice.send({ type: 'ready' });
    const before = await reviewRowCounts(db());
    await alice.send({
      type: 'submit',
      position: 0,
      log_id: ids[0],
      verdict: { evaluation: 2, reason: '足りない', correct_answer: null, priority: 2 },
      draft: null,
    });
    expect(alice.last('saveFailed')).toMatchObject({
      position: 0,
      field: 'correct_answer',
      message: expect.stringMatching(/correct_answer: is required/),
    });
    // The page's walk and the log no longer match: refused, nothing written.
    await alice.send({
      type: 'submit',
      position: 1,
      log_id: ids[0],
      verdict: { evaluation: 1, reason: null, correct_answer: null, priority: null },
      draft: null,
    });
    expect(alice.last('saveFailed')?.message).toMatch(/no longer at this place/);
    expect(await reviewRowCounts(db())).toEqual(before);

    await submitReview(db(), {
      log_id: ids[0]!,
      reviewer_id: people.alice.user.id,
      verdict: { evaluation: 1 },
    });
    await alice.send({
      type: 'submit',
      position: 0,
      log_id: ids[0],
      verdict: { evaluation: 1, reason: null, correct_answer: null, priority: null },
      draft: null,
    });
    expect(alice.last('saveFailed')?.message).toMatch(/already reviewed/);
    // …and then shows the review already given, with what it reveals.
    expect(alice.last('item')?.item).toMatchObject({ mine: { evaluation: 1 }, original: { by: 'rater' } });

    await alice.send({ type: 'submit', position: 0, log_id: ids[0], verdict: { evaluation: 4 } });
    await alice.send({ type: 'ship', position: 0 });
    expect(alice.warnings).toHaveLength(2);
    expect(alice.warnings[0]).toMatch(/^Refused an invalid message from the review view/);
  });

  it('sends the PoC guidelines with every entry, and the agreement figures with mine', async () => {
    const { ids, people, poc } = await team();
    await saveGuidelines(db(), {
      pocId: poc.id,
      body: '# 評価の基準\n\n- 税率は **最新** のものを\n- <script>alert(1)</script>',
      userId: people.lead.user.id,
    });
    const alice = reviewHost({ db: db(), user: people.alice.user, walk: 'queue' });
    await alice.send({ type: 'ready' });
    expect(alice.last('item')?.guidelines).toMatchObject({
      poc_id: poc.id,
      poc_name: poc.name,
      saved_by: 'lead',
      versions: 1,
      body_md: [
        { t: 'h1', c: ['評価の基準'] },
        {
          t: 'ul',
          c: [
            { t: 'li', c: ['税率は ', { t: 'strong', c: ['最新'] }, ' のものを'] },
            { t: 'li', c: ['<script>alert(1)</script>'] },
          ],
        },
      ],
    });
    await alice.send({ type: 'editGuidelines', poc_id: poc.id });
    expect(alice.guidelinesOpened).toEqual([poc.id]);

    for (const logId of ids) {
      await submitReview(db(), {
        log_id: logId,
        reviewer_id: people.alice.user.id,
        verdict: { evaluation: 1 },
      });
      await submitReview(db(), {
        log_id: logId,
        reviewer_id: people.bob.user.id,
        verdict: { evaluation: 1 },
      });
    }
    await alice.link.showAgreement(poc.id, true);
    expect(alice.last('agreement')?.agreement).toMatchObject({
      poc_id: poc.id,
      me: 'alice',
      logs: { assigned: 3, settled: 3, waiting: 0, disputed: 0 },
      pairs: [{ reviewers: ['alice', 'bob'], items: 3, kappa: null, reading: null }],
      reviewers: [
        { reviewer: 'alice', reviews: 3, settled: 3, agreed: 3, share: 1 },
        { reviewer: 'bob', reviews: 3, settled: 3, agreed: 3, share: 1 },
      ],
    });
  });
});
