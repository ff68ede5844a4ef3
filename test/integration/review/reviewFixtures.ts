// A PoC with rated logs, a rater, a lead and three reviewers, through the real services.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../src/core/db/schema';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { createUser } from '../../../src/core/domain/users';
import { seedSession } from '../../support/fixtures';

export type Rating = 1 | 2 | 3 | null;

export async function seedReviewTeam(db: Kysely<Database>, ratings: Rating[] = [3, 2, 1]) {
  const seeded = await seedSession(db, { username: 'rater' });
  const people = {
    rater: { user: seeded.user, apiKey: seeded.apiKey },
    lead: await createUser(db, 'lead'),
    alice: await createUser(db, 'alice'),
    bob: await createUser(db, 'bob'),
    carol: await createUser(db, 'carol'),
  };
  const logs = [];
  for (const [i, rating] of ratings.entries()) {
    const log = await recordLog(db, {
      session_id: seeded.session.id,
      question: `質問 ${i + 1}`,
      answer: `回答 ${i + 1}`,
      latency_ms: 5,
    });
    if (rating) {
      await evaluateLog(db, log.id, {
        evaluation: rating,
        ...(rating > 1 && { reason: `理由 ${i + 1}`, correct_answer: `正解 ${i + 1}`, priority: 3 }),
      });
    }
    logs.push(log);
  }
  return { ...seeded, people, logs };
}

export const wrong = (correction: string, priority: 1 | 2 | 3 = 2) => ({
  evaluation: 3 as const,
  reason: 'r',
  correct_answer: correction,
  priority,
});

/** Row counts of the review tables: what "nothing written" is checked against. */
export async function reviewRowCounts(db: Kysely<Database>) {
  const tables = [
    'review_assignments',
    'review_assignees',
    'log_reviews',
    'review_adjudications',
    'review_guidelines',
    'correction_drafts',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n,
    );
  }
  return counts;
}
