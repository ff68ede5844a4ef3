// `llamune-poc logs …` as a user runs it, against a real PostgreSQL database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateLog } from '../../src/core/domain/logs';
import { seedLog, seedSession } from '../support/fixtures';
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

describe('llamune-poc logs', () => {
  it('lists logs newest first with filters, pages with the printed cursor, and sets status', async () => {
    const { session } = await seedSession(database.db);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await seedLog(database.db, session.id, `質問 ${i}`)).id);
    await evaluateLog(database.db, ids[0]!, { evaluation: 3, reason: 'r', correct_answer: 'c', priority: 1 });

    const table = await runCli(['logs', 'list'], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TIME\s+POC\s+MODEL\s+USER\s+RATING/);
    expect(table.stdout).toMatch(/wrong\s+high\s+unprocessed\s+質問 0/);
    expect(table.stdout).toMatch(/unrated/);

    const wrong = JSON.parse(
      (await runCli(['logs', 'list', '--evaluation', '3', '--rated', '--json'], env)).stdout,
    );
    expect(wrong.items.map((l: { id: number }) => l.id)).toEqual([ids[0]]);

    const first = await runCli(['logs', 'list', '--limit', '2', '--json'], env);
    const page1 = JSON.parse(first.stdout);
    expect(page1.items.map((l: { id: number }) => l.id)).toEqual([ids[2], ids[1]]);
    const page2 = JSON.parse(
      (await runCli(['logs', 'list', '--limit', '2', '--cursor', page1.nextCursor, '--json'], env)).stdout,
    );
    expect(page2.items.map((l: { id: number }) => l.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();

    const counts = JSON.parse(
      (await runCli(['logs', 'list', '--count-by', 'evaluation', '--json'], env)).stdout,
    );
    expect(counts.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(3);
    // The two unrated logs are counted as unrated, not as good.
    expect(counts.map((c: { key: unknown; count: number }) => [c.key, c.count])).toEqual([
      [3, 1],
      [null, 2],
    ]);
    const countTable = await runCli(['logs', 'list', '--count-by', 'evaluation'], env);
    expect(countTable.stdout).toMatch(/^unrated\s+2$/m);
    expect(countTable.stdout).not.toMatch(/^1\s/m);
    const unrated = JSON.parse(
      (await runCli(['logs', 'list', '--evaluation', 'unrated', '--json'], env)).stdout,
    );
    expect(unrated.items.map((l: { id: number }) => l.id)).toEqual([ids[2], ids[1]]);
    const good = JSON.parse((await runCli(['logs', 'list', '--evaluation', '1', '--json'], env)).stdout);
    expect(good.items).toEqual([]);

    expect((await runCli(['logs', 'set-status', '3', String(ids[0])], env)).code).toBe(0);
    const row = await database.db
      .selectFrom('conversation_logs')
      .select('status')
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe(3);
  });

  it.each([
    [['logs', 'list', '--evaluation', '4'], /evaluation/],
    [['logs', 'list', '--limit', '500'], /limit/],
    [['logs', 'list', '--cursor', 'forged'], /cursor/],
    [['logs', 'list', '--rated', '--unrated'], /exclude each other/],
    [['logs', 'list', '--count-by', 'colour'], /--count-by: .*expected one of/],
    [['logs', 'list', '--from', 'someday'], /from/],
    [['logs', 'set-status', '7', '1'], /status/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to mark an unrated log verified and changes nothing', async () => {
    const { session } = await seedSession(database.db);
    const log = await seedLog(database.db, session.id);
    const result = await runCli(['logs', 'set-status', '3', String(log.id)], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has not been rated yet/);
    const row = await database.db.selectFrom('conversation_logs').select('status').executeTakeFirstOrThrow();
    expect(row.status).toBe(1);
  });
});
