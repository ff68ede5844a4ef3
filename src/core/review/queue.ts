// A reviewer's queue: the logs assigned to them that they have not reviewed and that are not settled,
// oldest assignment first, with counts. Blind review: a queue item carries the question and the answer
// but never the original rater's verdict, nor another reviewer's; reviewItem() shows those only once
// the reviewer has given their own.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database, Evaluation, Priority } from '../db/schema';
import { idSchema } from '../domain/codes';
import { parseInput } from '../errors';
import { notAssigned } from './reviewErrors';

export interface QueueItem {
  logId: number;
  pocId: number;
  pocName: string;
  modelName: string;
  modelVersion: number;
  systemPrompt: string | null;
  question: string;
  answer: string;
  askedAt: Date;
  assignedAt: Date;
  requiredReviews: number;
}

export interface QueueCounts {
  /** Assigned to me, not reviewed by me, not settled: the queue. */
  toReview: number;
  /** Reviewed by me (settled or not). */
  reviewed: number;
  /** Assigned to me, settled by others before I reviewed. */
  closed: number;
}

export interface ReviewQueue {
  items: QueueItem[];
  counts: QueueCounts;
}

export interface GivenVerdict {
  evaluation: Evaluation;
  reason: string | null;
  correct_answer: string | null;
  priority: Priority | null;
}

export interface OtherReview extends GivenVerdict {
  reviewer: string;
  reviewedAt: Date;
}

export interface ReviewItem {
  item: QueueItem;
  state: 'to_review' | 'waiting' | 'disputed' | 'settled';
  mine: (GivenVerdict & { reviewedAt: Date }) | null;
  /** Only once I have reviewed: what the person who rated it first said (null: never rated). */
  original: (GivenVerdict & { rater: string; ratedAt: Date }) | null;
  /** Only once I have reviewed: the other reviewers' verdicts. */
  others: OtherReview[];
  /** Only once settled and I have reviewed: the accepted verdict. */
  accepted: GivenVerdict | null;
}

const queueOptionsSchema = z.strictObject({
  poc_id: idSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

function itemQuery(db: Kysely<Database>, reviewerId: number) {
  return db
    .selectFrom('review_assignees')
    .innerJoin('review_assignments', 'review_assignments.log_id', 'review_assignees.log_id')
    .innerJoin('conversation_logs', 'conversation_logs.id', 'review_assignees.log_id')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .innerJoin('poc', 'poc.id', 'sessions.poc_id')
    .innerJoin('models', 'models.id', 'sessions.model_id')
    .select([
      'conversation_logs.id as logId',
      'poc.id as pocId',
      'poc.name as pocName',
      'models.model_name as modelName',
      'models.version as modelVersion',
      'sessions.system_prompt as systemPrompt',
      'conversation_logs.question',
      'conversation_logs.answer',
      'conversation_logs.timestamp as askedAt',
      'review_assignments.assigned_at as assignedAt',
      'review_assignments.required_reviews as requiredReviews',
    ])
    .where('review_assignees.reviewer_id', '=', reviewerId);
}

export async function reviewQueue(
  db: Kysely<Database>,
  reviewerId: number,
  options: z.input<typeof queueOptionsSchema> = {},
): Promise<ReviewQueue> {
  const id = parseInput(idSchema, reviewerId);
  const { poc_id: pocId, limit } = parseInput(queueOptionsSchema, options);
  let items = itemQuery(db, id)
    .where('review_assignments.settled_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('log_reviews')
            .select('log_reviews.id')
            .whereRef('log_reviews.log_id', '=', 'review_assignees.log_id')
            .where('log_reviews.reviewer_id', '=', id),
        ),
      ),
    )
    .orderBy('review_assignments.assigned_at')
    .orderBy('review_assignees.log_id')
    .limit(limit);
  if (pocId !== undefined) items = items.where('poc.id', '=', pocId);

  let counting = db
    .selectFrom('review_assignees')
    .innerJoin('review_assignments', 'review_assignments.log_id', 'review_assignees.log_id')
    .leftJoin('log_reviews', (join) =>
      join
        .onRef('log_reviews.log_id', '=', 'review_assignees.log_id')
        .onRef('log_reviews.reviewer_id', '=', 'review_assignees.reviewer_id'),
    )
    .select((eb) => [
      eb.fn
        .countAll<string>()
        .filterWhere((w) =>
          w.and([w('log_reviews.id', 'is', null), w('review_assignments.settled_at', 'is', null)]),
        )
        .as('toReview'),
      eb.fn.countAll<string>().filterWhere('log_reviews.id', 'is not', null).as('reviewed'),
      eb.fn
        .countAll<string>()
        .filterWhere((w) =>
          w.and([w('log_reviews.id', 'is', null), w('review_assignments.settled_at', 'is not', null)]),
        )
        .as('closed'),
    ])
    .where('review_assignees.reviewer_id', '=', id);
  if (pocId !== undefined) {
    counting = counting.where('review_assignees.log_id', 'in', (eb) =>
      eb
        .selectFrom('conversation_logs')
        .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
        .select('conversation_logs.id')
        .where('sessions.poc_id', '=', pocId),
    );
  }
  const [rows, counts] = await Promise.all([items.execute(), counting.executeTakeFirstOrThrow()]);
  return {
    items: rows,
    counts: {
      toReview: Number(counts.toReview),
      reviewed: Number(counts.reviewed),
      closed: Number(counts.closed),
    },
  };
}

