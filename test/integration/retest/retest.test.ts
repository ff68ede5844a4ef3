// Re-test runs against both databases and the MLX stand-in: the gate picks every wrong answer and a
// sample of the good ones, each question is asked again with its original system prompt and recorded
// as a log of the target version, a paused or failed run resumes without asking twice, and the summary
// sorts the items into fixed / still wrong / regressed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { cancelRetest, createRetestRun, retestSummary, runRetest } from '../../../src/core/retest';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(() => standIn.stop());

describeEachDatabase('re-test runs', (get) => {
  const db = () => get().db;
  const asker = () => createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' });

  async function seed() {
    const seeded = await seedSession(db(), { systemPrompt: 'あなたは会計の専門家です' });
    const ask = async (question: string, evaluation: 1 | 2 | 3 | null, sessionId = seeded.session.id) => {
      const log = await recordLog(db(), {
        session_id: sessionId,
        question,
        answer: `旧: ${question}`,
        latency_ms: 1,
      });
      if (evaluation)
        await evaluateLog(db(), log.id, {
          evaluation,
          ...(evaluation > 1 && { reason: '誤り', correct_answer: `正: ${question}` }),
        });
      return log;
    };
    const v2 = await registerModel(db(), { model_name: 'qwen2.5:14b', base_model: 'qwen2.5', version: 2 });
    return { ...seeded, ask, v2 };
  }

  it('re-asks the gate’s questions with their system prompts and records them as logs of the new version', async () => {
    const { ask, v2, user, poc } = await seed();
    const wrong = [await ask('消費税率は？', 3), await ask('申告期限は？', 2)];
    const good = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((q) => ask(`良い質問 ${q}`, 1)));
    await ask('未評価の質問', null);
    const bare = await startSession(db(), {
      user_id: user.id,
      poc_id: poc.id,
      model_id: v2.id,
      system_prompt: '',
    });
    const noPrompt = await ask('プロンプトなし', 3, bare.id);

    const { runId, items } = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'gate', poc_id: poc.id, good_sample: 2, seed: 5 },
    });
    expect(items).toBe(5);
    const progress: number[] = [];
    const outcome = await runRetest(db(), asker(), runId, { onItem: (p) => progress.push(p.answered) });
    expect(outcome).toEqual({ status: 'done', reason: null });
    expect(progress).toEqual([1, 2, 3, 4, 5]);

    const summary = await retestSummary(db(), runId);
    const asked = summary.items.map((i) => i.sourceLogId);
    expect(asked.filter((id) => wrong.some((w) => w.id === id) || id === noPrompt.id)).toHaveLength(3);
    expect(asked.filter((id) => good.some((g) => g.id === id))).toHaveLength(2);
    // The same sample again for the same seed.
    const again = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'gate', poc_id: poc.id, good_sample: 2, seed: 5 },
    });
    expect((await retestSummary(db(), again.runId)).items.map((i) => i.sourceLogId)).toEqual(asked);

    const newLogs = await db()
      .selectFrom('conversation_logs as l')
      .innerJoin('sessions as s', 's.id', 'l.session_id')
      .select(['l.question', 'l.answer', 's.model_id', 's.system_prompt', 's.ended_at'])
      .where(
        'l.id',
        'in',
        summary.items.map((i) => i.after!.logId),
      )
      .execute();
    expect(newLogs.every((l) => l.model_id === v2.id && l.ended_at !== null)).toBe(true);
    expect(newLogs.find((l) => l.question === '消費税率は？')?.system_prompt).toBe(
      'あなたは会計の専門家です',
    );
    expect(newLogs.find((l) => l.question === 'プロンプトなし')?.system_prompt).toBeNull();
    expect(newLogs.find((l) => l.question === '消費税率は？')?.answer).toContain('消費税率は？');
  });

  it('sorts the answers into fixed, still wrong, regressed and unrated, with the similarity as a hint', async () => {
    const { ask, v2, user } = await seed();
    const logs = [
      await ask('直る質問', 3),
      await ask('直らない質問', 2),
      await ask('壊れる質問', 1),
      await ask('未評価になる', 3),
    ];
    const { runId } = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'logs', log_ids: logs.map((l) => l.id) },
    });
    await runRetest(db(), asker(), runId);
    const before = await retestSummary(db(), runId);
    expect(before.counts).toMatchObject({ unrated: 4, fixed: 0 });
    const newId = (position: number) => before.items[position]!.after!.logId;
    await evaluateLog(db(), newId(0), { evaluation: 1 });
    await evaluateLog(db(), newId(1), { evaluation: 3, reason: 'まだ誤り', correct_answer: '正' });
    await evaluateLog(db(), newId(2), { evaluation: 2, reason: '不足', correct_answer: '正' });
    const summary = await retestSummary(db(), runId);
    expect(summary.items.map((i) => i.flip)).toEqual(['fixed', 'still_wrong', 'regressed', 'unrated']);
    expect(summary.counts).toEqual({
      fixed: 1,
      still_wrong: 1,
      regressed: 1,
      still_good: 0,
      unrated: 1,
      not_asked: 0,
    });
    expect(summary.items[0]!.before).toMatchObject({
      evaluation: 3,
      reason: '誤り',
      correction: '正: 直る質問',
    });
    // The stand-in echoes the question: the answer shares some of the correction's wording.
    expect(summary.items[0]!.similarity).toBeGreaterThan(0);
    expect(summary.items[0]!.similarity).toBeLessThan(1);
    expect(summary.items[2]!.similarity).toBeNull();
  });

  it('pauses when asked or when the server is down, and resumes without asking twice', async () => {
    const { ask, v2, user } = await seed();
    const logs = await Promise.all(['一', '二', '三', '四'].map((q) => ask(`質問${q}`, 3)));
    const { runId } = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'logs', log_ids: logs.map((l) => l.id) },
    });
    const pause = new AbortController();
    const paused = await runRetest(db(), asker(), runId, {
      signal: pause.signal,
      onItem: (p) => {
        if (p.answered === 1) pause.abort();
      },
    });
    expect(paused).toEqual({ status: 'paused', reason: 'Paused.' });
    // The model server is down: the run stops with the reason, nothing more recorded.
    const down = createModelAsker({ baseUrl: 'http://127.0.0.1:9', provider: 'openai' });
    const failed = await runRetest(db(), down, runId);
    expect(failed.status).toBe('paused');
    expect(failed.reason).toMatch(/127\.0\.0\.1:9/);
    expect((await retestSummary(db(), runId)).counts.not_asked).toBe(3);
    const resumed = await runRetest(db(), asker(), runId);
    expect(resumed.status).toBe('done');
    const summary = await retestSummary(db(), runId);
    expect(summary.counts.not_asked).toBe(0);
    const v2Logs = await db()
      .selectFrom('conversation_logs as l')
      .innerJoin('sessions as s', 's.id', 'l.session_id')
      .select('l.question')
      .where('s.model_id', '=', v2.id)
      .execute();
    expect(v2Logs.map((l) => l.question).sort()).toEqual(['質問一', '質問三', '質問二', '質問四']);
    await cancelRetest(db(), runId);
    expect((await runRetest(db(), asker(), runId)).status).toBe('cancelled');
  });

  it('runs a question set (a batch run) with the PoC’s system prompt, its expected answers as the hint', async () => {
    const { v2, user, poc } = await seed();
    const { runId, items } = await createRetestRun(db(), {
      target_model_id: v2.id,
      user_id: user.id,
      source: {
        kind: 'questions',
        poc_id: poc.id,
        questions: [
          { question: '届出の期限は？', expected_answer: '届出の期限は2か月以内です' },
          { question: '印紙税は？' },
        ],
      },
    });
    expect(items).toBe(2);
    expect(await runRetest(db(), asker(), runId)).toEqual({ status: 'done', reason: null });
    const summary = await retestSummary(db(), runId);
    expect(summary.run.kind).toBe('batch');
    expect(summary.items.map((i) => [i.sourceLogId, i.before, i.flip])).toEqual([
      [null, null, 'unrated'],
      [null, null, 'unrated'],
    ]);
    expect(summary.items[0]!.similarity).toBeGreaterThan(0);
    expect(summary.items[1]!.similarity).toBeNull();
    const session = await db()
      .selectFrom('sessions')
      .select('system_prompt')
      .where(
        'id',
        '=',
        (
          await db()
            .selectFrom('conversation_logs')
            .select('session_id')
            .where('id', '=', summary.items[0]!.after!.logId)
            .executeTakeFirstOrThrow()
        ).session_id,
      )
      .executeTakeFirstOrThrow();
    expect(session.system_prompt).toBe('default prompt');
    await expect(
      createRetestRun(db(), {
        target_model_id: v2.id,
        user_id: user.id,
        source: { kind: 'questions', poc_id: poc.id, questions: [] },
      }),
    ).rejects.toThrow('The question set holds no question.');
  });

  it('refuses an empty selection, a missing log or model, and logs of several PoCs, writing nothing', async () => {
    const { ask, v2, user } = await seed();
    const other = await seedSession(db());
    const mine = await ask('私の質問', 3);
    const theirs = await recordLog(db(), {
      session_id: other.session.id,
      question: 'q',
      answer: 'a',
      latency_ms: 1,
    });
    const run = (log_ids: number[], target = v2.id) =>
      createRetestRun(db(), { target_model_id: target, user_id: user.id, source: { kind: 'logs', log_ids } });
    await expect(run([])).rejects.toThrow('No log is selected');
    await expect(run([mine.id, 999_999])).rejects.toThrow('Log 999999 was not found.');
    await expect(run([mine.id], 999_999)).rejects.toThrow('Model 999999 was not found.');
    await expect(run([mine.id, theirs.id])).rejects.toThrow('The logs come from 2 PoCs');
    expect(await db().selectFrom('retest_runs').selectAll().execute()).toEqual([]);
  });
});
