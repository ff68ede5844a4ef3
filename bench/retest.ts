// `npm run bench:retest`: the product's own overhead per re-asked question (target < 5 ms over the model
// server's time). A throwaway database on the real PostgreSQL with BENCH_QUESTIONS (default 300) wrong
// answers, the MLX stand-in as the server; the floor is the same questions asked of the same stand-in
// through the same client (createModelAsker), nothing recorded — measured in the same run, in turns,
// since these machines swing 2× within minutes. The difference per question is the figure.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createModelAsker } from '../src/core/api/modelAsker';
import { migrateToLatest } from '../src/core/db/migrate';
import { openDatabase } from '../src/core/db/open';
import { evaluateLog, recordLog } from '../src/core/domain/logs';
import { registerModel } from '../src/core/domain/models';
import { createPoc } from '../src/core/domain/pocs';
import { startSession } from '../src/core/domain/sessions';
import { createUser } from '../src/core/domain/users';
import { createRetestRun, runRetest } from '../src/core/retest';
import { startStandIn } from '../test/fixtures/standIns';
import { adminPostgresUrl, postgresUrlFor } from '../test/support/postgresUrl';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 300);
const ROUNDS = 3;

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
    const ids: number[] = [];
    for (let i = 0; i < QUESTIONS; i++) {
      const log = await recordLog(db, {
        session_id: session.id,
        question: `質問 ${i} は何ですか？`,
        answer: '誤り',
        latency_ms: 1,
      });
      await evaluateLog(db, log.id, { evaluation: 3, reason: '誤り', correct_answer: `正しい答え ${i}` });
      ids.push(log.id);
    }
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
