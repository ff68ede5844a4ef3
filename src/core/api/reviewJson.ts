// The review endpoints' shapes (issue 16): request bodies built from the review rules' own schemas, and
// responses in the API's style (snake_case, ISO-8601 times in UTC), with the mappers from core values.
import * as z from 'zod';
import { evaluationSchema, idSchema, limitedText } from '../domain/codes';
import { usernameSchema } from '../domain/users';
import type { KappaFigure } from '../review/kappa';
import type { GivenVerdict, OtherReview, QueueItem, ReviewItem } from '../review/queue';
import { checkVerdict, GUIDELINES_MAX, MAX_REQUIRED_REVIEWS, verdictShape } from '../review/schemas';
import type { ReviewStats } from '../review/stats';
import { iso, isoTime } from './schemas';

// Query values arrive as text; the same number schemas then apply.
export const queryId = z
  .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), idSchema)
  .optional();
const queryLimit = z.coerce.number().int().min(1).max(1000).default(200);

export const queueQuerySchema = z.strictObject({ poc_id: queryId, limit: queryLimit });
export const statsQuerySchema = z.strictObject({
  poc_id: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), idSchema),
});

const draftBody = z
  .strictObject({
    model_id: idSchema,
    drafted_at: isoTime,
    text: limitedText('correct_answer').min(1, 'must not be empty'),
  })
  .meta({
    id: 'DraftUse',
    description:
      'The correction began as this teacher-model draft (as it came); recorded with the review, marked edited if correct_answer differs.',
  });

export const reviewBodySchema = z
  .strictObject({ ...verdictShape, draft: draftBody.optional() })
  .superRefine(checkVerdict)
  .meta({
    id: 'ReviewVerdict',
    description:
      'Your verdict on a log assigned to you, as PUT /logs/{id} takes a rating (without memo): reason and ' +
      'correct_answer are required for evaluation 2 and 3 and refused with 1; priority defaults to 2.',
  });

export const resolutionBodySchema = z
  .strictObject({
    pick: usernameSchema.optional().meta({ description: 'The reviewer whose verdict becomes final.' }),
    ...verdictShape,
    evaluation: evaluationSchema.optional(),
    draft: draftBody.optional(),
  })
  .superRefine((value, ctx) => {
    const { pick, draft, ...verdict } = value;
    const hasVerdict = Object.values(verdict).some((v) => v !== undefined && v !== null);
    if (pick !== undefined) {
      if (hasVerdict || draft)
        ctx.addIssue({ code: 'custom', path: ['pick'], message: 'give either pick or a verdict, not both' });
      return;
    }
    if (verdict.evaluation === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluation'],
        message: 'give pick, or a verdict with evaluation',
      });
      return;
    }
    checkVerdict({ ...verdict, evaluation: verdict.evaluation }, ctx);
  })
  .meta({
    id: 'Resolution',
    description:
      'Settle a disagreement: {"pick": reviewer} takes that review as final; or your own verdict ' +
      '{evaluation, reason, correct_answer, priority} (rules as for a review).',
  });

export const assignBodySchema = z
  .strictObject({
    log_ids: z.array(idSchema).min(1).max(5000).optional().meta({ description: 'These logs…' }),
    poc_id: idSchema.optional().meta({ description: '…or every log of this PoC not yet under review…' }),
    evaluations: z
      .array(evaluationSchema)
      .min(1)
      .max(3)
      .optional()
      .meta({ description: '…rated so by a person (with poc_id).' }),
    reviewers: z.array(usernameSchema).min(1).max(20),
    required_reviews: z.int().min(1).max(MAX_REQUIRED_REVIEWS),
  })
  .superRefine((value, ctx) => {
    if ((value.log_ids === undefined) === (value.poc_id === undefined))
      ctx.addIssue({ code: 'custom', path: ['log_ids'], message: 'give either log_ids or poc_id' });
    if (value.evaluations && value.log_ids)
      ctx.addIssue({ code: 'custom', path: ['evaluations'], message: 'goes with poc_id, not log_ids' });
  })
  .meta({
    id: 'AssignReviews',
    description: 'You become the lead of these logs: their disagreements come to you.',
  });

export const guidelinesBodySchema = z
  .strictObject({ body: z.string().max(GUIDELINES_MAX, `must be at most ${GUIDELINES_MAX} characters`) })
  .meta({ id: 'GuidelinesBody', description: 'The guidelines in Markdown; saved as a new version.' });

const code = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const verdictJson = z.object({
  evaluation: code,
  reason: z.string().nullable(),
  correct_answer: z.string().nullable(),
  priority: code.nullable(),
});

export const queueItemSchema = z
  .object({
    log_id: z.int(),
    poc_id: z.int(),
    poc_name: z.string(),
    model_name: z.string(),
    model_version: z.int(),
    system_prompt: z.string().nullable(),
    question: z.string(),
    answer: z.string(),
    timestamp: isoTime,
    assigned_at: isoTime,
    required_reviews: z.int(),
  })
  .meta({ id: 'ReviewQueueItem', description: 'Blind: no verdict of anyone rides on a queue item.' });

export const queueSchema = z
  .object({
    items: z.array(queueItemSchema),
    counts: z.object({ to_review: z.int(), reviewed: z.int(), closed: z.int() }),
  })
  .meta({ id: 'ReviewQueue' });

const otherReviewJson = verdictJson.extend({ reviewer: z.string(), reviewed_at: isoTime });

