// The data the Logs tree asks for, on both databases: PoC counts, then each grouping's counts, then
// pages of 200 along the keyset cursor, exactly as the provider does, compared with a plain reading.
import { expect, it } from 'vitest';
import { countLogs, listLogs, narrowToGroup } from '../../src/core/domain/logQueries';
import { setLogStatus } from '../../src/core/domain/logs';
import {
  LOGS_PAGE_SIZE,
  logsGroupings,
  type TreeFilter,
  toLogFilter,
} from '../../src/extension/views/logsNodes';
import { describeEachDatabase } from '../support/testDatabase';
import { allLogs, BASE_TIME, DAY, insertFixture, insertLogs, matches } from './logQueriesFixtures';

type Db = Parameters<typeof listLogs>[0];

/** Every log id under a group node, page by page; checks the page size the tree relies on. */
async function groupLogIds(db: Db, filter: Parameters<typeof listLogs>[1]) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listLogs(db, { ...filter, limit: LOGS_PAGE_SIZE, cursor });
    expect(page.items.length).toBeLessThanOrEqual(LOGS_PAGE_SIZE);
    ids.push(...page.items.map((l) => l.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages };
}

/** The whole tree under a filter and grouping: every PoC, group and log the reviewer could open. */
async function walkTree(db: Db, treeFilter: TreeFilter, grouping: (typeof logsGroupings)[number]) {
  const base = toLogFilter(treeFilter);
  const shown = new Map<number, number[]>();
  let maxPages = 0;
  for (const poc of await countLogs(db, base, 'poc')) {
    const pocFilter = { ...base, pocId: Number(poc.key) };
    const groups = await countLogs(db, pocFilter, grouping);
    expect(
      groups.reduce((sum, g) => sum + g.count, 0),
      `PoC ${poc.key} by ${grouping}`,
    ).toBe(poc.count);
    const ids: number[] = [];
    for (const group of groups) {
      const { ids: groupIds, pages } = await groupLogIds(db, narrowToGroup(pocFilter, grouping, group.key));
      expect(groupIds.length, `${grouping} ${String(group.key)}`).toBe(group.count);
      maxPages = Math.max(maxPages, pages);
      ids.push(...groupIds);
    }
    shown.set(
      Number(poc.key),
      ids.sort((a, b) => a - b),
    );
  }
  return { shown, maxPages };
}

describeEachDatabase('Logs tree data', (get) => {
  it('shows every matching log exactly once under its PoC, whatever the grouping, in pages of at most 200', async () => {
    const db = get().db;
    const fixture = await insertFixture(db);
    await insertLogs(db, fixture, 900, 11);
    const logs = await allLogs(db);
    for (const grouping of logsGroupings) {
      const { shown, maxPages } = await walkTree(db, {}, grouping);
      for (const poc of fixture.pocs) {
        const expected = logs
          .filter((l) => l.poc_id === poc)
          .map((l) => l.id)
          .sort((a, b) => a - b);
        expect(shown.get(poc) ?? [], `${grouping} PoC ${poc}`).toEqual(expected);
      }
      // Status 1 holds about half of each PoC's 450 logs: more than one page.
      if (grouping === 'status') expect(maxPages).toBeGreaterThan(1);
    }
  });

  it('applies the title-bar filter (wrong answers, a user, whole days) to counts and pages alike', async () => {
    const db = get().db;
    const fixture = await insertFixture(db);
    await insertLogs(db, fixture, 400, 5);
    const logs = await allLogs(db);
    const firstDay = new Date(BASE_TIME - (BASE_TIME % DAY)).toISOString().slice(0, 10);
    const secondDay = new Date(BASE_TIME - (BASE_TIME % DAY) + DAY).toISOString().slice(0, 10);
    const treeFilter: TreeFilter = {
      evaluation: [3],
      rated: true,
      from: firstDay,
      to: secondDay,
      user: { id: fixture.users[0] ?? 0, name: 'alice' },
    };
    const { shown } = await walkTree(db, treeFilter, 'priority');
    const filter = toLogFilter(treeFilter) as Parameters<typeof matches>[1];
    const expected = logs.filter((l) => matches(l, filter));
    expect(expected.length).toBeGreaterThan(0);
    expect([...shown.values()].flat().sort((a, b) => a - b)).toEqual(
      expected.map((l) => l.id).sort((a, b) => a - b),
    );
    expect(expected.every((l) => l.evaluation === 3 && l.user_id === fixture.users[0])).toBe(true);
  });

  it('moves a log verified from the tree to the verified group on the next reading', async () => {
    const db = get().db;
    const fixture = await insertFixture(db);
    await insertLogs(db, fixture, 60, 3);
    const logs = await allLogs(db);
    const target = logs.find((l) => l.evaluated_at !== null && l.status === 1);
    if (!target) throw new Error('fixture has no rated, unprocessed log');
    const pocFilter = { pocId: target.poc_id };
    const before = await countLogs(db, pocFilter, 'status');
    await setLogStatus(db, { ids: [target.id], status: 3 });
    const after = await countLogs(db, pocFilter, 'status');
    const count = (rows: typeof before, key: number) => rows.find((r) => r.key === key)?.count ?? 0;
    expect(count(after, 3)).toBe(count(before, 3) + 1);
    expect(count(after, 1)).toBe(count(before, 1) - 1);
    const verified = await groupLogIds(db, narrowToGroup(pocFilter, 'status', 3));
    expect(verified.ids).toContain(target.id);
  });
});
