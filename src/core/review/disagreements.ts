// The lead's side: the logs they assigned whose required reviews are in and disagree, with every verdict
// side by side (and the first rater's), and the lead's final word — one review picked, or a verdict of
// their own — written to the log with status 3 in one transaction. Another lead's log is not found.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../db/schema';
import { idSchema } from '../domain/codes';
import { DomainError, parseInput } from '../errors';
import { acceptVerdict, recordDraftUse } from './accept';
import { type Disagreement, disagreementOf, type ReviewVerdict } from './agreement';
import type { GivenVerdict, OtherReview, QueueItem } from './queue';
import { alreadySettled } from './reviewErrors';
import { type ResolveInput, resolveInputSchema } from './schemas';

export interface DisputedLog {
  item: QueueItem;
  /** What differs among the deciding reviews. */
  on: Disagreement;
  /** Who assigned it, and settles it. */
  lead: string;
  original: (GivenVerdict & { rater: string; ratedAt: Date }) | null;
  /** Every review, in the order given (the first `requiredReviews` decided). */
  reviews: OtherReview[];
}

const listOptionsSchema = z.strictObject({
  /** The lead whose logs; omitted: every lead's (the headless CLI, run by whoever runs the database). */
  lead_id: idSchema.optional(),
  poc_id: idSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export async function listDisagreements(
  db: Kysely<Database>,
  options: z.input<typeof listOptionsSchema> = {},
): Promise<DisputedLog[]> {
  const { lead_id: leadId, poc_id: pocId, limit } = parseInput(listOptionsSchema, options);
  let query = db
    .selectFrom('review_assignments')
    .innerJoin('conversation_logs', 'conversation_logs.id', 'review_assignments.log_id')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .innerJoin('users as rater', 'rater.id', 'sessions.user_id')
    .innerJoin('poc', 'poc.id', 'sessions.poc_id')
    .innerJoin('models', 'models.id', 'sessions.model_id')
    .innerJoin('users as lead', 'lead.id', 'review_assignments.assigned_by')
    .selectAll('review_assignments')
    .select([
      'poc.id as pocId',
      'poc.name as pocName',
      'models.model_name as modelName',
      'models.version as modelVersion',
      'sessions.system_prompt as systemPrompt',
      'conversation_logs.question',
      'conversation_logs.answer',
      'conversation_logs.timestamp as askedAt',
      'rater.username as rater',
      'lead.username as lead',
    ])
    .where('review_assignments.settled_at', 'is', null)
    // Reviews in ≥ required while unsettled means they disagreed (agreement settles at once).
    .where(({ eb, selectFrom }) =>
      eb(
        selectFrom('log_reviews')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('log_reviews.log_id', '=', 'review_assignments.log_id'),
        '>=',
        eb.ref('review_assignments.required_reviews'),
      ),
    )
    .orderBy('review_assignments.assigned_at')
    .orderBy('review_assignments.log_id')
    .limit(limit);
  if (leadId !== undefined) query = query.where('review_assignments.assigned_by', '=', leadId);
  if (pocId !== undefined) query = query.where('poc.id', '=', pocId);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const reviews = await db
    .selectFrom('log_reviews')
    .innerJoin('users', 'users.id', 'log_reviews.reviewer_id')
    .select([
      'log_reviews.log_id',
      'users.username as reviewer',
      'log_reviews.evaluation',
      'log_reviews.reason',
      'log_reviews.correct_answer',
      'log_reviews.priority',
      'log_reviews.reviewed_at as reviewedAt',
    ])
    .where(
      'log_reviews.log_id',
      'in',
      rows.map((row) => row.log_id),
    )
    .orderBy('log_reviews.id')
    .execute();
  return rows.map((row) => {
    const mine = reviews.filter((review) => review.log_id === row.log_id).map(({ log_id, ...rest }) => rest);
    return {
      item: {
        logId: row.log_id,
        pocId: row.pocId,
        pocName: row.pocName,
        modelName: row.modelName,
        modelVersion: row.modelVersion,
        systemPrompt: row.systemPrompt,
        question: row.question,
        answer: row.answer,
        askedAt: row.askedAt,
        assignedAt: row.assigned_at,
        requiredReviews: row.required_reviews,
      },
      on: disagreementOf(mine.slice(0, row.required_reviews)) ?? 'rating',
      lead: row.lead,
      original:
        row.original_evaluated_at && row.original_evaluation
          ? {
              evaluation: row.original_evaluation,
              reason: row.original_reason,
              correct_answer: row.original_correct_answer,
              priority: row.original_priority,
              rater: row.rater,
              ratedAt: row.original_evaluated_at,
            }
          : null,
      reviews: mine,
    };
  });
}

export interface Resolution {
  logId: number;
  verdict: ReviewVerdict;
  /** The reviewer whose verdict was picked; null when the lead wrote their own. */
  picked: string | null;
  decidedAt: Date;
}

export async function resolveDisagreement(db: Kysely<Database>, input: ResolveInput): Promise<Resolution> {
  const { log_id: logId, lead_id: leadId, decision } = parseInput(resolveInputSchema, input);
  return db.transaction().execute(async (trx) => {
    const assignment = await trx
      .selectFrom('review_assignments')
      .select(['required_reviews', 'settled_at'])
      .where('log_id', '=', logId)
      .where('assigned_by', '=', leadId)
      .forUpdate()
      .executeTakeFirst();
    if (!assignment) {
      throw new DomainError('not_found', `Log ${logId} is not under a review you lead.`, 'review_not_led');
    }
    if (assignment.settled_at) throw alreadySettled(logId);
    const reviews = await trx
      .selectFrom('log_reviews')
      .innerJoin('users', 'users.id', 'log_reviews.reviewer_id')
      .select([
        'log_reviews.id',
        'users.username',
        'log_reviews.evaluation',
        'log_reviews.reason',
        'log_reviews.correct_answer',
        'log_reviews.priority',
      ])
      .where('log_reviews.log_id', '=', logId)
      .orderBy('log_reviews.id')
      .execute();
    if (reviews.length < assignment.required_reviews) {
      throw new DomainError(
        'conflict',
        `Log ${logId} has ${reviews.length} of its ${assignment.required_reviews} reviews; it can be resolved once they are in and disagree.`,
        'reviews_pending',
      );
    }
    let picked: (typeof reviews)[number] | undefined;
    if ('pick' in decision) {
      picked = reviews.find((review) => review.username === decision.pick);
      if (!picked) {
        throw new DomainError(
          'invalid',
          `"${decision.pick}" has not reviewed log ${logId}; pick one of ${reviews.map((r) => r.username).join(', ')}.`,
          'picked_review_not_found',
        );
      }
    }
    const verdict: ReviewVerdict = picked
      ? {
          evaluation: picked.evaluation,
          reason: picked.reason,
          correct_answer: picked.correct_answer,
          priority: picked.priority,
        }
      : (decision as { verdict: ReviewVerdict }).verdict;
    const adjudication = await trx
      .insertInto('review_adjudications')
      .values({ log_id: logId, lead_id: leadId, picked_review_id: picked?.id ?? null, ...verdict })
      .returning('decided_at')
      .executeTakeFirstOrThrow();
    if ('verdict' in decision && decision.draft) {
      await recordDraftUse(trx, {
        logId,
        savedBy: leadId,
        draft: decision.draft,
        savedText: verdict.correct_answer,
      });
    }
    await acceptVerdict(trx, logId, verdict, 'lead');
    return { logId, verdict, picked: picked?.username ?? null, decidedAt: adjudication.decided_at };
  });
}
