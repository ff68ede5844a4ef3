// listLogs against both databases: every filter and combinations compared with a brute-force reading
// of the same rows, keyset paging that neither skips nor repeats while logs are being written, and
// the columns the tree and the REST list show.
import { expect, it } from 'vitest';
import { type LogFilterInput, listLogs, logFilterSchema } from '../../src/core/domain/logQueries';
import { DomainError, parseInput } from '../../src/core/errors';
import { describeEachDatabase } from '../support/testDatabase';
import {
  allLogs,
  BASE_TIME,
  DAY,
  type Fixture,
  insertFixture,
  insertLogs,
  matches,
} from './logQueriesFixtures';

/** Every page, following nextCursor; checks that no page is larger than asked. */
async function everyPage(db: Parameters<typeof listLogs>[0], input: LogFilterInput) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listLogs(db, { ...input, cursor });
    expect(page.items.length).toBeLessThanOrEqual(parseInput(logFilterSchema, input).limit);
    ids.push(...page.items.map((l) => l.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describeEachDatabase('listLogs', (get) => {
  let fixture: Fixture;
  const setUp = async () => {
    fixture = await insertFixture(get().db);
    await insertLogs(get().db, fixture, 240, 7);
  };

  it('returns each filter’s logs, newest first, exactly as a brute-force filter does', async () => {
    await setUp();
    const db = get().db;
    const logs = await allLogs(db);
    const day = new Date(BASE_TIME - (BASE_TIME % DAY) + 2 * DAY);
    const s = fixture.sessions;
    const filters: LogFilterInput[] = [
      {},
      { pocId: fixture.pocs[0] },
      { pocId: fixture.pocs[2] },
      { sessionId: s[3]!.id },
      { modelId: fixture.models[1] },
      { userId: fixture.users[0] },
      { evaluation: 3 },
      { evaluation: '2,3' },
      { status: [2] },
      { status: '1,3' },
      { priority: 1 },
      { priority: 'none' },
      { priority: [1, null] },
      { rated: true },
      { rated: 'false' },
      { text: '50%' },
      { text: 'a_b' },
      { text: 'snake_' },
      { text: 'C:\\temp' },
      { text: 'hello' },
      { text: 'HELLO' },
      { text: '請求書' },
      { text: '根拠' },
      { text: '%' },
      { text: '_' },
      { from: day },
      { to: day },
      { from: day, to: new Date(day.getTime() + DAY) },
      { from: new Date(day.getTime() + 3_600_000), to: new Date(day.getTime() + 5 * 3_600_000) },
      { pocId: fixture.pocs[1], evaluation: 3, status: 1 },
      { pocId: fixture.pocs[0], userId: fixture.users[1], rated: true, priority: '2,3' },
      { modelId: fixture.models[0], text: 'plain', from: day },
      { sessionId: s[0]!.id, evaluation: [2, 3], rated: true },
      { userId: fixture.users[0], modelId: fixture.models[1], pocId: fixture.pocs[0] },
    ];
    for (const input of filters) {
      const filter = parseInput(logFilterSchema, input);
      const expected = logs.filter((l) => matches(l, filter)).map((l) => l.id);
      const { ids } = await everyPage(db, { ...input, limit: 200 });
      expect(ids, JSON.stringify(input)).toEqual(expected);
    }
    // The text filter is really exercised: wildcards match themselves only.
    const percent = logs.filter((l) => matches(l, { text: '%' })).length;
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(logs.length);
  });

  it('pages through everything without gaps or duplicates while new logs are written', async () => {
    await setUp();
    const db = get().db;
    const before = (await allLogs(db)).filter((l) => l.poc_id === fixture.pocs[0]).map((l) => l.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = await listLogs(db, { pocId: fixture.pocs[0], limit: 7, cursor });
      seen.push(...page.items.map((l) => l.id));
      cursor = page.nextCursor ?? undefined;
      // Someone keeps chatting while the reviewer scrolls.
      await insertLogs(db, fixture, 3, 100 + round++);
    } while (cursor);
    expect(round).toBeGreaterThan(5);
    expect(seen).toEqual(before);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('gives the last page no cursor, and an empty page for a filter nothing matches', async () => {
    await setUp();
    const db = get().db;
    const total = (await allLogs(db)).length;
    const { pages } = await everyPage(db, { limit: 40 });
    expect(pages).toBe(Math.ceil(total / 40));
    const exact = await listLogs(db, { limit: 200 });
    expect(exact.items).toHaveLength(200);
    expect((await listLogs(db, { limit: 200, cursor: exact.nextCursor! })).nextCursor).toBeNull();
    expect(await listLogs(db, { pocId: fixture.pocs[2] })).toEqual({ items: [], nextCursor: null });
  });

  it('lists the log’s columns with its PoC, model, version and user', async () => {
    await setUp();
    const db = get().db;
    const { items } = await listLogs(db, { sessionId: fixture.sessions[1]!.id, limit: 1 });
    const log = items[0]!;
    const row = await db
      .selectFrom('conversation_logs')
      .selectAll()
      .where('id', '=', log.id)
      .executeTakeFirstOrThrow();
    expect(log).toEqual({
      ...row,
      poc_id: fixture.pocs[1],
      poc_name: 'Legal PoC',
      model_id: fixture.models[1],
      model_name: 'qwen-lora',
      model_version: 2,
      user_id: fixture.users[0],
      username: 'alice',
    });
  });

  it('refuses a tampered cursor and bad input with an invalid DomainError', async () => {
    await setUp();
    const db = get().db;
    const { nextCursor } = await listLogs(db, { evaluation: 1, limit: 5 });
    expect(nextCursor).toBeTypeOf('string');
    const tampered = `${nextCursor!.slice(0, -2)}${nextCursor!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const input of [
      { evaluation: 1, cursor: tampered },
      { evaluation: 2, cursor: nextCursor! },
      { limit: 500 },
      { evaluation: 9 },
    ]) {
      const error = await listLogs(db, input as LogFilterInput).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
    }
  });
});
