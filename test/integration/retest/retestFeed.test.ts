// The re-test view's host side against both databases and the MLX stand-in: a run shown whole, its
// progress batched into few messages (every changed row in one, the answer streamed throttled), the
// selected question in full with both sides, counts moved by a rating saved through the domain's own
// evaluateLog, and a source log whose model row is gone left out by name with the rest of the run kept.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { evaluateLog, getLog, recordLog } from '../../../src/core/domain/logs';
import { getModel, registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { createRetestRun, retestItems, retestRun, runRetest } from '../../../src/core/retest';
import { answerTree, markdownTree } from '../../../src/extension/panel/markdownTree';
import { RetestFeed, type RetestHostMessage } from '../../../src/extension/retest/retestFeed';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx', { args: ['--token-delay-ms=5'] });
});
afterAll(() => standIn.stop());

type Of<T extends RetestHostMessage['type']> = Extract<RetestHostMessage, { type: T }>;

describeEachDatabase('the re-test view’s feed', (get) => {
  const db = () => get().db;
  const asker = () => createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' });

  function feed() {
    const posted: RetestHostMessage[] = [];
    const feed = new RetestFeed({
      db: async () => db(),
      core: () => ({ retestRun, retestItems, getLog, getModel, markdownTree, answerTree }),
      post: (message) => posted.push(message),
      warn: (message) => expect.fail(message),
      // Longer than the run: every row it changes goes out in the one flush at its end.
      intervalMs: 60_000,
    });
    const of = <T extends RetestHostMessage['type']>(type: T) =>
      posted.filter((m): m is Of<T> => m.type === type);
    return { feed, posted, of };
  }

  async function seed(count: number) {
    const seeded = await seedSession(db());
    const logs = [];
    for (let i = 0; i < count; i++) {
      const log = await recordLog(db(), {
        session_id: seeded.session.id,
        question: `消費税の質問 ${i}`,
        answer: `旧: 消費税は8%です ${i}`,
        latency_ms: 1,
      });
      await evaluateLog(db(), log.id, {
        evaluation: 3,
        reason: `理由 ${i}`,
        correct_answer: `消費税の質問 ${i} の答えは10%です`,
      });
      logs.push(log);
    }
    const v2 = await registerModel(db(), { model_name: 'qwen2.5:14b', base_model: 'qwen2.5', version: 2 });
    const { runId, skipped } = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: seeded.user.id,
      source: { kind: 'logs', log_ids: logs.map((l) => l.id) },
    });
    expect(skipped).toEqual([]);
    return { ...seeded, logs, v2, runId };
  }

  it('shows the run, batches its progress into one message of changed rows, and streams the answer', async () => {
    const { runId } = await seed(6);
    const { feed: view, of, posted } = feed();
    await view.show(runId);
    const [whole] = of('retestRun');
    expect(whole?.rows.map((r) => [r.position, r.state, r.flip, r.before])).toEqual(
      [0, 1, 2, 3, 4, 5].map((p) => [p, 'waiting', 'not_asked', 3]),
    );
    expect(whole?.run).toMatchObject({ status: 'ready', target: 'qwen2.5 v2', total: 6, answering: null });

    const events = view.eventsFor(runId);
    await runRetest(db(), asker(), runId, {
      onStart: events.onStart,
      onDelta: events.onDelta,
      onItem: events.onItem,
    });
    events.onStopped();
    await view.flush();
    // Six questions, each streamed token by token: one message with every changed row, and the
    // stream throttled to a few messages per answer rather than one per token.
    const rows = of('retestRows');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rows.map((r) => r.state)).toEqual(Array(6).fill('answered'));
    expect(rows[0]!.counts).toMatchObject({ unrated: 6, not_asked: 0 });
    expect(rows[0]!.run).toMatchObject({ status: 'done', answering: null });
    const stream = of('retestAnswerProgress');
    expect(new Set(stream.map((m) => m.position)).size).toBeGreaterThan(0);
    expect(stream.length).toBeLessThan(6 * 8);
    expect(posted.length).toBe(1 + rows.length + stream.length);
  });

  it('sends the selected question in full and moves the counts when its new answer is rated', async () => {
    const { runId } = await seed(2);
    await runRetest(db(), asker(), runId);
    const { feed: view, of } = feed();
    await view.show(runId);
    await view.select(runId, 0);
    const [item] = of('retestItem');
    expect(item?.reveal).toBe(false);
    expect(item?.item.before).toMatchObject({
      evaluation: 3,
      reason: '理由 0',
      correction: '消費税の質問 0 の答えは10%です',
    });
    expect(item?.item.after?.question).toBe('消費税の質問 0');
    expect(item?.item.after?.evaluated_at).toBeNull();
    expect(item?.item.similarity).toBeGreaterThan(0);

    // Rated good through the domain's own code, as the panel's saveRating does.
    const newLogId = item!.item.after!.id;
    await evaluateLog(db(), newLogId, { evaluation: 1 });
    view.logsChanged([newLogId, 999_999]);
    await view.flush();
    const [rows] = of('retestRows');
    expect(rows?.rows).toEqual([expect.objectContaining({ position: 0, state: 'rated', flip: 'fixed' })]);
    expect(rows?.counts).toMatchObject({ fixed: 1, unrated: 1 });
    // The selected question goes out again with its rating.
    const again = of('retestItem').at(-1);
    expect(again?.item).toMatchObject({ position: 0, flip: 'fixed' });
    expect(again?.item.after?.evaluated_at).not.toBeNull();

    // Closed: nothing more is sent for it.
    view.close(runId);
    const before = of('retestRows').length;
    view.logsChanged([newLogId]);
    await view.flush();
    expect(of('retestRows')).toHaveLength(before);
  });

  it('leaves out a log whose session’s model row is gone, naming it, and re-tests the rest', async () => {
    const { user, poc, logs, v2 } = await seed(2);
    // A model deleted where the design's foreign keys are not enforced (the training app's database).
    const gone = await registerModel(db(), { model_name: 'old-model', base_model: 'old', version: 1 });
    const session = await startSession(db(), { user_id: user.id, poc_id: poc.id, model_id: gone.id });
    const orphan = await recordLog(db(), {
      session_id: session.id,
      question: '孤児',
      answer: 'a',
      latency_ms: 1,
    });
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await trx.deleteFrom('models').where('id', '=', gone.id).execute();
      });

    const created = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'logs', log_ids: [...logs.map((l) => l.id), orphan.id] },
    });
    expect(created.skipped).toEqual([{ logId: orphan.id, missingModelId: gone.id }]);
    expect(created.items).toBe(2);
    expect((await runRetest(db(), asker(), created.runId)).status).toBe('done');
    const items = await retestItems(db(), created.runId);
    expect(items.map((i) => i.sourceLogId)).toEqual(logs.map((l) => l.id));

    // Only such logs: a clear refusal naming them, and no run half-written.
    const runsBefore = await db().selectFrom('retest_runs').select('id').execute();
    await expect(
      createRetestRun(db(), {
        target_model_id: v2.id,
        user_id: user.id,
        source: { kind: 'logs', log_ids: [orphan.id] },
      }),
    ).rejects.toThrow(`Nothing to re-test: the model of log ${orphan.id} no longer exists.`);
    expect(await db().selectFrom('retest_runs').select('id').execute()).toEqual(runsBefore);
  });
});
