// executeCancellable: an aborted query stops on the server (PostgreSQL), not only in our code, and
// nothing else on the pool is hit; with a signal that is never aborted it is a plain query (both).
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCancellable } from '../../src/core/db/cancellable';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/testDatabase';

// biome-ignore lint/suspicious/noExplicitAny: only pg_stat_activity and literals are read
async function activeTagged(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE state = 'active' AND starts_with(query, '/* llamune:cancellable')`.execute(db);
  return rows[0]!.n;
}

describeEachDatabase('executeCancellable', (get) => {
  it('runs the query as usual while the signal is not aborted', async () => {
    const rows = await executeCancellable(
      get().db,
      get().db.selectNoFrom(sql<number>`41 + 1`.as('answer')),
      new AbortController().signal,
    );
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('refuses to start with an aborted signal', async () => {
    await expect(
      executeCancellable(get().db, get().db.selectNoFrom(sql<number>`1`.as('x')), AbortSignal.abort()),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('executeCancellable [postgres]', () => {
  let database: TestDatabase & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  }, 60_000);
  afterAll(() => database?.dispose());

  it('cancels the running query on the server when aborted, and the pool keeps working', async () => {
    const { db } = database;
    const controller = new AbortController();
    const sleeping = executeCancellable(
      db,
      db.selectNoFrom(sql`pg_sleep(60)`.as('slept')),
      controller.signal,
    );
    await expect.poll(() => activeTagged(db), { timeout: 10_000 }).toBe(1);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    // Cancelled, not abandoned: the backend is idle again long before the minute is up.
    await expect.poll(() => activeTagged(db), { timeout: 10_000 }).toBe(0);
    const rows = await executeCancellable(
      db,
      db.selectNoFrom(sql<number>`1`.as('x')),
      controller.signal,
    ).catch((error: Error) => error.name);
    expect(rows).toBe('AbortError');
    expect((await sql<{ ok: number }>`SELECT 1 AS ok`.execute(db)).rows).toEqual([{ ok: 1 }]);
  });

  it('cancels a query aborted before it reached the server', async () => {
    const { db } = database;
    const controller = new AbortController();
    const sleeping = executeCancellable(
      db,
      db.selectNoFrom(sql`pg_sleep(60)`.as('slept')),
      controller.signal,
    );
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => activeTagged(db), { timeout: 10_000 }).toBe(0);
  });

  it('cancels only its own query: another one on the pool runs on', async () => {
    const { db } = database;
    const controller = new AbortController();
    const mine = executeCancellable(db, db.selectNoFrom(sql`pg_sleep(60)`.as('slept')), controller.signal);
    const other = executeCancellable(
      db,
      db.selectNoFrom(sql<string>`pg_sleep(2)::text`.as('slept')),
      new AbortController().signal,
    );
    await expect.poll(() => activeTagged(db), { timeout: 10_000 }).toBe(2);
    controller.abort();
    await expect(mine).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).resolves.toEqual([{ slept: '' }]);
  });
});
