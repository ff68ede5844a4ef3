// countLogs against both databases: every grouping, with and without filters, equals a brute-force
// count — from the trigger-kept summary tables, from the logs themselves when a filter needs them,
// and after the writes llamune_learning makes directly (UPDATE status, bulk).
import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate';
import { migrations } from '../../src/core/db/migrationList';
import { summaryFor } from '../../src/core/domain/logCounts';
import {
  countLogs,
  type LogFilterInput,
  type LogGroupBy,
  listLogs,
  logFilterSchema,
  logGroupBySchema,
  narrowToGroup,
} from '../../src/core/domain/logQueries';
import { parseInput } from '../../src/core/errors';
import { describeEachDatabase } from '../support/testDatabase';
import {
  allLogs,
  BASE_TIME,
  bruteCounts,
  DAY,
  type Fixture,
  insertFixture,
  insertLogs,
} from './logQueriesFixtures';

const GROUPINGS = logGroupBySchema.options;

describeEachDatabase('countLogs', (get) => {
  let fixture: Fixture;

  /** Every grouping under every filter, compared with a count of the rows in JavaScript. */
  async function expectCountsToMatch(filters: LogFilterInput[]) {
    const db = get().db;
    const logs = await allLogs(db);
    for (const input of filters) {
      const filter = parseInput(logFilterSchema, input);
      for (const groupBy of GROUPINGS) {
        const expected = bruteCounts(logs, filter, groupBy);
        for (const withoutSummary of [false, true]) {
          const rows = await countLogs(db, input, groupBy, { withoutSummary });
          const got = Object.fromEntries(rows.map((r) => [String(r.key), r.count]));
          expect(got, `${groupBy} ${JSON.stringify(input)} withoutSummary=${withoutSummary}`).toEqual(
            expected,
          );
        }
      }
    }
  }

  const day = new Date(BASE_TIME - (BASE_TIME % DAY) + DAY);
  const filters = (): LogFilterInput[] => [
    {},
    { pocId: fixture.pocs[0] },
    { pocId: fixture.pocs[2] },
    { sessionId: fixture.sessions[2]!.id },
    { modelId: fixture.models[1] },
    { userId: fixture.users[1] },
    { evaluation: '2,3', status: 1 },
    // Good means rated Good: the unrated logs' stored 1 is only the default (SPEC §7).
    { evaluation: 1 },
    { evaluation: 'unrated' },
    { pocId: fixture.pocs[0], evaluation: [3, null] },
    { priority: 'none' },
    { priority: [1, null], rated: true },
    { rated: false },
    { from: day, to: new Date(day.getTime() + 2 * DAY) },
    { pocId: fixture.pocs[1], userId: fixture.users[0], from: day },
    { sessionId: fixture.sessions[0]!.id, to: day },
    { modelId: fixture.models[0], from: day, evaluation: 3 },
    { from: new Date(day.getTime() + 3_600_000) },
    { pocId: fixture.pocs[0], evaluation: [1, 3], rated: true },
    { userId: fixture.users[0], from: day },
    { text: 'hello' },
    { pocId: fixture.pocs[0], text: '50%', status: [1, 2] },
  ];

  it('counts every grouping exactly, with and without filters', { timeout: 180_000 }, async () => {
    fixture = await insertFixture(get().db);
    await insertLogs(get().db, fixture, 300, 11);
    await expectCountsToMatch(filters());
  });

  it('counts the logs that were there before the migration that adds the summaries', async () => {
    const db = get().db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('0001_initial');
    expect(down.error).toBeUndefined();
    fixture = await insertFixture(db);
    await insertLogs(db, fixture, 120, 17);
    expect(await migrateToLatest(db)).toEqual(
      Object.keys(migrations).filter((name) => name > '0001_initial'),
    );
    await expectCountsToMatch([{}, { pocId: fixture.pocs[1], from: day }]);
  });

  it('stays exact after ratings, bulk status updates, deletes and new logs', {
    timeout: 180_000,
  }, async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await insertLogs(db, fixture, 200, 12);
    // The panel's rating: one row, codes and evaluated_at change together.
    const first = await db
      .selectFrom('conversation_logs')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('conversation_logs')
      .set({ evaluation: 3, priority: 1, reason: 'wrong', evaluated_at: new Date(), updated_at: new Date() })
      .where('id', '=', first.id)
      .execute();
    // llamune_learning marks what it trained on, in bulk, with plain SQL.
    await sql`UPDATE conversation_logs SET status = 2 WHERE evaluation > 1 AND status = 1`.execute(db);
    await sql`UPDATE conversation_logs SET memo = 'no count changes' WHERE id % 3 = 0`.execute(db);
    await sql`DELETE FROM conversation_logs WHERE id % 10 = 0`.execute(db);
    await insertLogs(db, fixture, 50, 13);
    await expectCountsToMatch(filters());
  });

  it('is kept right by concurrent writers', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await insertLogs(db, fixture, 40, 14);
    const ids = (await db.selectFrom('conversation_logs').select('id').execute()).map((r) => r.id);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => insertLogs(db, fixture, 3, 200 + i)),
      ...ids.map((id, i) =>
        db
          .updateTable('conversation_logs')
          .set({ status: ((i % 3) + 1) as 1 | 2 | 3 })
          .where('id', '=', id)
          .execute(),
      ),
    ]);
    await expectCountsToMatch([{}, { pocId: fixture.pocs[1] }]);
  });

  it('answers from a summary table unless text or a time range off day boundaries needs the logs', () => {
    const f = (input: LogFilterInput) => parseInput(logFilterSchema, input);
    expect(summaryFor(f({}), 'poc')).toBe('conversation_log_counts_by_poc');
    expect(summaryFor(f({ pocId: 1, evaluation: 3, rated: true }), 'status')).toBe(
      'conversation_log_counts_by_poc',
    );
    expect(summaryFor(f({ pocId: 1 }), 'session')).toBe('conversation_log_counts_by_session');
    expect(summaryFor(f({ userId: 1 }), 'evaluation')).toBe('conversation_log_counts_by_session');
    expect(summaryFor(f({ pocId: 1 }), 'day')).toBe('conversation_log_counts_by_day');
    expect(summaryFor(f({ from: '2026-11-01' }), 'evaluation')).toBe('conversation_log_counts_by_day');
    expect(summaryFor(f({ from: '2026-11-01', userId: 2 }), 'user')).toBe('conversation_log_counts_by_day');
    expect(summaryFor(f({ from: '2026-11-01' }), 'session')).toBeUndefined();
    expect(summaryFor(f({ sessionId: 1 }), 'day')).toBeUndefined();
    expect(summaryFor(f({ from: '2026-11-01T10:00:00Z' }), 'poc')).toBeUndefined();
    expect(summaryFor(f({ text: 'x' }), 'poc')).toBeUndefined();
  });

  it('labels PoCs, models, users and sessions, and orders sessions and days newest first', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await insertLogs(db, fixture, 60, 15);
    const pocs = await countLogs(db, {}, 'poc');
    expect(pocs.map((r) => [r.key, r.label])).toEqual([
      [fixture.pocs[0], '経理 PoC'],
      [fixture.pocs[1], 'Legal PoC'],
    ]);
    const models = await countLogs(db, {}, 'model');
    expect(models.map((r) => r.label)).toEqual(['qwen v1', 'qwen-lora v2']);
    expect((await countLogs(db, {}, 'user')).map((r) => r.label)).toEqual(['alice', 'bob']);
    const sessions = await countLogs(db, {}, 'session');
    expect(sessions.map((r) => r.key)).toEqual(fixture.sessions.map((s) => s.id).reverse());
    expect(sessions[0]!.label).toMatch(/^\d{4}-\d\d-\d\dT/);
    const days = (await countLogs(db, {}, 'day')).map((r) => r.key as string);
    expect(days).toEqual([...days].sort().reverse());
    const priorities = await countLogs(db, {}, 'priority');
    expect(priorities.at(-1)!.key).toBeNull();
  });

  it('narrows a filter to one group, so that the group’s logs number its count', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await insertLogs(db, fixture, 150, 16);
    const scope: LogFilterInput = { pocId: fixture.pocs[0], rated: true, from: new Date(BASE_TIME - DAY) };
    for (const groupBy of GROUPINGS as readonly LogGroupBy[]) {
      const groups = await countLogs(db, scope, groupBy);
      expect(groups.length, groupBy).toBeGreaterThan(0);
      for (const group of groups) {
        const page = await listLogs(db, { ...narrowToGroup(scope, groupBy, group.key), limit: 200 });
        expect(page.items.length, `${groupBy} ${String(group.key)}`).toBe(group.count);
      }
    }
  });
});
