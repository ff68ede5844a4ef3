// The one statement that saves ratings: any number of logs, each with its own verdict, memo and owner,
// in one UPDATE over arrays (one text whatever the count, so it is prepared once). A log under review
// keeps its verdict and its rating time (logReviewHold.ts): such a row is updated only when the
// verdict sent is the one it holds (so that its memo stays editable) and is otherwise left out of the
// result, as is a log that is missing or not the owner's.
import { type Kysely, sql } from 'kysely';
import type { ConversationLog, Database } from '../db/schema';
import { utcNow } from '../db/utcNow';
import type { VerdictFields } from './logReviewHold';

export interface RatingToSave {
  logId: number;
  verdict: VerdictFields;
  memo: string | null;
  /** Only this user's logs; null: any log (the CLI, an editor with no user). */
  ownerId: number | null;
}

/** Saves the ratings (of distinct logs) in one statement; returns the logs updated, by id. */
export async function saveRatings(
  db: Kysely<Database>,
  ratings: readonly RatingToSave[],
): Promise<Map<number, ConversationLog>> {
  const column = <V>(pick: (r: RatingToSave) => V) => ratings.map(pick);
  // Raw SQL: Kysely's builder cannot name the columns of a set-returning function (`AS v(id, …)`).
  const { rows } = await sql<ConversationLog>`
    UPDATE conversation_logs AS l SET
      evaluation = v.evaluation, reason = v.reason, correct_answer = v.correct_answer,
      priority = v.priority, memo = v.memo,
      evaluated_at = CASE WHEN held.log_id IS NULL THEN ${utcNow()} ELSE l.evaluated_at END,
      updated_at = ${utcNow()}
    FROM unnest(${column((r) => r.logId)}::integer[], ${column((r) => r.verdict.evaluation)}::smallint[],
                ${column((r) => r.verdict.reason)}::text[], ${column((r) => r.verdict.correct_answer)}::text[],
                ${column((r) => r.verdict.priority)}::smallint[], ${column((r) => r.memo)}::text[],
                ${column((r) => r.ownerId)}::integer[])
           AS v(id, evaluation, reason, correct_answer, priority, memo, owner_id)
      LEFT JOIN review_assignments AS held ON held.log_id = v.id,
      sessions AS s
    WHERE l.id = v.id AND s.id = l.session_id
      AND (v.owner_id IS NULL OR s.user_id = v.owner_id)
      AND (held.log_id IS NULL OR (
        l.evaluated_at IS NOT NULL AND l.evaluation = v.evaluation
        AND l.reason IS NOT DISTINCT FROM v.reason AND l.correct_answer IS NOT DISTINCT FROM v.correct_answer
        AND l.priority IS NOT DISTINCT FROM v.priority))
    RETURNING l.*`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}
