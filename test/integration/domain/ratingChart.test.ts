// ratingChart against both databases: per version and per period it equals a brute-force count of the
// logs themselves, before and after ratings change (the summary is kept by triggers), by day and by week.

import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/schema';
import { evaluateLog } from '../../../src/core/domain/logs';
import { mondayOf, type RatingCounts, ratingChart } from '../../../src/core/domain/ratingChart';
import { describeEachDatabase } from '../../support/testDatabase';
import { BASE_TIME, DAY, type Fixture, insertFixture, insertLogs } from '../logQueriesFixtures';

type Counted = Record<string, RatingCounts>;

/** The same numbers, counted in JavaScript from every log and its session. */
async function bruteForce(db: Kysely<Database>, pocId: number, weekly: boolean) {
  const logs = await db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select(['s.model_id', 's.poc_id', 's.started_at', 'l.evaluation', 'l.evaluated_at'])
    .where('s.poc_id', '=', pocId)
    .execute();
  const versions: Counted = {};
  const periods: Counted = {};
  const bump = (into: Counted, key: string, log: (typeof logs)[number]) => {
    into[key] ??= { good: 0, insufficient: 0, wrong: 0, unrated: 0 };
    const field =
      log.evaluated_at === null
        ? 'unrated'
        : (['good', 'insufficient', 'wrong'] as const)[log.evaluation - 1]!;
    into[key][field]++;
  };
  for (const log of logs) {
    bump(versions, String(log.model_id), log);
    const day = log.started_at.toISOString().slice(0, 10);
    bump(periods, `${log.model_id} ${weekly ? mondayOf(day) : day}`, log);
  }
  return { versions, periods };
}

async function expectChartToMatch(db: Kysely<Database>, pocId: number, weekly: boolean) {
  const chart = await ratingChart(db, pocId);
  const expected = await bruteForce(db, pocId, weekly);
  expect(chart.bucket).toBe(weekly ? 'week' : 'day');
  const counts = ({ good, insufficient, wrong, unrated }: RatingCounts) => ({
    good,
    insufficient,
    wrong,
    unrated,
  });
  expect(Object.fromEntries(chart.versions.map((v) => [String(v.model_id), counts(v)]))).toEqual(
    expected.versions,
  );
  expect(Object.fromEntries(chart.over_time.map((p) => [`${p.model_id} ${p.period}`, counts(p)]))).toEqual(
    expected.periods,
  );
  const periods = chart.over_time.map((p) => p.period);
  expect(periods).toEqual([...periods].sort());
  return chart;
}

describeEachDatabase('ratingChart', (get) => {
  let fixture: Fixture;

  /** Spreads the fixture's sessions over days `spacing` apart. */
  async function spreadSessions(spacing: number) {
    const db = get().db;
    // started_at is never updated by the product (the schema's type says so): the test moves it back.
    for (const [i, session] of fixture.sessions.entries())
      await sql`UPDATE sessions SET started_at = ${new Date(BASE_TIME + i * spacing * DAY)} WHERE id = ${session.id}`.execute(
        db,
      );
  }

  it('counts good, insufficient, wrong and unrated per version and per day, as the logs do', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await spreadSessions(1);
    await insertLogs(db, fixture, 400, 7);
    const chart = await expectChartToMatch(db, fixture.pocs[0]!, false);
    expect(chart.versions.map((v) => `${v.model_name} v${v.version}`)).toEqual(['qwen v1']);
    expect(chart.over_time.length).toBeGreaterThan(1);
    const legal = await expectChartToMatch(db, fixture.pocs[1]!, false);
    expect(legal.versions.map((v) => v.model_id)).toEqual([fixture.models[1]]);
    expect(await ratingChart(db, fixture.pocs[2]!)).toEqual({
      poc_id: fixture.pocs[2],
      versions: [],
      bucket: 'day',
      over_time: [],
    });
  });

  it('follows ratings as they are saved, changed and new logs arrive', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await spreadSessions(1);
    await insertLogs(db, fixture, 120, 11);
    const pocId = fixture.pocs[0]!;
    const before = await expectChartToMatch(db, pocId, false);
    const unrated = await db
      .selectFrom('conversation_logs as l')
      .innerJoin('sessions as s', 's.id', 'l.session_id')
      .select('l.id')
      .where('s.poc_id', '=', pocId)
      .where('l.evaluated_at', 'is', null)
      .executeTakeFirstOrThrow();
    await evaluateLog(db, unrated.id, { evaluation: 3, reason: 'no', correct_answer: 'yes', priority: 1 });
    const after = await expectChartToMatch(db, pocId, false);
    expect(after.versions[0]!.wrong).toBe(before.versions[0]!.wrong + 1);
    expect(after.versions[0]!.unrated).toBe(before.versions[0]!.unrated - 1);
    await evaluateLog(db, unrated.id, { evaluation: 1 });
    const fixed = await expectChartToMatch(db, pocId, false);
    expect(fixed.versions[0]!.good).toBe(after.versions[0]!.good + 1);
    expect(fixed.versions[0]!.wrong).toBe(before.versions[0]!.wrong);
    await insertLogs(db, fixture, 50, 12);
    await expectChartToMatch(db, pocId, false);
  });

  it('buckets by week (from Monday) when the sessions span more than two months', async () => {
    const db = get().db;
    fixture = await insertFixture(db);
    await spreadSessions(20);
    await insertLogs(db, fixture, 200, 13);
    const chart = await expectChartToMatch(db, fixture.pocs[0]!, true);
    for (const p of chart.over_time) expect(new Date(`${p.period}T00:00:00Z`).getUTCDay()).toBe(1);
  });
});
