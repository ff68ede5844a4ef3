// `llamune-poc export` as a user runs it, against a real PostgreSQL: the files, the exit codes, a dry
// run that writes nothing, --force, --mark-trained and the next default export finding nothing.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLog, recordLog } from '../../src/core/domain/logs';
import { seedSession } from '../support/fixtures';
import { runCli } from '../support/runCli';
import { createTestDatabase, type TestDatabase, truncateAll } from '../support/testDatabase';

let database: TestDatabase & { dispose(): Promise<void> };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  env = { DATABASE_URL: database.url };
});
afterAll(() => database.dispose());
beforeEach(() => truncateAll(database.db));

describe('llamune-poc export', () => {
  it('writes the folder, refuses it again without --force, marks trained, then finds nothing new', async () => {
    const { session, poc } = await seedSession(database.db);
    for (let i = 0; i < 4; i++) {
      const log = await recordLog(database.db, {
        session_id: session.id,
        question: `質問 ${i}`,
        answer: `回答 ${i}`,
      });
      await evaluateLog(database.db, log.id, {
        evaluation: 3,
        reason: '誤り',
        correct_answer: `正解 ${i}`,
        priority: 2,
      });
    }
    await recordLog(database.db, { session_id: session.id, question: '未評価', answer: 'まだ' });
    const out = join(await mkdtemp(join(tmpdir(), 'llamune-cli-export-')), 'data');

    const dry = await runCli(['export', '--poc', poc.name, '--out', out, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('4 rated logs matched: 0 good, 0 insufficient, 4 wrong.');
    expect(existsSync(out)).toBe(false);

    const first = await runCli(['export', '--poc', String(poc.id), '--out', out, '--split', '1,0,0'], env);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(out);
    expect(first.stderr).toMatch(/Exporting… 100%/);
    expect((await readFile(join(out, 'train.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);
    expect((await readFile(join(out, 'dpo/train.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);

    const again = await runCli(['export', '--poc', String(poc.id), '--out', out], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds files/);

    const marked = await runCli(
      ['export', '--poc', String(poc.id), '--out', out, '--force', '--mark-trained'],
      env,
    );
    expect(marked.code).toBe(0);
    expect(marked.stderr).toContain('Marked 4 logs trained (status 2).');
    const statuses = await database.db
      .selectFrom('conversation_logs')
      .select('status')
      .orderBy('id')
      .execute();
    expect(statuses.map((r) => r.status)).toEqual([2, 2, 2, 2, 1]);

    const nothing = await runCli(['export', '--poc', String(poc.id), '--out', `${out}-2`], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/No rated log matches/);
  });

  it.each([
    [['--split', '0.5,0.5,0.5'], /add up to 1/],
    [['--split', '1,0'], /--split/],
    [['--evaluation', '4'], /--evaluation/],
    [['--format', 'parquet'], /--format/],
  ])('refuses %j with exit code 2 and writes nothing', async (extra, message) => {
    const { poc } = await seedSession(database.db);
    const out = join(await mkdtemp(join(tmpdir(), 'llamune-cli-export-')), 'data');
    const result = await runCli(['export', '--poc', String(poc.id), '--out', out, ...extra], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('names an unknown PoC', async () => {
    const result = await runCli(['export', '--poc', 'No such PoC', '--out', tmpdir()], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no PoC is named "No such PoC"/);
  });
});
