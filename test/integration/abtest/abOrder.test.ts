// The order of an A/B item is really random and really hidden: over 200 items both orders occur about
// equally (a chi-square bound), the draws are not one fixed pattern, and what a voter sees before voting
// names no model and carries no id that could give the order away.
import { expect, it } from 'vitest';
import { abItems, abRunView, createAbRun, voteAb } from '../../../src/core/abtest';
import { recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

const ITEMS = 200;
/** χ² with one degree of freedom above 10.83 happens by chance once in a thousand runs. */
const CHI_SQUARE_999 = 10.83;

describeEachDatabase('A/B order', (get) => {
  const db = () => get().db;

  async function run() {
    const s = await seedSession(db());
    const one = await registerModel(db(), { model_name: 'secret-model-one', base_model: 'secret-base' });
    const two = await registerModel(db(), {
      model_name: 'secret-model-two',
      base_model: 'secret-base',
      version: 2,
    });
    const { runId } = await createAbRun(db(), {
      model_ids: [one.id, two.id],
      user_id: s.user.id,
      source: {
        kind: 'questions',
        poc_id: s.poc.id,
        questions: Array.from({ length: ITEMS }, (_, i) => ({ question: `question ${i}` })),
      },
    });
    return { ...s, one, two, runId };
  }

  it('draws which model is A per item: both orders, about half each, in no fixed pattern', async () => {
    const { one, two, runId } = await run();
    const items = await db()
      .selectFrom('ab_items')
      .select(['a_model_id', 'b_model_id'])
      .where('run_id', '=', runId)
      .orderBy('position')
      .execute();
    expect(items).toHaveLength(ITEMS);
    for (const item of items)
      expect([item.a_model_id, item.b_model_id].sort()).toEqual([one.id, two.id].sort());
    const firstIsA = items.filter((item) => item.a_model_id === one.id).length;
    expect(firstIsA).toBeGreaterThan(0);
    expect(firstIsA).toBeLessThan(ITEMS);
    const expected = ITEMS / 2;
    const chiSquare = ((firstIsA - expected) ** 2 + (ITEMS - firstIsA - expected) ** 2) / expected;
    expect(chiSquare).toBeLessThan(CHI_SQUARE_999);
    // Not alternating or in blocks: the number of runs of one order is near its expectation (~101).
    const runs = items.filter((item, i) => i === 0 || item.a_model_id !== items[i - 1]!.a_model_id).length;
    expect(runs).toBeGreaterThan(70);
    expect(runs).toBeLessThan(132);
  });

  it('shows a voter the question and answers A and B with nothing that names the model until they vote', async () => {
    const { one, two, runId, user, poc } = await run();
    // Answers recorded model by model (as a run asks them): ids would give the order away if shown.
    const sessions = new Map<number, number>();
    for (const model of [one, two])
      sessions.set(
        model.id,
        (await startSession(db(), { user_id: user.id, poc_id: poc.id, model_id: model.id })).id,
      );
    const items = await db()
      .selectFrom('ab_items')
      .selectAll()
      .where('run_id', '=', runId)
      .where('position', '<', 3)
      .orderBy('position')
      .execute();
    const logIds: number[] = [];
    for (const item of items) {
      const answer = async (modelId: number) => {
        const log = await recordLog(db(), {
          session_id: sessions.get(modelId)!,
          question: item.question,
          answer: `an answer to ${item.question}`,
        });
        logIds.push(log.id);
        return log.id;
      };
      await db()
        .updateTable('ab_items')
        .set({ a_log_id: await answer(item.a_model_id), b_log_id: await answer(item.b_model_id) })
        .where('id', '=', item.id)
        .execute();
    }
    const blind = await abItems(db(), runId, { voterId: user.id });
    const text = JSON.stringify(blind);
    expect(text).not.toMatch(/secret|model|log_id|session/i);
    for (const item of blind.slice(0, 3)) {
      expect(Object.keys(item).sort()).toEqual([
        'answers',
        'error',
        'position',
        'question',
        'system_prompt',
        'vote',
      ]);
      expect(Object.keys(item.answers!).sort()).toEqual(['a', 'b']);
      expect(item.vote).toBeNull();
    }
    // The run's header names the two models, never which one is A.
    const header = await abRunView(db(), runId, user.id);
    expect(JSON.stringify(header)).not.toMatch(/"a"|"b"|a_model|b_model/);

    await voteAb(db(), { run_id: runId, position: 1, user_id: user.id, choice: 'B' });
    const after = await abItems(db(), runId, { voterId: user.id });
    expect(after[0]!.vote).toBeNull();
    expect(JSON.stringify(after[0])).not.toMatch(/secret/);
    expect(after[1]!.vote?.reveal.b.model_id).toBe(items[1]!.b_model_id);
    expect(after[1]!.vote?.reveal.winner?.label).toMatch(/^secret-base v[12]$/);
  });
});