export const reviewItemSchema = z
  .object({
    item: queueItemSchema,
    state: z.enum(['to_review', 'waiting', 'disputed', 'settled']),
    mine: verdictJson.extend({ reviewed_at: isoTime }).nullable(),
    original: verdictJson.extend({ rater: z.string(), rated_at: isoTime }).nullable(),
    others: z.array(otherReviewJson),
    accepted: verdictJson.nullable(),
  })
  .meta({
    id: 'ReviewItem',
    description: 'original, others and accepted stay empty until you have given your own review.',
  });

export const submittedSchema = z
  .object({
    review_id: z.int(),
    log_id: z.int(),
    reviewed_at: isoTime,
    outcome: z.enum(['waiting', 'accepted', 'disputed']),
    reviews_in: z.int(),
    required_reviews: z.int(),
  })
  .meta({ id: 'ReviewSubmitted' });

export const disagreementsSchema = z
  .object({
    disagreements: z.array(
      z.object({
        item: queueItemSchema,
        on: z.enum(['rating', 'correction']),
        lead: z.string(),
        original: verdictJson.extend({ rater: z.string(), rated_at: isoTime }).nullable(),
        reviews: z.array(otherReviewJson),
      }),
    ),
  })
  .meta({ id: 'Disagreements' });

export const resolvedSchema = z
  .object({ log_id: z.int(), picked: z.string().nullable(), verdict: verdictJson, decided_at: isoTime })
  .meta({ id: 'Resolved' });

export const assignedSchema = z
  .object({
    log_ids: z.array(z.int()),
    reviewers: z.array(z.string()),
    required_reviews: z.int(),
    lead: z.string(),
  })
  .meta({ id: 'ReviewsAssigned' });

const kappaJson = z.object({
  kappa: z.number().nullable().meta({ description: 'null when every rating fell in one category.' }),
  observed: z.number(),
  expected: z.number(),
  items: z.int().meta({ description: 'How many logs the figure rests on.' }),
  reading: z
    .enum(['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect'])
    .nullable()
    .meta({ description: 'Landis & Koch (1977).' }),
});
const reviewerJson = z.object({
  reviewer: z.string(),
  reviews: z.int(),
  settled: z.int(),
  agreed: z.int(),
  share: z.number().nullable(),
  kappa: kappaJson.nullable(),
});

export const statsSchema = z
  .object({
    poc_id: z.int(),
    logs: z.object({ assigned: z.int(), waiting: z.int(), disputed: z.int(), settled: z.int() }),
    pairs: z.array(kappaJson.extend({ reviewers: z.tuple([z.string(), z.string()]) })),
    groups: z.array(kappaJson.extend({ raters: z.int() })),
    reviewers: z.array(reviewerJson),
    me: reviewerJson.nullable().meta({ description: 'Your own agreement with the accepted verdicts.' }),
  })
  .meta({
    id: 'ReviewStats',
    description:
      "Cohen's κ per pair of reviewers, Fleiss' κ over the logs with 2 and with 3 reviews, on the three ratings.",
  });

export const guidelinesSchema = z
  .object({
    poc_id: z.int(),
    id: z.int().nullable(),
    body: z.string().nullable().meta({ description: 'null: no guidelines saved yet.' }),
    saved_by: z.string().nullable(),
    saved_at: isoTime.nullable(),
    versions: z.int(),
  })
  .meta({ id: 'Guidelines' });

const verdictOf = (v: GivenVerdict) => ({
  evaluation: v.evaluation,
  reason: v.reason,
  correct_answer: v.correct_answer,
  priority: v.priority,
});

export function toQueueItemJson(item: QueueItem): z.infer<typeof queueItemSchema> {
  return {
    log_id: item.logId,
    poc_id: item.pocId,
    poc_name: item.pocName,
    model_name: item.modelName,
    model_version: item.modelVersion,
    system_prompt: item.systemPrompt,
    question: item.question,
    answer: item.answer,
    timestamp: iso(item.askedAt),
    assigned_at: iso(item.assignedAt),
    required_reviews: item.requiredReviews,
  };
}

export const toOtherReviewJson = (r: OtherReview) => ({
  ...verdictOf(r),
  reviewer: r.reviewer,
  reviewed_at: iso(r.reviewedAt),
});

export const toOriginalJson = (o: ReviewItem['original']) =>
  o ? { ...verdictOf(o), rater: o.rater, rated_at: iso(o.ratedAt) } : null;

export function toReviewItemJson(r: ReviewItem): z.infer<typeof reviewItemSchema> {
  return {
    item: toQueueItemJson(r.item),
    state: r.state,
    mine: r.mine ? { ...verdictOf(r.mine), reviewed_at: iso(r.mine.reviewedAt) } : null,
    original: toOriginalJson(r.original),
    others: r.others.map(toOtherReviewJson),
    accepted: r.accepted ? verdictOf(r.accepted) : null,
  };
}

const kappaOf = (k: KappaFigure) => ({
  kappa: k.kappa,
  observed: k.observed,
  expected: k.expected,
  items: k.items,
  reading: k.reading,
});

export function toStatsJson(stats: ReviewStats, me: string): z.infer<typeof statsSchema> {
  const reviewers = stats.reviewers.map((r) => ({ ...r, kappa: r.kappa ? kappaOf(r.kappa) : null }));
  return {
    poc_id: stats.pocId,
    logs: stats.logs,
    pairs: stats.pairs.map((p) => ({ ...kappaOf(p), reviewers: p.reviewers })),
    groups: stats.groups.map((g) => ({ ...kappaOf(g), raters: g.raters })),
    reviewers,
    me: reviewers.find((r) => r.reviewer === me) ?? null,
  };
}
