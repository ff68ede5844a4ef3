// `llamune-poc ab` as a user runs it: a real process, PostgreSQL, the MLX stand-in — start on chosen
// logs (paused while the server is down, resumed), a voter's blind sheet, votes with the reveal, a
// second vote refused, the win rate, a sample and a question file, and bad flags (exit 2).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { runCli } from '../../support/runCli';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';

let database: TestDatabase & { dispose(): Promise<void> };
let standIn: StandIn;
beforeAll(async () => {
  // One answer text for every model: the sheet must not give the models away through it.
  [database, standIn] = await Promise.all([
    createTestDatabase('postgres'),
    startStandIn('mlx', { env: { FAKE_MLX_ANSWER: '同じ回答です' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([database.dispose(), standIn.stop()]);
});

it('starts a blind A/B run, shows it blind, takes votes with the reveal, and prints the win rate', async () => {
  const { db } = database;
  const { poc, session, user } = await seedSession(db, { username: 'voter' });
  const logs = [];
  for (const question of ['消費税率は？', '申告期限は？'])
    logs.push(await recordLog(db, { session_id: session.id, question, answer: 'old', latency_ms: 1 }));
  const one = await registerModel(db, { model_name: 'model-one', base_model: 'qwen2.5', version: 5 });
  const two = await registerModel(db, { model_name: 'model-two', base_model: 'qwen2.5', version: 6 });
  const env = { DATABASE_URL: database.url, LLAMUNE_LLM_BASE_URL: 'http://127.0.0.1:9' };
  const up = { ...env, LLAMUNE_LLM_BASE_URL: standIn.baseUrl };
  const start = [
    'ab',
    'start',
    '--poc',
    String(poc.id),
    '--models',
    `${one.id},${two.id}`,
    '--logs',
    logs.map((l) => l.id).join(','),
    '--user',
    user.username,
  ];

  const down = await runCli(start, env);
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/A\/B run (\d+): 2 questions, two answers each\./);
  const runId = /A\/B run (\d+)/.exec(down.stderr)![1]!;
  expect(down.stderr).toMatch(
    new RegExp(`Paused: .*127\\.0\\.0\\.1:9.* Resume with: llamune-poc ab resume ${runId}`),
  );

  const resumed = await runCli(['ab', 'resume', runId], up);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(/\[4\/4\]/);
  expect(resumed.stderr).toMatch(/\(done\): 2 of 2 answered by both\./);
  expect(resumed.stderr).toMatch(/No vote yet\./);
  expect(resumed.stdout).toContain('#1 消費税率は？\n  A: 同じ回答です\n  B: 同じ回答です');
  // The sheet names no model before a vote.
  expect(resumed.stdout).not.toMatch(/qwen2\.5|model-/);

  const voted = await runCli(
    ['ab', 'vote', runId, '1', 'A', '--reason', 'より詳しい', '--user', 'voter'],
    env,
  );
  expect(voted.code).toBe(0);
  expect(voted.stdout).toMatch(
    /^Item 1: you chose A \(qwen2\.5 v[56]\)\. A was qwen2\.5 v[56], B was qwen2\.5 v[56]\.\n$/,
  );
  const again = await runCli(['ab', 'vote', runId, '1', 'B', '--user', 'voter'], env);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/You have already voted on item 1 of A\/B run/);
  const tie = await runCli(['ab', 'vote', runId, '2', 'tie', '--user', 'voter', '--json'], env);
  expect(tie.code).toBe(0);
  expect(JSON.parse(tie.stdout)).toMatchObject({ choice: 'tie', reveal: { winner: null } });

  const shown = JSON.parse((await runCli(['ab', 'show', runId, '--user', 'voter', '--json'], env)).stdout);
  expect(shown.run).toMatchObject({ items: 2, answered: 2, voted: 2, status: 'done' });
  expect(shown.items[0].vote).toMatchObject({ choice: 'A', reason: 'より詳しい' });
  const winner = shown.items[0].vote.reveal.a.model_id;
  const blind = await runCli(['ab', 'show', runId], env);
  expect(blind.code).toBe(0);
  expect(blind.stdout).not.toMatch(/qwen2\.5|Your vote/);

  const stats = JSON.parse((await runCli(['ab', 'stats', '--poc', String(poc.id), '--json'], env)).stdout);
  expect(stats).toHaveLength(1);
  const forOne = stats[0].model.model_id === one.id;
  expect(stats[0]).toMatchObject({
    wins: (winner === one.id) === forOne ? 1 : 0,
    losses: (winner === one.id) === forOne ? 0 : 1,
    ties: 1,
    count: 2,
  });
  const text = await runCli(['ab', 'stats', '--run', runId], env);
  expect(text.stdout).toMatch(
    /^qwen2\.5 v5 vs qwen2\.5 v6: [01] wins?, [01] loss(es)?, 1 tie \(2 votes\); win rate (0|100)%, 95% interval (0|21)%–(79|100)%\n$/,
  );

  // A sample of the PoC's questions, and a question file with a broken line.
  const sample = await runCli(
    [
      'ab',
      'start',
      '--poc',
      String(poc.id),
      '--models',
      `${two.id},${one.id}`,
      '--sample',
      '1',
      '--user',
      'voter',
    ],
    up,
  );
  expect(sample.code).toBe(0);
  expect(sample.stderr).toMatch(/A\/B run \d+: 1 question, two answers each\./);
  const file = join(await mkdtemp(join(tmpdir(), 'llamune-ab-')), 'set.jsonl');
  await writeFile(file, '{"question": "新しい質問"}\n{broken\n');
  const fromFile = await runCli(
    [
      'ab',
      'start',
      '--poc',
      String(poc.id),
      '--models',
      `${one.id},${two.id}`,
      '--questions',
      file,
      '--user',
      'voter',
    ],
    up,
  );
  expect(fromFile.code).toBe(0);
  expect(fromFile.stderr).toMatch(/set\.jsonl:2: skipped, not JSON/);
  expect(fromFile.stdout).toContain('#1 新しい質問');

  // Bad input: exit 2, a clear message, nothing written.
  const runs = await db.selectFrom('ab_runs').select('id').execute();
  for (const [args, message] of [
    [
      ['ab', 'start', '--models', String(one.id), '--logs', '1', '--user', 'voter'],
      /--models: must be two model ids/,
    ],
    [
      ['ab', 'start', '--models', `${one.id},${one.id}`, '--logs', '1', '--user', 'voter'],
      /two different models/,
    ],
    [
      ['ab', 'start', '--models', `${one.id},${two.id}`, '--sample', '2', '--user', 'voter'],
      /give one of --logs/,
    ],
    [['ab', 'vote', runId, '1', 'C', '--user', 'voter'], /--choice: must be A, B or tie/],
    [['ab', 'vote', runId, '0', 'A', '--user', 'voter'], /--item: must be an item number/],
    [['ab', 'vote', runId, '1', 'A', '--user', 'nobody'], /There is no user "nobody"/],
    [['ab', 'stats'], /give --poc <id> or --run <id>/],
  ] as const) {
    const result = await runCli([...args], env);
    expect(result.stderr, args.join(' ')).toMatch(message);
    expect(result.code, args.join(' ')).toBe(2);
  }
  expect(await db.selectFrom('ab_runs').select('id').execute()).toEqual(runs);
});
