// The panel's chart feed against both databases: it sends the chart of the PoC the webview asks for, and
// again with the new counts when logs change (the panel's saveRating announces 'logs'), and follows
// the PoC the panel moves to.
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/core/db/schema';
import { evaluateLog } from '../../src/core/domain/logs';
import { ratingChart } from '../../src/core/domain/ratingChart';
import type { DataKind } from '../../src/extension/database';
import { RatingChartFeed, type RatingChartFeedContext } from '../../src/extension/panel/ratingChartFeed';
import type { HostMessage } from '../../src/protocol/messages';
import { describeEachDatabase } from '../support/testDatabase';
import { insertFixture, insertLogs } from './logQueriesFixtures';

type ChartMessage = Extract<HostMessage, { type: 'ratingChart' }>;

/** A stand-in for the extension's database service: the real database, events fired by the test. */
function feedFor(db: Kysely<Database>) {
  const changed: ((kind: DataKind) => unknown)[] = [];
  const ctx: RatingChartFeedContext = {
    database: {
      onDidChangeData: (listener) => {
        changed.push(listener);
        return { dispose: () => changed.splice(changed.indexOf(listener), 1) };
      },
      onDidReopen: () => ({ dispose() {} }),
      db: async () => db,
    },
    log: { warn: (message: string) => expect.fail(message) },
  };
  const posted: ChartMessage[] = [];
  let onPost: (() => void) | undefined;
  const feed = new RatingChartFeed(
    ctx,
    (message) => {
      posted.push(message);
      onPost?.();
    },
    ratingChart,
  );
  const nextPost = () => new Promise<void>((resolve) => (onPost = resolve));
  const fire = (kind: DataKind) => {
    for (const listener of [...changed]) listener(kind);
  };
  return { feed, posted, nextPost, fire, listeners: changed };
}

describeEachDatabase('RatingChartFeed', (get) => {
  it('sends the asked PoC’s chart, and again with the new counts after a rating is saved', async () => {
    const db = get().db;
    const fixture = await insertFixture(db);
    await insertLogs(db, fixture, 60, 3);
    const pocId = fixture.pocs[0]!;
    const { feed, posted, nextPost, fire } = feedFor(db);

    await feed.request(pocId);
    expect(posted).toEqual([{ type: 'ratingChart', chart: await ratingChart(db, pocId) }]);
    const before = posted[0]!.chart.versions[0]!;

    const log = await db
      .selectFrom('conversation_logs as l')
      .innerJoin('sessions as s', 's.id', 'l.session_id')
      .select('l.id')
      .where('s.poc_id', '=', pocId)
      .where('l.evaluated_at', 'is', null)
      .executeTakeFirstOrThrow();
    await evaluateLog(db, log.id, { evaluation: 1 });
    const sent = nextPost();
    fire('logs');
    await sent;
    expect(posted).toHaveLength(2);
    const after = posted[1]!.chart.versions[0]!;
    expect(after.good).toBe(before.good + 1);
    expect(after.unrated).toBe(before.unrated - 1);
    feed.dispose();
  });

  it('follows the PoC the panel moves to, and stops listening when disposed', async () => {
    const db = get().db;
    const fixture = await insertFixture(db);
    await insertLogs(db, fixture, 40, 5);
    const { feed, posted, listeners } = feedFor(db);
    await feed.request(fixture.pocs[0]!);
    await feed.request(fixture.pocs[1]!);
    expect(posted.map((m) => m.chart.poc_id)).toEqual([fixture.pocs[0], fixture.pocs[1]]);
    expect(posted[1]!.chart).toEqual(await ratingChart(db, fixture.pocs[1]!));
    expect(listeners).toHaveLength(1);
    feed.dispose();
    expect(listeners).toHaveLength(0);
  });
});
