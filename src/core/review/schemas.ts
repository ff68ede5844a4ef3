// What the review rules take in, as zod schemas shared by the CLI, the REST API and the editor: an
// assignment, a reviewer's verdict, a lead's resolution, a PoC's guidelines.
import * as z from 'zod';
import { evaluationSchema, idSchema, limitedText, prioritySchema } from '../domain/codes';
import { usernameSchema } from '../domain/users';

export const MAX_REQUIRED_REVIEWS = 3;
/** Longest guidelines text (Markdown). */
export const GUIDELINES_MAX = 100_000;

const note = (field: 'reason' | 'correct_answer') =>
  limitedText(field)
    .nullish()
    .transform((v) => (v?.trim() ? v : null));

/** The fields of a verdict, for schemas that carry more beside it (a REST body with a draft). */
export const verdictShape = {
  evaluation: evaluationSchema,
  reason: note('reason'),
  correct_answer: note('correct_answer'),
  priority: prioritySchema.nullish(),
};

type VerdictFields = {
  evaluation: 1 | 2 | 3;
  reason?: string | null;
  correct_answer?: string | null;
  priority?: 1 | 2 | 3 | null;
};

/** reason and correct_answer are required for 2 and 3 and refused with 1, as PUT /logs/{id} has them. */
export function checkVerdict(value: VerdictFields, ctx: z.RefinementCtx): void {
  if (value.evaluation === 1) {
    for (const field of ['reason', 'correct_answer', 'priority'] as const) {
      if (value[field] !== null && value[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'is only for evaluation 2 or 3' });
    }
    return;
  }
  for (const field of ['reason', 'correct_answer'] as const) {
    if (!value[field])
      ctx.addIssue({ code: 'custom', path: [field], message: 'is required for evaluation 2 and 3' });
  }
}

/**
 * A verdict on a log, as PUT /logs/{id} takes it without the memo; priority defaults to 2 (medium) for
 * 2 and 3, and 1 carries no reason, correction or priority.
 */
export const verdictSchema = z
  .strictObject(verdictShape)
  .superRefine(checkVerdict)
  .transform((value) =>
    value.evaluation === 1
      ? { evaluation: value.evaluation, reason: null, correct_answer: null, priority: null }
      : {
          evaluation: value.evaluation,
          reason: value.reason ?? null,
          correct_answer: value.correct_answer ?? null,
          priority: value.priority ?? 2,
        },
  );
export type VerdictInput = z.input<typeof verdictSchema>;
export type Verdict = z.output<typeof verdictSchema>;

/** A teacher model's draft that went into a saved correction (see teacherDraft.ts). */
export const draftUseSchema = z.strictObject({
  model_id: idSchema,
  drafted_at: z.coerce.date({ error: 'must be a time' }),
  text: limitedText('correct_answer').min(1, 'must not be empty'),
});
export type DraftUse = z.output<typeof draftUseSchema>;

const reviewerNames = z
  .array(usernameSchema)
  .min(1, 'name at least one reviewer')
  .max(20, 'name at most 20 reviewers')
  .refine((names) => new Set(names).size === names.length, 'names a reviewer twice');

export const assignInputSchema = z.strictObject({
  selection: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('logs'),
        log_ids: z.array(idSchema).min(1, 'name at least one log').max(5000, 'name at most 5000 logs'),
      }),
      z.strictObject({
        kind: z.literal('filter'),
        poc_id: idSchema,
        /** Only logs a person rated so; none = every log of the PoC, rated or not. */
        evaluations: z.array(evaluationSchema).min(1).max(3).optional(),
      }),
    ],
    { error: 'must be {kind: "logs", log_ids} or {kind: "filter", poc_id, evaluations?}' },
  ),
  reviewers: reviewerNames,
  required_reviews: z
    .number({ error: `must be 1 to ${MAX_REQUIRED_REVIEWS}` })
    .int(`must be 1 to ${MAX_REQUIRED_REVIEWS}`)
    .min(1, `must be 1 to ${MAX_REQUIRED_REVIEWS}`)
    .max(MAX_REQUIRED_REVIEWS, `must be 1 to ${MAX_REQUIRED_REVIEWS}`),
  /** Who assigns: the lead, who settles the disagreements. */
  lead: usernameSchema,
});
export type AssignInput = z.input<typeof assignInputSchema>;

export const submitReviewInputSchema = z.strictObject({
  log_id: idSchema,
  reviewer_id: idSchema,
  verdict: verdictSchema,
  draft: draftUseSchema.optional(),
});
export type SubmitReviewInput = z.input<typeof submitReviewInputSchema>;

export const resolveInputSchema = z.strictObject({
  log_id: idSchema,
  lead_id: idSchema,
  decision: z.union(
    [
      z.strictObject({ pick: usernameSchema }),
      z.strictObject({ verdict: verdictSchema, draft: draftUseSchema.optional() }),
    ],
    { error: 'must be {pick: reviewer} or {verdict: {...}}' },
  ),
});
export type ResolveInput = z.input<typeof resolveInputSchema>;

export const guidelinesBodySchema = z
  .string({ error: 'must be text' })
  .max(GUIDELINES_MAX, `must be at most ${GUIDELINES_MAX} characters`);
