// `npm run bench:retest`: the product's own overhead per re-asked question (target < 5 ms over the model
// server's time). A throwaway database on the real PostgreSQL with BENCH_QUESTIONS (default 300) wrong
// answers, the MLX stand-in as the server; the floor is the same questions asked of the same stand-in
// through the same client (createModelAsker), nothing recorded — measured in the same run, in turns,
// since these machines swing 2× within minutes. The difference per question is the figure.
// Then memory: a run of BENCH_MEMORY_QUESTIONS (default 1,000) shown in the panel's re-test view feed (the
// extension host's side of it, without VS Code), the JavaScript heap measured after a full GC at every
// 100th question: what the host keeps must not grow with the run.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { createModelAsker } from '../src/core/api/modelAsker';
import { migrateToLatest } from '../src/core/db/migrate';
import { openDatabase } from '../src/core/db/open';
import { evaluateLog, getLog, recordLog } from '../src/core/domain/logs';
import { getModel, registerModel } from '../src/core/domain/models';
import { createPoc } from '../src/core/domain/pocs';
import { startSession } from '../src/core/domain/sessions';
import { createUser } from '../src/core/domain/users';
import { createRetestRun, retestItems, retestRun, runRetest } from '../src/core/retest';
import { answerTree, markdownTree } from '../src/extension/panel/markdownTree';
import { RetestFeed } from '../src/extension/retest/retestFeed';
import { startStandIn } from '../test/fixtures/standIns';
import { adminPostgresUrl, postgresUrlFor } from '../test/support/postgresUrl';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 300);
const ROUNDS = 3;
const MEMORY_QUESTIONS = Number(process.env.BENCH_MEMORY_QUESTIONS ?? 1_000);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapMb = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function main(): Promise<void> {
  const name = `llamune_bench_retest_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminPostgresUrl() });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const standIn = await startStandIn('mlx');
  const handle = await openDatabase({
    kind: 'postgres',
    url: postgresUrlFor(name),
    poolSize: 2,
    queryTimeoutMs: 0,
  });
  try {
    const { db } = handle;
    await migrateToLatest(db);
    const { user } = await createUser(db, 'bench');
    const poc = await createPoc(db, { name: 'Bench PoC', domain: 'bench' });
    const v1 = await registerModel(db, { model_name: 'bench-model', base_model: 'bench-model' });
    const v2 = await registerModel(db, { model_name: 'bench-model', base_model: 'bench-model', version: 2 });
    const session = await startSession(db, {
      user_id: user.id,
      poc_id: poc.id,
      model_id: v1.id,
      system_prompt: 'あなたは専門家です',
    });
    const wrongLogs = async (count: number) => {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const log = await recordLog(db, {
          session_id: session.id,
          question: `質問 ${i} は何ですか？`,
          answer: '誤り',
          latency_ms: 1,
        });
        await evaluateLog(db, log.id, { evaluation: 3, reason: '誤り', correct_answer: `正しい答え ${i}` });
        ids.push(log.id);
      }
      return ids;
    };
    const ids = await wrongLogs(QUESTIONS);
    const asker = createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' });

    const floor = async () => {
      const started = performance.now();
      for (let i = 0; i < QUESTIONS; i++) {
        const answer = await asker.ask({
          model: 'bench-model',
          adapterPath: null,
          provider: null,
          systemPrompt: 'あなたは専門家です',
          question: `質問 ${i} は何ですか？`,
          signal: new AbortController().signal,
        });
        for await (const _ of answer) {
        }
        await answer.result;
      }
      return performance.now() - started;
    };
    const retest = async () => {
      const { runId } = await createRetestRun(db, {
        target_model_id: v2.id,
        user_id: user.id,
        source: { kind: 'logs', log_ids: ids },
      });
      const started = performance.now();
      const outcome = await runRetest(db, asker, runId);
      if (outcome.status !== 'done') throw new Error(`the run ended ${outcome.status}: ${outcome.reason}`);
      return performance.now() - started;
    };
    await floor(); // warm-up: connections, JIT
    const floors: number[] = [];
    const runs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floors.push(await floor());
      runs.push(await retest());
    }
    const per = (ms: number) => ms / QUESTIONS;
    const best = (values: number[]) => Math.min(...values);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`${QUESTIONS} questions, best of ${ROUNDS} rounds each`);
    console.log(`floor (the stand-in asked directly): ${per(best(floors)).toFixed(2)} ms a question`);
    console.log(`re-test (asked, recorded, item updated): ${per(best(runs)).toFixed(2)} ms a question`);
    console.log(
      `the product's overhead: ${(per(best(runs)) - per(best(floors))).toFixed(2)} ms a question (target < 5 ms)`,
    );

    // Memory over a long run, shown in the re-test view's feed as the panel shows it.
    const memoryIds = await wrongLogs(MEMORY_QUESTIONS);
    const { runId } = await createRetestRun(db, {
      target_model_id: v2.id,
      user_id: user.id,
      source: { kind: 'logs', log_ids: memoryIds },
    });
    let posted = 0;
    const feed = new RetestFeed({
      db: async () => db,
      core: () => ({ retestRun, retestItems, getLog, getModel, markdownTree, answerTree }),
      post: () => {
        posted += 1;
      },
      warn: (message) => console.warn(message),
    });
    await feed.show(runId);
    const events = feed.eventsFor(runId);
    const samples: { answered: number; mb: number }[] = [];
    await runRetest(db, asker, runId, {
      onStart: events.onStart,
      onDelta: events.onDelta,
      onItem: (progress) => {
        events.onItem(progress);
        if (progress.answered % 100 === 0) samples.push({ answered: progress.answered, mb: heapMb() });
      },
    });
    events.onStopped();
    await feed.flush();
    feed.dispose();
    const first = samples[0];
    const last = samples.at(-1);
    if (!first || !last) throw new Error('the memory run took fewer than 100 questions');
    console.log(
      `heap after a full GC, every 100 questions of ${MEMORY_QUESTIONS} shown in the re-test view's feed: ` +
        samples.map((sample) => sample.mb.toFixed(1)).join(', ') +
        ' MB',
    );
    console.log(
      `growth from question ${first.answered} to ${last.answered}: ${((last.mb - first.mb) * 1024).toFixed(0)} KB ` +
        `(${(((last.mb - first.mb) * 2 ** 20) / (last.answered - first.answered)).toFixed(0)} bytes a question); ` +
        `${posted} messages to the panel`,
    );
  } finally {
    await handle.close();
    await standIn.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