/** One log assigned to me, blind until I have reviewed it; not assigned to me → not found. */
export async function reviewItem(
  db: Kysely<Database>,
  logId: number,
  reviewerId: number,
): Promise<ReviewItem> {
  const id = parseInput(idSchema, logId);
  const me = parseInput(idSchema, reviewerId);
  const item = await itemQuery(db, me)
    .where('review_assignees.log_id', '=', id)
    .select(['review_assignments.settled_at as settledAt'])
    .executeTakeFirst();
  if (!item) throw notAssigned(id);
  const { settledAt, ...queueItem } = item;
  const reviews = await db
    .selectFrom('log_reviews')
    .innerJoin('users', 'users.id', 'log_reviews.reviewer_id')
    .select([
      'log_reviews.reviewer_id',
      'users.username as reviewer',
      'log_reviews.evaluation',
      'log_reviews.reason',
      'log_reviews.correct_answer',
      'log_reviews.priority',
      'log_reviews.reviewed_at as reviewedAt',
    ])
    .where('log_reviews.log_id', '=', id)
    .orderBy('log_reviews.id')
    .execute();
  const mineRow = reviews.find((review) => review.reviewer_id === me);
  const state = settledAt
    ? 'settled'
    : !mineRow
      ? 'to_review'
      : reviews.length >= queueItem.requiredReviews
        ? 'disputed'
        : 'waiting';
  if (!mineRow) return { item: queueItem, state, mine: null, original: null, others: [], accepted: null };

  const log = await db
    .selectFrom('conversation_logs')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('review_assignments', 'review_assignments.log_id', 'conversation_logs.id')
    .select([
      'conversation_logs.evaluation',
      'conversation_logs.reason',
      'conversation_logs.correct_answer',
      'conversation_logs.priority',
      'users.username as rater',
      'review_assignments.original_evaluation',
      'review_assignments.original_reason',
      'review_assignments.original_correct_answer',
      'review_assignments.original_priority',
      'review_assignments.original_evaluated_at',
    ])
    .where('conversation_logs.id', '=', id)
    .executeTakeFirstOrThrow();
  const verdictOf = (v: GivenVerdict): GivenVerdict => ({
    evaluation: v.evaluation,
    reason: v.reason,
    correct_answer: v.correct_answer,
    priority: v.priority,
  });
  return {
    item: queueItem,
    state,
    mine: { ...verdictOf(mineRow), reviewedAt: mineRow.reviewedAt },
    original:
      log.original_evaluated_at && log.original_evaluation
        ? {
            evaluation: log.original_evaluation,
            reason: log.original_reason,
            correct_answer: log.original_correct_answer,
            priority: log.original_priority,
            rater: log.rater,
            ratedAt: log.original_evaluated_at,
          }
        : null,
    others: reviews
      .filter((review) => review.reviewer_id !== me)
      .map((review) => ({ ...verdictOf(review), reviewer: review.reviewer, reviewedAt: review.reviewedAt })),
    accepted: settledAt ? verdictOf(log) : null,
  };
}
