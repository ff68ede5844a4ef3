// The Logs tree's counts with a text filter: the groups come at once (from the summaries, without the
// text) marked as counting, then the exact counts in the background, on both databases.
import { expect, it } from 'vitest';
import { countLogs, countsFromSummary, type LogGroupBy } from '../../src/core/domain/logQueries';
import { ProgressiveCounts } from '../../src/extension/views/progressiveCounts';
import { describeEachDatabase } from '../support/testDatabase';
import { insertFixture, insertLogs } from './logQueriesFixtures';

describeEachDatabase('progressive counts', (get) => {
  const setUp = () => {
    const settled: string[] = [];
    const counted: { text: string | undefined; groupBy: LogGroupBy }[] = [];
    const counts = new ProgressiveCounts({
      count: (filter, groupBy, signal) => {
        counted.push({ text: filter.text, groupBy });
        return countLogs(get().db, filter, groupBy, { signal });
      },
      summarized: countsFromSummary,
      onSettled: (key) => settled.push(key),
    });
    return { counts, settled, counted };
  };

  it('answers from the summaries at once when there is no text filter', async () => {
    const fixture = await insertFixture(get().db);
    await insertLogs(get().db, fixture, 150, 3);
    const { counts, settled } = setUp();
    const answer = await counts.get('', { evaluation: [3] }, 'poc', new AbortController().signal);
    expect(answer).toEqual({
      counts: await countLogs(get().db, { evaluation: [3] }, 'poc'),
      counting: false,
    });
    await counts.idle();
    expect(settled).toEqual([]);
  });

  it('with a text filter: the groups without the text first, then the exact counts', async () => {
    const fixture = await insertFixture(get().db);
    await insertLogs(get().db, fixture, 300, 5);
    const { counts, settled, counted } = setUp();
    const filter = { pocId: fixture.pocs[0], text: '根拠' };
    const signal = new AbortController().signal;
    const first = await counts.get('poc:1', filter, 'evaluation', signal);
    expect(first.counting).toBe(true);
    expect(first.counts).toEqual(await countLogs(get().db, { pocId: fixture.pocs[0] }, 'evaluation'));
    // Asked again (before or after they are in): no second background count.
    await counts.get('poc:1', filter, 'evaluation', signal);
    await counts.idle();
    expect(counted.filter((c) => c.text === '根拠')).toHaveLength(1);
    expect(settled).toEqual(['poc:1']);
    const exact = await countLogs(get().db, filter, 'evaluation');
    expect(exact.length).toBeGreaterThan(0);
    expect(await counts.get('poc:1', filter, 'evaluation', signal)).toEqual({
      counts: exact,
      counting: false,
    });
    // Groups with no match are gone from the exact answer.
    const roughTotal = first.counts.reduce((n, r) => n + r.count, 0);
    expect(exact.reduce((n, r) => n + r.count, 0)).toBeLessThan(roughTotal);
  });

  it('drops a background count when the tree is reset or the query aborted', async () => {
    const fixture = await insertFixture(get().db);
    await insertLogs(get().db, fixture, 100, 9);
    const { counts, settled } = setUp();
    const filter = { text: 'the' };
    await counts.get('', filter, 'poc', new AbortController().signal);
    counts.reset();
    const controller = new AbortController();
    await counts.get('', filter, 'poc', controller.signal);
    controller.abort();
    await counts.idle();
    expect(settled).toEqual([]);
    // After a reset, counting starts again.
    const again = await counts.get('', filter, 'poc', new AbortController().signal);
    expect(again.counting).toBe(true);
    await counts.idle();
    expect(settled).toEqual(['']);
  });
});
