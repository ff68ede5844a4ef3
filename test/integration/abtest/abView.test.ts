// What the A/B view is sent, end to end on the host side (AbTestLink over the database backend, both
// databases): before a vote no message names a model or carries an id; the vote brings the reveal and
// the new win rate; a second vote is refused in the view and shows the first; bad messages are refused.
import { expect, it } from 'vitest';
import { abItem, abNextToVote, abRunView, abWinRates, createAbRun, voteAb } from '../../../src/core/abtest';
import { recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { databaseBackend } from '../../../src/extension/abtest/abTestBackend';
import { AbTestLink } from '../../../src/extension/abtest/abTestLink';
import { answerTree } from '../../../src/extension/panel/markdownTree';
import { type AbHostMessage, parseAbHostMessage } from '../../../src/protocol/abtest';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('the A/B view’s messages', (get) => {
  const db = () => get().db;

  async function answeredRun() {
    const s = await seedSession(db(), { username: 'viewer' });
    const one = await registerModel(db(), { model_name: 'hidden-one', base_model: 'hidden', version: 1 });
    const two = await registerModel(db(), { model_name: 'hidden-two', base_model: 'hidden', version: 2 });
    const { runId } = await createAbRun(db(), {
      model_ids: [one.id, two.id],
      user_id: s.user.id,
      source: {
        kind: 'questions',
        poc_id: s.poc.id,
        questions: [{ question: '一問目' }, { question: '二問目' }, { question: '三問目' }],
      },
    });
    const session = new Map<number, number>();
    for (const m of [one, two])
      session.set(
        m.id,
        (await startSession(db(), { user_id: s.user.id, poc_id: s.poc.id, model_id: m.id })).id,
      );
    const items = await db()
      .selectFrom('ab_items')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('position')
      .execute();
    // Item 3 keeps one answer only: it cannot be voted on yet.
    for (const item of items) {
      const log = async (modelId: number) =>
        (
          await recordLog(db(), {
            session_id: session.get(modelId)!,
            question: item.question,
            answer: `**答え** ${item.position}`,
          })
        ).id;
      await db()
        .updateTable('ab_items')
        .set({
          a_log_id: await log(item.a_model_id),
          b_log_id: item.position === 2 ? null : await log(item.b_model_id),
        })
        .where('id', '=', item.id)
        .execute();
    }
    const posted: AbHostMessage[] = [];
    const warnings: string[] = [];
    const links: string[] = [];
    const core = { abRunView, abWinRates, abItem, abNextToVote, voteAb, answerTree };
    const link = new AbTestLink(databaseBackend(core, db(), runId, s.user.id), {
      openLink: (href) => links.push(href),
      warn: (message) => warnings.push(message),
    });
    link.attach((message) => {
      // Whatever the host posts is what the protocol allows.
      expect(parseAbHostMessage(message).ok).toBe(true);
      posted.push(message);
    });
    return { ...s, one, two, runId, items, link, posted, warnings, links };
  }

  it('names no model and carries no id before the vote, and reveals both with it', async () => {
    const { link, posted, warnings, items, one } = await answeredRun();
    await link.receive({ type: 'ready' });
    await link.receive({ type: 'show', position: 1 });
    await link.receive({ type: 'show', position: 2 });
    expect(posted.map((m) => m.type)).toEqual(['state', 'item', 'item', 'item']);
    // The run's title names the pair (never which is A); the items name nothing.
    expect(JSON.stringify(posted.filter((m) => m.type === 'item'))).not.toMatch(
      /hidden|model|log|session|_id/i,
    );
    expect(Object.keys(posted[0]!).sort()).toEqual([
      'answered',
      'complete',
      'items',
      'rates',
      'title',
      'type',
      'voted',
    ]);
    expect(posted[0]).toMatchObject({
      type: 'state',
      items: 3,
      answered: 2,
      voted: 0,
      complete: false,
      rates: [],
    });
    expect(posted[1]).toMatchObject({
      type: 'item',
      item: {
        position: 0,
        question: '一問目',
        answers: { a: [{ t: 'p', c: [{ t: 'strong', c: ['答え'] }, ' 0'] }] },
        vote: null,
      },
    });
    expect(posted[3]).toMatchObject({ type: 'item', item: { position: 2, answers: null } });

    posted.length = 0;
    await link.receive({ type: 'vote', position: 0, choice: 'A', reason: 'より正確' });
    const label = (id: number) => (id === one.id ? 'hidden v1' : 'hidden v2');
    expect(posted).toEqual([
      {
        type: 'item',
        item: expect.objectContaining({
          position: 0,
          vote: {
            choice: 'A',
            reason: 'より正確',
            a: label(items[0]!.a_model_id),
            b: label(items[0]!.b_model_id),
          },
        }),
      },
      expect.objectContaining({ type: 'state', voted: 1 }),
    ]);
    const state = posted[1] as Extract<AbHostMessage, { type: 'state' }>;
    const aIsOne = items[0]!.a_model_id === one.id;
    expect(state.rates).toEqual([
      {
        model: 'hidden v1',
        opponent: 'hidden v2',
        wins: aIsOne ? 1 : 0,
        losses: aIsOne ? 0 : 1,
        ties: 0,
        count: 1,
        win_rate: aIsOne ? 1 : 0,
        low: expect.any(Number),
        high: expect.any(Number),
      },
    ]);
    // The next ready picks up at the first item left to vote on; the other items stay blind.
    posted.length = 0;
    await link.receive({ type: 'ready' });
    expect(posted[1]).toMatchObject({ type: 'item', item: { position: 1, vote: null } });
    expect(JSON.stringify(posted[1])).not.toMatch(/hidden/);
    expect(warnings).toEqual([]);
  });

  it('says in the view why a vote was refused, and shows the vote already given', async () => {
    const { link, posted, warnings, runId, user } = await answeredRun();
    await voteAb(db(), { run_id: runId, position: 1, user_id: user.id, choice: 'tie' });
    await link.receive({ type: 'vote', position: 1, choice: 'B', reason: null });
    expect(posted[0]).toEqual({
      type: 'voteFailed',
      position: 1,
      message: expect.stringMatching(/already voted on item 2/),
    });
    expect(posted[1]).toMatchObject({ type: 'item', item: { position: 1, vote: { choice: 'tie' } } });
    posted.length = 0;
    await link.receive({ type: 'vote', position: 2, choice: 'A', reason: null });
    expect(posted).toEqual([
      { type: 'voteFailed', position: 2, message: expect.stringMatching(/not both answers/) },
    ]);

    await link.receive({ type: 'vote', position: 0, choice: 'C', reason: null });
    await link.receive({ type: 'vote', position: 0, choice: 'A', reason: 'x'.repeat(100_001) });
    await link.receive({ type: 'launch' });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^Refused an invalid message from the A\/B view: choice/);
    expect(await db().selectFrom('ab_votes').select('choice').execute()).toEqual([{ choice: 'tie' }]);
    await link.receive({ type: 'show', position: 7 });
    expect(warnings[3]).toMatch(/show failed: Item 8 of A\/B run \d+ was not found/);
  });
});
