// `llamune-poc retest` as a user runs it: a real process, PostgreSQL, the MLX stand-in — the gate of a
// PoC asked again of v2, the server down (paused, exit 1, how to resume), resumed, and shown.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { startSession } from '../../../src/core/domain/sessions';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { runCli } from '../../support/runCli';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';

let database: TestDatabase & { dispose(): Promise<void> };
let standIn: StandIn;
beforeAll(async () => {
  [database, standIn] = await Promise.all([createTestDatabase('postgres'), startStandIn('mlx')]);
});
afterAll(async () => {
  await Promise.all([database.dispose(), standIn.stop()]);
});

it('re-tests the gate of a PoC, pauses when the server is down, resumes and shows the flips', async () => {
  const { db } = database;
  const { poc, session, user } = await seedSession(db, { username: 'reviewer' });
  for (const [question, evaluation] of [
    ['税率は？', 3],
    ['期限は？', 2],
    ['良い1', 1],
    ['良い2', 1],
  ] as const) {
    const log = await recordLog(db, { session_id: session.id, question, answer: 'old', latency_ms: 1 });
    await evaluateLog(db, log.id, {
      evaluation,
      ...(evaluation > 1 && { reason: 'r', correct_answer: `正: ${question}` }),
    });
  }
  const v2 = await registerModel(db, { model_name: 'qwen2.5:14b', base_model: 'qwen2.5', version: 2 });
  const env = { DATABASE_URL: database.url, LLAMUNE_LLM_BASE_URL: 'http://127.0.0.1:9' };
  const args = [
    'retest',
    'start',
    '--model',
    String(v2.id),
    '--poc',
    String(poc.id),
    '--sample',
    '1',
    '--user',
    user.username,
  ];

  const down = await runCli(args, env);
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/Re-test run (\d+): 3 questions\./);
  const runId = /Re-test run (\d+)/.exec(down.stderr)![1]!;
  expect(down.stderr).toMatch(
    new RegExp(`Paused: .*127\\.0\\.0\\.1:9.* Resume with: llamune-poc retest resume ${runId}`),
  );

  const resumed = await runCli(['retest', 'resume', runId], {
    ...env,
    LLAMUNE_LLM_BASE_URL: standIn.baseUrl,
  });
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(/\[3\/3\]/);
  expect(resumed.stderr).toMatch(
    /\(done\): fixed 0, still wrong 0, regressed 0, still good 0, unrated 3, not asked 0/,
  );
  expect(resumed.stdout).toMatch(/税率は？/);

  const shown = JSON.parse((await runCli(['retest', 'show', runId, '--json'], env)).stdout);
  expect(shown.items.map((i: { before: { evaluation: number } }) => i.before.evaluation).sort()).toEqual([
    1, 2, 3,
  ]);
  expect(shown.items.every((i: { after: { logId: number } | null }) => i.after !== null)).toBe(true);

  const both = await runCli([...args, '--logs', '1,2'], env);
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(
    /give --poc <id> \(the re-test gate\), --logs <ids>, or --questions <file> with --poc <id>/,
  );

  // A question set against two versions at once, one run each; its broken line is said and skipped.
  const file = join(await mkdtemp(join(tmpdir(), 'llamune-set-')), 'set.jsonl');
  await writeFile(
    file,
    '{"question": "新しい質問１"}\n{broken\n{"question": "新しい質問２", "expected_answer": "答え"}\n',
  );
  const v3 = await registerModel(db, { model_name: 'qwen2.5:14b', base_model: 'qwen2.5', version: 3 });
  const batch = await runCli(
    [
      'retest',
      'start',
      '--model',
      `${v2.id},${v3.id}`,
      '--questions',
      file,
      '--poc',
      String(poc.id),
      '--user',
      user.username,
    ],
    { ...env, LLAMUNE_LLM_BASE_URL: standIn.baseUrl },
  );
  expect(batch.code).toBe(0);
  expect(batch.stderr).toMatch(/set\.jsonl:2: skipped, not JSON/);
  expect(batch.stderr.match(/Re-test run \d+: 2 questions\./g)).toHaveLength(2);
  const nobody = await runCli(
    ['retest', 'start', '--model', String(v2.id), '--logs', '1', '--user', 'nobody'],
    env,
  );
  expect(nobody.code).toBe(2);
  expect(nobody.stderr).toMatch(/There is no user "nobody"/);

  // A log whose session's model row is gone (deleted where foreign keys are not enforced) is named.
  const gone = await registerModel(db, { model_name: 'old-model', base_model: 'old', version: 1 });
  const orphanSession = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: gone.id });
  const orphan = await recordLog(db, {
    session_id: orphanSession.id,
    question: '孤児',
    answer: 'a',
    latency_ms: 1,
  });
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await trx.deleteFrom('models').where('id', '=', gone.id).execute();
  });
  const partly = await runCli(
    ['retest', 'start', '--model', String(v2.id), '--logs', `1,${orphan.id}`, '--user', user.username],
    { ...env, LLAMUNE_LLM_BASE_URL: standIn.baseUrl },
  );
  expect(partly.code).toBe(0);
  expect(partly.stderr).toContain(
    `Log ${orphan.id} is left out: the model of its session (id ${gone.id}) no longer exists.`,
  );
  expect(partly.stderr).toMatch(/Re-test run \d+: 1 question\./);
});
