// What review (src/core/review) holds on a log, for the design's own writes (PUT /logs/{id}, the panel's
// rating, Mark Verified): status 3 (検証済み) on a log under review comes only from its settlement, and
// neither an unsettled log's verdict nor a settled one changes outside review — the reviewers' work and
// the verified training data would otherwise be overwritten without anyone seeing it. Logs never
// assigned for review are not held: the design's API keeps its behaviour for them.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { DomainError } from '../errors';

export interface VerdictFields {
  evaluation: 1 | 2 | 3;
  reason: string | null;
  correct_answer: string | null;
  priority: 1 | 2 | 3 | null;
}

/**
 * Refuses a new verdict for a log under review (settled or not) unless it is the verdict the log already
 * holds (so a memo can still be edited). Locks the log's assignment row, which settling also locks: a
 * settlement and a rating of the same log happen one after the other. Returns whether the log is under
 * review (its rating time is then left as it is).
 */
export async function holdVerdictUnderReview(
  trx: Transaction<Database>,
  logId: number,
  next: VerdictFields,
): Promise<boolean> {
  const assignment = await trx
    .selectFrom('review_assignments')
    .select('settled_at')
    .where('log_id', '=', logId)
    .forUpdate()
    .executeTakeFirst();
  if (!assignment) return false;
  const log = await trx
    .selectFrom('conversation_logs')
    .select(['evaluation', 'reason', 'correct_answer', 'priority', 'evaluated_at'])
    .where('id', '=', logId)
    .executeTakeFirstOrThrow();
  const unchanged =
    log.evaluated_at !== null &&
    log.evaluation === next.evaluation &&
    log.reason === next.reason &&
    log.correct_answer === next.correct_answer &&
    log.priority === next.priority;
  if (unchanged) return true;
  if (assignment.settled_at) {
    throw new DomainError(
      'conflict',
      `Log ${logId}'s verdict was settled by review (verified); it cannot be changed outside review. Only its memo can be edited.`,
      'review_settled',
    );
  }
  throw new DomainError(
    'conflict',
    `Log ${logId} is under review: its reviewers (and their lead) decide its verdict, so it cannot be changed now. Only its memo can be edited.`,
    'log_under_review',
  );
}

/** Refuses status 3 for logs under review whose reviews have not settled them yet. */
export async function holdVerifiedUnderReview(trx: Transaction<Database>, logIds: number[]): Promise<void> {
  const pending = await trx
    .selectFrom('review_assignments')
    .select('log_id')
    .where('log_id', 'in', logIds)
    .where('settled_at', 'is', null)
    .orderBy('log_id')
    .execute();
  if (pending.length === 0) return;
  const ids = pending.map((row) => row.log_id).join(', ');
  throw new DomainError(
    'conflict',
    pending.length === 1
      ? `Log ${ids} is under review and not settled; it becomes verified when its reviews agree or its lead resolves it. Nothing was changed.`
      : `Logs ${ids} are under review and not settled; they become verified when their reviews agree or their lead resolves them. Nothing was changed.`,
    'review_pending',
  );
}
