// The Logs tree's summaries as deltas (migration 0011): a write appends its changes (unchanged keys
// skipped), writers fold them into the summaries now and then, and the summary views are exact at
// every moment — under concurrent ratings, chats, direct bulk UPDATEs and folds.
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/schema';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { seedLog, seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';
import { expectSummariesExact } from './summaries';

const pendingDeltas = async (db: Kysely<Database>) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversation_log_count_deltas`.execute(db))
    .rows[0]!.n;
const fold = (db: Kysely<Database>) => sql`SELECT conversation_log_counts_fold()`.execute(db);

describeEachDatabase('summary deltas', (get) => {
  it('a memo-only edit records no delta; a rating records its two keys', async () => {
    const db = get().db;
    const { session } = await seedSession(db);
    const log = await seedLog(db, session.id);
    await fold(db);
    await sql`UPDATE conversation_logs SET memo = 'note' WHERE id = ${log.id}`.execute(db);
    expect(await pendingDeltas(db)).toBe(0);
    await evaluateLog(db, log.id, { evaluation: 3, reason: 'r', correct_answer: 'c' });
    const { rows } = await sql<{ evaluation: number; rated: boolean; n: number }>`
      SELECT evaluation, rated, n::int AS n FROM conversation_log_count_deltas ORDER BY n`.execute(db);
    // Unless this very statement happened to fold (one in 64), its two keys are pending.
    if (rows.length > 0)
      expect(rows).toEqual([
        { evaluation: 1, rated: false, n: -1 },
        { evaluation: 3, rated: true, n: 1 },
      ]);
    await expectSummariesExact(db);
    await fold(db);
    expect(await pendingDeltas(db)).toBe(0);
    await expectSummariesExact(db);
  });

  it('writers fold by themselves: 600 single-row writes do not leave all their deltas pending', async () => {
    const db = get().db;
    const { session } = await seedSession(db);
    for (let i = 0; i < 300; i++) {
      const log = await recordLog(db, { session_id: session.id, question: `q${i}`, answer: 'a' });
      await evaluateLog(db, log.id, { evaluation: 1 });
    }
    // 900 delta rows were written (1 per chat, 2 per rating). One statement in 64 folds: 600 statements
    // without a fold would happen with p ≈ 1e-4.
    expect(await pendingDeltas(db)).toBeLessThan(900);
    await expectSummariesExact(db);
  });

  it('stays exact under concurrent ratings, chats, bulk status updates and folds', async () => {
    const db = get().db;
    const a = await seedSession(db);
    const b = await seedSession(db);
    const logs = await Promise.all(
      Array.from({ length: 60 }, (_, i) => seedLog(db, (i % 2 ? a : b).session.id, `q${i}`)),
    );
    await Promise.all([
      ...logs.map((log, i) =>
        evaluateLog(
          db,
          log.id,
          i % 3
            ? { evaluation: 2, reason: 'r', correct_answer: 'c', priority: ((i % 3) + 1) as 1 | 2 | 3 }
            : { evaluation: 1 },
        ),
      ),
      ...Array.from({ length: 40 }, (_, i) => seedLog(db, a.session.id, `more ${i}`)),
      // llamune_learning marks rated logs trained, straight in SQL, in bulk.
      sql`UPDATE conversation_logs SET status = 2 WHERE evaluated_at IS NOT NULL AND id % 2 = 0`.execute(db),
      sql`UPDATE conversation_logs SET status = 3 WHERE session_id = ${b.session.id} AND evaluated_at IS NOT NULL`.execute(
        db,
      ),
      ...Array.from({ length: 8 }, () => fold(db)),
    ]);
    await expectSummariesExact(db);
    await sql`DELETE FROM conversation_logs WHERE id % 5 = 0`.execute(db);
    await expectSummariesExact(db);
    await fold(db);
    expect(await pendingDeltas(db)).toBe(0);
    await expectSummariesExact(db);
  });
});
