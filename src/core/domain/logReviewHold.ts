// What review (src/core/review) holds on a log, for the design's own writes (PUT /logs/{id}, the panel's
// rating, Mark Verified): status 3 (検証済み) on a log under review comes only from its settlement, and
// neither an unsettled log's verdict nor a settled one changes outside review — the reviewers' work and
// the verified training data would otherwise be overwritten without anyone seeing it. Logs never
// assigned for review are not held: the design's API keeps its behaviour for them.
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { DomainError, notFound } from '../errors';

export interface VerdictFields {
  evaluation: 1 | 2 | 3;
  reason: string | null;
  correct_answer: string | null;
  priority: 1 | 2 | 3 | null;
}

/**
 * Why a rating updated no row: the log is not there (or not the user's: `own` is the user's sessions),
 * or review holds its verdict — settled, or not yet.
 */
export async function whyNotRated(
  db: Kysely<Database>,
  logId: number,
  own?: SelectQueryBuilder<Database, 'sessions', { id: number }>,
): Promise<DomainError> {
  let query = db
    .selectFrom('conversation_logs')
    .leftJoin('review_assignments', 'review_assignments.log_id', 'conversation_logs.id')
    .select([
      'conversation_logs.id',
      'review_assignments.log_id as assigned',
      'review_assignments.settled_at',
    ])
    .where('conversation_logs.id', '=', logId);
  if (own) query = query.where('conversation_logs.session_id', 'in', own);
  const row = await query.executeTakeFirst();
  if (!row) return notFound('Log', logId);
  if (row.settled_at) {
    return new DomainError(
      'conflict',
      `Log ${logId}'s verdict was settled by review (verified); it cannot be changed outside review. Only its memo can be edited.`,
      'review_settled',
    );
  }
  if (row.assigned !== null) {
    return new DomainError(
      'conflict',
      `Log ${logId} is under review: its reviewers (and their lead) decide its verdict, so it cannot be changed now. Only its memo can be edited.`,
      'log_under_review',
    );
  }
  // Not held and yet not updated: it was put under review and released between the two reads.
  return new DomainError(
    'conflict',
    `Log ${logId} changed while it was being rated; try again.`,
    'log_changed',
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
