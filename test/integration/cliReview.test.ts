// `llamune-poc review` as people run it: the built CLI as a real process against PostgreSQL — a lead
// hands a PoC's wrong answers to two reviewers, they review blind, one disagreement goes to the lead,
// who settles it; the agreement figures and the guidelines; bad input exits 2 and writes nothing.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getLog } from '../../src/core/domain/logs';
import { runCli } from '../support/runCli';
import { createTestDatabase, type TestDatabase, truncateAll } from '../support/testDatabase';
import { reviewRowCounts, seedReviewTeam } from './review/reviewFixtures';

let database: TestDatabase & { dispose(): Promise<void> };
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  database = await createTestDatabase('postgres');
  env = { DATABASE_URL: database.url };
});
afterAll(() => database.dispose());
beforeEach(() => truncateAll(database.db));

const cli = (...args: string[]) => runCli(['review', ...args], env);

it('assigns, reviews blind, sends the disagreement to the lead, who settles it; stats and guidelines', async () => {
  const { db } = database;
  const { poc, logs } = await seedReviewTeam(db, [3, 2, 1, 3]);
  const [a, b, , d] = logs.map((l) => l.id) as [number, number, number, number];

  const tooFew = await cli(
    'assign',
    '--poc',
    String(poc.id),
    '--reviewers',
    'alice,bob',
    '--required',
    '3',
    '--lead',
    'lead',
  );
  expect(tooFew.code).toBe(2);
  expect(tooFew.stderr).toMatch(
    /3 reviews are required for each log but only 2 reviewers are named; name at least 3\./,
  );
  const unknown = await cli(
    'assign',
    '--logs',
    `${a}`,
    '--reviewers',
    'alice,zed',
    '--required',
    '1',
    '--lead',
    'lead',
  );
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/There is no user "zed"/);
  const both = await cli(
    'assign',
    '--logs',
    `${a}`,
    '--poc',
    String(poc.id),
    '--reviewers',
    'alice',
    '--required',
    '1',
    '--lead',
    'lead',
  );
  expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/either --logs <ids> or --poc <id>/) });
  const badRating = await cli(
    'assign',
    '--poc',
    String(poc.id),
    '--evaluation',
    '2,4',
    '--reviewers',
    'alice',
    '--required',
    '1',
    '--lead',
    'lead',
  );
  expect(badRating).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--evaluation: must be ratings 1, 2, 3/),
  });
  const badRequired = await cli(
    'assign',
    '--poc',
    String(poc.id),
    '--reviewers',
    'alice',
    '--required',
    '0',
    '--lead',
    'lead',
  );
  expect(badRequired).toMatchObject({ code: 2, stderr: expect.stringMatching(/--required: must be 1 to 3/) });
  expect((await reviewRowCounts(db)).review_assignments).toBe(0);

  const assigned = await cli(
    'assign',
    '--poc',
    String(poc.id),
    '--evaluation',
    '2,3',
    '--reviewers',
    'alice,bob',
    '--required',
    '2',
    '--lead',
    'lead',
  );
  expect(assigned.code).toBe(0);
  expect(assigned.stderr).toMatch(/Assigned 3 logs to alice, bob: 2 reviews each, lead lead\./);
  expect(assigned.stdout.trim()).toBe([a, b, d].join(','));

  const queue = await cli('queue', '--user', 'alice');
  expect(queue.code).toBe(0);
  expect(queue.stderr).toMatch(/alice: 3 to review, 0 reviewed, 0 closed by others\./);
  expect(queue.stdout).toMatch(/質問 1/);
  expect(queue.stdout).not.toMatch(/理由|正解/);
  expect(JSON.parse((await cli('queue', '--user', 'alice', '--json')).stdout).items).toHaveLength(3);

  const say = (log: number, user: string, ...verdict: string[]) =>
    cli('submit', String(log), '--user', user, ...verdict);
  expect(
    (
      await say(a, 'alice', '--evaluation', '3', '--reason', '古い税率', '--correction', '10%です')
    ).stdout.trim(),
  ).toBe('waiting');
  const agreed = await say(
    a,
    'bob',
    '--evaluation',
    '3',
    '--reason',
    '誤り',
    '--correction',
    '10%です',
    '--priority',
    '1',
  );
  expect(agreed).toMatchObject({ code: 0, stdout: 'accepted\n' });
  expect(agreed.stderr).toMatch(/the reviews agree: accepted and verified \(status 3\)/);
  await say(b, 'alice', '--evaluation', '1');
  const disputed = await say(b, 'bob', '--evaluation', '2', '--reason', '不足', '--correction', '補足あり');
  expect(disputed).toMatchObject({ code: 0, stdout: 'disputed\n' });
  await say(d, 'alice', '--evaluation', '3', '--reason', 'r', '--correction', 'c');

  const twice = await say(a, 'alice', '--evaluation', '1');
  expect(twice).toMatchObject({ code: 1, stderr: expect.stringMatching(/already reviewed log/) });
  const notMine = await say(a, 'carol', '--evaluation', '1');
  expect(notMine).toMatchObject({
    code: 1,
    stderr: expect.stringMatching(new RegExp(`Log ${a} is not assigned to you`)),
  });
  const missing = await say(d, 'bob', '--evaluation', '3', '--reason', 'r');
  expect(missing).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/correct_answer: is required for evaluation 2 and 3/),
  });
  expect((await reviewRowCounts(db)).log_reviews).toBe(5);

  const list = await cli('disagreements', '--poc', String(poc.id));
  expect(list.code).toBe(0);
  expect(list.stderr).toMatch(/^1 disagreement\./m);
  expect(list.stdout).toMatch(new RegExp(`${b}\\s+rating\\s+lead\\s+alice\\s+good`));
  expect(list.stdout).toMatch(/bob\s+insufficient\s+2\s+補足あり/);
  expect(JSON.parse((await cli('disagreements', '--lead', 'alice', '--json')).stdout)).toEqual([]);

  const notLead = await cli('resolve', String(b), '--pick', 'bob', '--user', 'alice');
  expect(notLead).toMatchObject({ code: 1, stderr: expect.stringMatching(/not under a review you lead/) });
  const neither = await cli('resolve', String(b), '--user', 'lead');
  expect(neither).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/either --pick <reviewer> or --evaluation <code>/),
  });
  const pending = await cli('resolve', String(d), '--pick', 'alice', '--user', 'lead');
  expect(pending).toMatchObject({ code: 1, stderr: expect.stringMatching(/1 of its 2 reviews/) });
  const resolved = await cli('resolve', String(b), '--pick', 'bob', '--user', 'lead');
  expect(resolved).toMatchObject({ code: 0, stdout: '2\n' });
  expect(resolved.stderr).toMatch(
    new RegExp(`Log ${b} settled with bob's verdict: insufficient, verified \\(status 3\\)\\.`),
  );

  expect(await getLog(db, a)).toMatchObject({
    status: 3,
    evaluation: 3,
    correct_answer: '10%です',
    priority: 1,
  });
  expect(await getLog(db, b)).toMatchObject({ status: 3, evaluation: 2, correct_answer: '補足あり' });
  expect((await getLog(db, d)).status).toBe(1);

  const stats = await cli('stats', '--poc', String(poc.id));
  expect(stats.code).toBe(0);
  expect(stats.stderr).toMatch(/3 under review — 2 settled, 0 disputed, 1 waiting\./);
  expect(stats.stdout).toMatch(/alice × bob\s+2\s+50%/);
  const json = JSON.parse((await cli('stats', '--poc', String(poc.id), '--json')).stdout);
  expect(json.pairs).toEqual([
    expect.objectContaining({ reviewers: ['alice', 'bob'], items: 2, observed: 0.5 }),
  ]);
  expect(json.reviewers).toEqual([
    expect.objectContaining({ reviewer: 'alice', reviews: 3, settled: 2, agreed: 1 }),
    expect.objectContaining({ reviewer: 'bob', reviews: 2, settled: 2, agreed: 2, share: 1 }),
  ]);

  const none = await cli('guidelines', '--poc', String(poc.id));
  expect(none).toMatchObject({ code: 0, stdout: '', stderr: expect.stringMatching(/has no guidelines yet/) });
  const dir = await mkdtemp(join(tmpdir(), 'llamune-guidelines-'));
  const file = join(dir, 'guidelines.md');
  await writeFile(file, '# 評価基準\n\n- 税率は10%\n');
  expect((await cli('guidelines', '--poc', String(poc.id), '--set', file, '--user', 'lead')).stderr).toMatch(
    /Saved version 1/,
  );
  const shown = await cli('guidelines', '--poc', String(poc.id));
  expect(shown.stdout).toBe('# 評価基準\n\n- 税率は10%\n\n');
  expect(shown.stderr).toMatch(/Version 1, saved .* by lead:/);
  const unreadable = await cli('guidelines', '--poc', String(poc.id), '--set', join(dir, 'missing.md'));
  expect(unreadable).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot be read/) });
  expect((await reviewRowCounts(db)).review_guidelines).toBe(1);
}, 120_000);
