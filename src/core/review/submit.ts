// A reviewer's verdict on a log assigned to them. One per reviewer (a second is a conflict); a log
// not assigned to them is reported as not found, as another user's log is everywhere else. When the
// required number of reviews is in, the first ones decide (agreement.ts): agreed → the log is settled
// with the accepted verdict in the same transaction; not agreed → it waits for the lead. Reviews
// after the required number are kept for the lead to see; they change nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DomainError, parseInput } from '../errors';
import { acceptVerdict, recordDraftUse } from './accept';
import { decideAgreement, type ReviewVerdict } from './agreement';
import { alreadySettled, notAssigned } from './reviewErrors';
import { type SubmitReviewInput, submitReviewInputSchema } from './schemas';

export type ReviewOutcome = 'waiting' | 'accepted' | 'disputed';

export interface SubmittedReview {
  reviewId: number;
  logId: number;
  reviewedAt: Date;
  /** waiting: more reviews are needed; accepted: the log is settled (status 3); disputed: the lead decides. */
  outcome: ReviewOutcome;
  reviewsIn: number;
  requiredReviews: number;
}

export async function submitReview(db: Kysely<Database>, input: SubmitReviewInput): Promise<SubmittedReview> {
  const {
    log_id: logId,
    reviewer_id: reviewerId,
    verdict,
    draft,
  } = parseInput(submitReviewInputSchema, input);
  return db.transaction().execute(async (trx) => {
    // The lock makes the reviews of one log arrive one at a time, so exactly one of them sees the last.
    const assignment = await trx
      .selectFrom('review_assignments')
      .innerJoin('review_assignees', 'review_assignees.log_id', 'review_assignments.log_id')
      .select(['review_assignments.required_reviews', 'review_assignments.settled_at'])
      .where('review_assignments.log_id', '=', logId)
      .where('review_assignees.reviewer_id', '=', reviewerId)
      .forUpdate('review_assignments')
      .executeTakeFirst();
    if (!assignment) throw notAssigned(logId);

    const review = await trx
      .insertInto('log_reviews')
      .values({ log_id: logId, reviewer_id: reviewerId, ...verdict })
      .onConflict((oc) => oc.columns(['log_id', 'reviewer_id']).doNothing())
      .returning(['id', 'reviewed_at'])
      .executeTakeFirst();
    if (!review) {
      throw new DomainError(
        'conflict',
        `You have already reviewed log ${logId}; a review cannot be given twice.`,
        'review_exists',
      );
    }
    // After the insert, so that my own second review reads as such; the rollback takes the row back.
    if (assignment.settled_at) throw alreadySettled(logId);
    if (draft) {
      await recordDraftUse(trx, {
        logId,
        savedBy: reviewerId,
        draft,
        savedText: verdict.correct_answer,
        reviewId: review.id,
      });
    }

    const reviews: ReviewVerdict[] = await trx
      .selectFrom('log_reviews')
      .select(['evaluation', 'reason', 'correct_answer', 'priority'])
      .where('log_id', '=', logId)
      .orderBy('id')
      .execute();
    const required = assignment.required_reviews;
    let outcome: ReviewOutcome = reviews.length < required ? 'waiting' : 'disputed';
    if (reviews.length === required) {
      const decision = decideAgreement(reviews);
      if (decision.agreed) {
        await acceptVerdict(trx, logId, decision.verdict, 'agreement');
        outcome = 'accepted';
      }
    }
    return {
      reviewId: review.id,
      logId,
      reviewedAt: review.reviewed_at,
      outcome,
      reviewsIn: reviews.length,
      requiredReviews: required,
    };
  });
}
