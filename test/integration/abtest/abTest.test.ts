// Blind A/B runs against both databases and the MLX stand-in: each answer recorded as an ordinary log in
// a session of its model with the item's system prompt, a run that pauses resumes without asking twice,
// one vote per voter per item (a second is a conflict, nothing changes), the reveal after the vote, win
// rates against figures worked out by hand, and decided pairs in the export's DPO files.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  abItem,
  abItems,
  abRunView,
  abWinRates,
  createAbRun,
  runAbTest,
  voteAb,
  wilsonInterval,
} from '../../../src/core/abtest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { createUser } from '../../../src/core/domain/users';
import { discardExport, prepareExport } from '../../../src/core/export';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(() => standIn.stop());

const SYSTEM = 'あなたは会計の専門家です';

describeEachDatabase('blind A/B runs', (get) => {
  const db = () => get().db;
  const asker = (baseUrl = standIn.baseUrl) => createModelAsker({ baseUrl, provider: 'openai' });

  async function seed() {
    const seeded = await seedSession(db(), { systemPrompt: SYSTEM });
    const one = await registerModel(db(), { model_name: 'model-one', base_model: 'base', version: 1 });
    const two = await registerModel(db(), { model_name: 'model-two', base_model: 'base', version: 2 });
    const logs = [];
    for (const question of ['消費税率は？', '申告期限は？', '減価償却とは？'])
      logs.push(
        await recordLog(db(), { session_id: seeded.session.id, question, answer: '旧', latency_ms: 1 }),
      );
    return { ...seeded, one, two, logs };
  }

  /** A run whose answers are written here, not asked (text that names no model). */
  async function answeredRun(count: number, s: Awaited<ReturnType<typeof seed>>) {
    const { runId } = await createAbRun(db(), {
      model_ids: [s.one.id, s.two.id],
      user_id: s.user.id,
      source: {
        kind: 'questions',
        poc_id: s.poc.id,
        questions: Array.from({ length: count }, (_, i) => ({ question: `質問 ${i}` })),
      },
    });
    const sessions = new Map<number, number>();
    for (const model of [s.one, s.two])
      sessions.set(
        model.id,
        (await startSession(db(), { user_id: s.user.id, poc_id: s.poc.id, model_id: model.id })).id,
      );
    const items = await db().selectFrom('ab_items').selectAll().where('run_id', '=', runId).execute();
    for (const item of items) {
      const answer = async (modelId: number) =>
        (
          await recordLog(db(), {
            session_id: sessions.get(modelId)!,
            question: item.question,
            answer: `回答 ${item.position} by ${modelId === s.one.id ? 'one' : 'two'}`,
          })
        ).id;
      await db()
        .updateTable('ab_items')
        .set({ a_log_id: await answer(item.a_model_id), b_log_id: await answer(item.b_model_id) })
        .where('id', '=', item.id)
        .execute();
    }
    return { runId, items };
  }

  it('asks both models each question as an ordinary log of a session of its model, with the system prompt', async () => {
    const s = await seed();
    const { runId, items } = await createAbRun(db(), {
      model_ids: [s.one.id, s.two.id],
      user_id: s.user.id,
      source: { kind: 'logs', log_ids: s.logs.map((l) => l.id) },
    });
    expect(items).toBe(3);
    const progress: number[] = [];
    const outcome = await runAbTest(db(), asker(), runId, { onProgress: (p) => progress.push(p.answered) });
    expect(outcome).toEqual({ status: 'done', reason: null });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);

    const rows = await db()
      .selectFrom('ab_items as i')
      .innerJoin('conversation_logs as a', 'a.id', 'i.a_log_id')
      .innerJoin('sessions as sa', 'sa.id', 'a.session_id')
      .innerJoin('conversation_logs as b', 'b.id', 'i.b_log_id')
      .innerJoin('sessions as sb', 'sb.id', 'b.session_id')
      .select([
        'i.question',
        'i.source_log_id',
        'i.system_prompt',
        'i.a_model_id',
        'i.b_model_id',
        'a.question as a_question',
        'a.answer as a_answer',
        'a.evaluated_at as a_evaluated_at',
        'sa.model_id as a_session_model',
        'sa.system_prompt as a_system',
        'sa.ended_at as a_ended',
        'b.answer as b_answer',
        'sb.model_id as b_session_model',
        'sb.system_prompt as b_system',
      ])
      .orderBy('i.position')
      .execute();
    expect(rows.map((r) => r.source_log_id)).toEqual(s.logs.map((l) => l.id));
    const name = (id: number) => (id === s.one.id ? 'model-one' : 'model-two');
    for (const row of rows) {
      expect(row.a_session_model).toBe(row.a_model_id);
      expect(row.b_session_model).toBe(row.b_model_id);
      expect(row.a_answer).toContain(`model=${name(row.a_model_id)}`);
      expect(row.b_answer).toContain(`model=${name(row.b_model_id)}`);
      expect(row.a_question).toBe(row.question);
      expect([row.system_prompt, row.a_system, row.b_system]).toEqual([SYSTEM, SYSTEM, SYSTEM]);
      // Unrated, like any new answer; its session ended with the run.
      expect(row.a_evaluated_at).toBeNull();
      expect(row.a_ended).not.toBeNull();
    }
    // One session per model (one system prompt), so three in all with the seed's.
    expect((await db().selectFrom('sessions').select('id').execute()).length).toBe(3);
    expect(await abRunView(db(), runId, s.user.id)).toMatchObject({
      status: 'done',
      items: 3,
      answered: 3,
      voted: 0,
      models: [
        { model_id: s.one.id, label: 'base v1' },
        { model_id: s.two.id, label: 'base v2' },
      ],
    });
  });

  it('pauses when the model server is down and resumes without asking twice', async () => {
    const s = await seed();
    const { runId } = await createAbRun(db(), {
      model_ids: [s.one.id, s.two.id],
      user_id: s.user.id,
      source: { kind: 'sample', poc_id: s.poc.id, size: 2 },
    });
    const down = await runAbTest(db(), asker('http://127.0.0.1:9'), runId);
    expect(down.status).toBe('paused');
    expect(down.reason).toMatch(/127\.0\.0\.1:9/);
    expect((await abRunView(db(), runId)).paused_reason).toBe(down.reason);

    const stop = new AbortController();
    let seen = 0;
    const paused = await runAbTest(db(), asker(), runId, {
      signal: stop.signal,
      onProgress: () => {
        seen += 1;
        if (seen === 3) stop.abort();
      },
    });
    expect(paused).toEqual({ status: 'paused', reason: 'Paused.' });
    const before = await db().selectFrom('conversation_logs').select('id').execute();
    const resumed = await runAbTest(db(), asker(), runId);
    expect(resumed.status).toBe('done');
    const after = await db().selectFrom('conversation_logs').select('id').execute();
    expect(after.length - before.length).toBe(1);
    expect((await abRunView(db(), runId)).answered).toBe(2);
  });

  it('refuses what is not a run: one model twice, no question, logs of two PoCs', async () => {
    const s = await seed();
    await expect(
      createAbRun(db(), {
        model_ids: [s.one.id, s.one.id],
        user_id: s.user.id,
        source: { kind: 'logs', log_ids: [s.logs[0]!.id] },
      }),
    ).rejects.toMatchObject({ kind: 'invalid', message: /two different models/ });
    await expect(
      createAbRun(db(), {
        model_ids: [s.one.id, s.two.id],
        user_id: s.user.id,
        source: { kind: 'logs', log_ids: [] },
      }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'ab_empty' });
    const other = await seedSession(db());
    const elsewhere = await recordLog(db(), { session_id: other.session.id, question: 'q', answer: 'a' });
    await expect(
      createAbRun(db(), {
        model_ids: [s.one.id, s.two.id],
        user_id: s.user.id,
        source: { kind: 'logs', log_ids: [s.logs[0]!.id, elsewhere.id] },
      }),
    ).rejects.toMatchObject({ code: 'ab_several_pocs' });
    await expect(
      createAbRun(db(), {
        model_ids: [s.one.id, s.two.id],
        user_id: s.user.id,
        source: { kind: 'logs', log_ids: [s.logs[0]!.id], poc_id: other.poc.id },
      }),
    ).rejects.toMatchObject({ code: 'ab_other_poc' });
    expect(await db().selectFrom('ab_runs').select('id').execute()).toEqual([]);
  });

  it('takes one vote per voter per item, reveals the models with it, and refuses a second', async () => {
    const s = await seed();
    const { runId, items } = await answeredRun(2, s);
    const first = items.find((i) => i.position === 0)!;
    expect((await abItem(db(), runId, 0, s.user.id)).vote).toBeNull();

    const vote = await voteAb(db(), {
      run_id: runId,
      position: 0,
      user_id: s.user.id,
      choice: 'A',
      reason: '  より正確  ',
    });
    const label = (id: number) => (id === s.one.id ? 'base v1' : 'base v2');
    expect(vote).toMatchObject({
      choice: 'A',
      reason: 'より正確',
      reveal: {
        a: { model_id: first.a_model_id, label: label(first.a_model_id) },
        b: { model_id: first.b_model_id, label: label(first.b_model_id) },
        winner: { model_id: first.a_model_id },
      },
    });
    await expect(
      voteAb(db(), { run_id: runId, position: 0, user_id: s.user.id, choice: 'B' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'ab_already_voted' });
    const votes = await db().selectFrom('ab_votes').selectAll().execute();
    expect(votes.map((v) => [v.choice, v.reason])).toEqual([['A', 'より正確']]);

    // Another voter votes on their own; the first voter's view carries their vote, the other's not.
    const { user: other } = await createUser(db(), 'second-voter');
    expect((await abItem(db(), runId, 0, other.id)).vote).toBeNull();
    await voteAb(db(), { run_id: runId, position: 0, user_id: other.id, choice: 'tie' });
    expect((await abItem(db(), runId, 0, s.user.id)).vote?.choice).toBe('A');
    expect((await abItem(db(), runId, 0, other.id)).vote?.reveal.winner).toBeNull();
    expect((await abRunView(db(), runId, other.id)).voted).toBe(1);

    await expect(
      voteAb(db(), { run_id: runId, position: 0, user_id: s.user.id, choice: 'C' as 'A' }),
    ).rejects.toMatchObject({ kind: 'invalid', message: /must be A, B or tie/ });
    await expect(
      voteAb(db(), { run_id: runId, position: 9, user_id: s.user.id, choice: 'A' }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    // An item without both answers cannot be voted on.
    await db().updateTable('ab_items').set({ b_log_id: null }).where('id', '=', items[1]!.id).execute();
    await expect(
      voteAb(db(), { run_id: runId, position: 1, user_id: s.user.id, choice: 'A' }),
    ).rejects.toMatchObject({ code: 'ab_not_answered' });
    expect(await db().selectFrom('ab_votes').select('id').execute()).toHaveLength(2);
  });

  it('computes win rates per pair as worked out by hand', async () => {
    const s = await seed();
    const { runId, items } = await answeredRun(6, s);
    const { user: other } = await createUser(db(), 'voter-two');
    // Votes for model one: 3 wins, 1 loss, 2 ties over six votes (by two voters).
    const plan: [number, number, 'one' | 'two' | 'tie'][] = [
      [0, s.user.id, 'one'],
      [1, s.user.id, 'one'],
      [2, s.user.id, 'two'],
      [3, s.user.id, 'tie'],
      [0, other.id, 'one'],
      [4, other.id, 'tie'],
    ];
    for (const [position, voter, winner] of plan) {
      const item = items.find((i) => i.position === position)!;
      const side =
        winner === 'tie' ? 'tie' : item.a_model_id === (winner === 'one' ? s.one.id : s.two.id) ? 'A' : 'B';
      await voteAb(db(), { run_id: runId, position, user_id: voter, choice: side });
    }
    const [rate] = await abWinRates(db(), { runId });
    expect(rate).toMatchObject({
      model: { model_id: s.one.id, label: 'base v1' },
      opponent: { model_id: s.two.id, label: 'base v2' },
      wins: 3,
      losses: 1,
      ties: 2,
      count: 6,
      win_rate: 0.75,
    });
    // Wilson 95% for 3 of 4: (0.3006, 0.9544).
    expect(rate!.interval!.low).toBeCloseTo(0.3006, 4);
    expect(rate!.interval!.high).toBeCloseTo(0.9544, 4);
    expect(await abWinRates(db(), { pocId: s.poc.id })).toEqual([rate]);
    expect(await abWinRates(db(), { pocId: s.poc.id + 1 })).toEqual([]);
  });

  it('feeds each decided item to the export’s DPO files: chosen = the winner, with the system prompt', async () => {
    const s = await seed();
    await db().updateTable('poc').set({ default_system_prompt: SYSTEM }).where('id', '=', s.poc.id).execute();
    const { runId, items } = await answeredRun(4, s);
    const { user: other } = await createUser(db(), 'voter-three');
    const at = (p: number) => items.find((i) => i.position === p)!;
    const oneSide = (p: number) => (at(p).a_model_id === s.one.id ? 'A' : 'B');
    const twoSide = (p: number) => (at(p).a_model_id === s.one.id ? 'B' : 'A');
    // 0: one wins (two votes); 1: two wins; 2: a tie; 3: split 1–1, so undecided.
    await voteAb(db(), { run_id: runId, position: 0, user_id: s.user.id, choice: oneSide(0) });
    await voteAb(db(), { run_id: runId, position: 0, user_id: other.id, choice: oneSide(0) });
    await voteAb(db(), { run_id: runId, position: 1, user_id: s.user.id, choice: twoSide(1) });
    await voteAb(db(), { run_id: runId, position: 2, user_id: s.user.id, choice: 'tie' });
    await voteAb(db(), { run_id: runId, position: 3, user_id: s.user.id, choice: 'A' });
    await voteAb(db(), { run_id: runId, position: 3, user_id: other.id, choice: 'B' });

    // No rated log at all: the pairs alone make an export.
    const folder = join(await mkdtemp(join(tmpdir(), 'llamune-ab-export-')), 'out');
    const prepared = await prepareExport(
      db(),
      { poc_ids: [s.poc.id], formats: ['dpo'], split: { train: 1, valid: 0, test: 0 } },
      { folder },
    );
    expect(prepared.preview.ab_pairs).toBe(2);
    expect(prepared.preview.total_logs).toBe(0);
    const lines = (await readFile(join(prepared.staging, 'dpo', 'train.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { system: SYSTEM, prompt: '質問 0', chosen: '回答 0 by one', rejected: '回答 0 by two' },
      { system: SYSTEM, prompt: '質問 1', chosen: '回答 1 by two', rejected: '回答 1 by one' },
    ]);
    const manifest = JSON.parse(await readFile(join(prepared.staging, 'manifest.json'), 'utf8'));
    expect(manifest.counts.ab_pairs).toBe(2);
    expect(manifest.counts.per_file['dpo/train.jsonl']).toBe(2);
    await discardExport(prepared);

    // The same pair keeps its split across exports with the same seed; no DPO file, no pairs.
    const split = { train: 0.5, valid: 0.25, test: 0.25 };
    const where = async () => {
      const again = await prepareExport(
        db(),
        { poc_ids: [s.poc.id], formats: ['dpo'], split, seed: 7 },
        { folder: join(await mkdtemp(join(tmpdir(), 'llamune-ab-export-')), 'out') },
      );
      const files = Object.fromEntries(again.preview.files.map((f) => [f.name, f.lines]));
      await discardExport(again);
      return files;
    };
    expect(await where()).toEqual(await where());
    await expect(
      prepareExport(db(), { poc_ids: [s.poc.id], formats: ['sft'] }, { folder }),
    ).rejects.toMatchObject({ code: 'export_empty' });
  });

  it('lists a voter’s items in order', async () => {
    const s = await seed();
    const { runId } = await answeredRun(3, s);
    expect((await abItems(db(), runId, { voterId: s.user.id })).map((i) => i.position)).toEqual([0, 1, 2]);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
