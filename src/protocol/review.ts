/*
 * The review view's protocol (issue 16, "Reviewers together"): the messages between the extension host
 * and the review webview, one discriminated union (on `type`) per direction. The host parses what the
 * view sends with these zod schemas; the view checks what the host sends with reviewGuard.ts (no zod in
 * the webview), which a test holds to these same shapes.
 *
 * Blindness is in the shapes and in the host: a review item carries `original` and `others` only once
 * `mine` is set (the host never sends them before, see reviewBackend.ts).
 *
 * Host → view (ReviewHostMessage)
 *   state          who I am, what the view walks (my queue or the lead's disagreements), its length and
 *                  my queue's counts — on `ready`, and after every submission.
 *   item           the entry at `position`: a log to review (blind until mine is in) or a disagreement
 *                  to resolve, with its PoC's guidelines.
 *   agreement      κ figures of a PoC (per pair, per group of 2 / 3 reviews, per reviewer, mine).
 *   saveFailed     a review or resolution was refused: the message (and the field it is about).
 *   draftStarted / draftDelta / draftDone / draftEnded
 *                  a teacher model's draft correction streaming in; draftEnded: cancelled or failed
 *                  (the view puts back what the box held).
 *
 * View → host (ReviewViewMessage)
 *   ready          the view is listening; the host answers with state and the first entry.
 *   show           the entry at `position` (previous / next).
 *   submit         my review of the entry at `position` (with the draft it began from, if any).
 *   resolve        the lead's decision on the disagreement at `position`: a reviewer picked, or a verdict.
 *   draft          draft a correction for this log with this rating and reason (the host asks which model).
 *   cancelDraft    stop the draft streaming in.
 *   editGuidelines open the PoC's guidelines in an editor tab.
 *   openLink       the user activated a link in an answer or the guidelines: the host checks and opens it.
 */
import * as z from 'zod/mini';
import { TEXT_LIMITS } from './limits';
import { parseWith } from './messages';
import {
  evaluationSchema,
  id,
  isoTime,
  longText,
  markdownTreeSchema,
  prioritySchema,
  shortText,
} from './views';

const whole = z.number().check(z.int(), z.nonnegative());
const share = z.nullable(z.number().check(z.gte(0), z.lte(1)));
const requestId = z.string().check(z.minLength(1), z.maxLength(100));

export const reviewVerdictViewSchema = z.object({
  evaluation: evaluationSchema,
  reason: z.nullable(longText),
  correct_answer: z.nullable(longText),
  priority: z.nullable(prioritySchema),
});
export type ReviewVerdictView = z.infer<typeof reviewVerdictViewSchema>;

/** Someone's verdict: a reviewer's, or the first rater's (`by` names them). */
export const givenVerdictViewSchema = z.object({
  ...reviewVerdictViewSchema.shape,
  by: shortText,
  at: isoTime,
});
export type GivenVerdictView = z.infer<typeof givenVerdictViewSchema>;

export const guidelinesViewSchema = z.object({
  poc_id: id,
  poc_name: shortText,
  /** The current text, parsed on the host (null: none saved yet). */
  body_md: z.nullable(markdownTreeSchema),
  saved_by: z.nullable(shortText),
  saved_at: z.nullable(isoTime),
  versions: whole,
});
export type GuidelinesView = z.infer<typeof guidelinesViewSchema>;

const logShape = {
  log_id: id,
  poc_name: shortText,
  model: shortText,
  system_prompt: z.nullable(longText),
  question: longText,
  /** The answer as written (the start of a correction, the diff's left side). */
  answer: longText,
  answer_md: markdownTreeSchema,
  asked_at: isoTime,
  assigned_at: isoTime,
  required_reviews: whole,
};

export const reviewEntrySchema = z.object({
  kind: z.literal('review'),
  ...logShape,
  state: z.enum(['to_review', 'waiting', 'disputed', 'settled']),
  mine: z.nullable(reviewVerdictViewSchema),
  /** Only once mine is in: the first rater's verdict (null: it was never rated). */
  original: z.nullable(givenVerdictViewSchema),
  /** Only once mine is in: the other reviewers'. */
  others: z.array(givenVerdictViewSchema),
  /** Only once settled: the accepted verdict. */
  accepted: z.nullable(reviewVerdictViewSchema),
});
export type ReviewEntryView = z.infer<typeof reviewEntrySchema>;

export const disputeEntrySchema = z.object({
  kind: z.literal('dispute'),
  ...logShape,
  on: z.enum(['rating', 'correction']),
  original: z.nullable(givenVerdictViewSchema),
  reviews: z.array(givenVerdictViewSchema),
  /** Set once resolved (here or elsewhere): the final verdict and whose it was (null: the lead's own). */
  resolved: z.nullable(z.object({ verdict: reviewVerdictViewSchema, picked: z.nullable(shortText) })),
});
export type DisputeEntryView = z.infer<typeof disputeEntrySchema>;

export const reviewEntryViewSchema = z.discriminatedUnion('kind', [reviewEntrySchema, disputeEntrySchema]);
export type ReviewItemView = z.infer<typeof reviewEntryViewSchema>;

const kappaShape = {
  kappa: z.nullable(z.number()),
  observed: z.number(),
  expected: z.number(),
  items: whole,
  reading: z.nullable(z.enum(['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect'])),
};
export const kappaViewSchema = z.object(kappaShape);
export type KappaView = z.infer<typeof kappaViewSchema>;

export const reviewerAgreementViewSchema = z.object({
  reviewer: shortText,
  reviews: whole,
  settled: whole,
  agreed: whole,
  share,
  kappa: z.nullable(kappaViewSchema),
});

export const agreementViewSchema = z.object({
  poc_id: id,
  poc_name: shortText,
  me: shortText,
  logs: z.object({ assigned: whole, waiting: whole, disputed: whole, settled: whole }),
  pairs: z.array(z.object({ reviewers: z.array(shortText), ...kappaShape })),
  groups: z.array(z.object({ raters: whole, ...kappaShape })),
  reviewers: z.array(reviewerAgreementViewSchema),
});
export type AgreementView = z.infer<typeof agreementViewSchema>;

export const draftUseViewSchema = z.object({
  model_id: id,
  drafted_at: isoTime,
  text: longText,
});
export type DraftUseView = z.infer<typeof draftUseViewSchema>;

export const reviewFieldSchema = z.enum(['evaluation', 'reason', 'correct_answer', 'priority']);

export const reviewHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('state'),
    me: shortText,
    /** queue: my reviews; disputes: the disagreements I lead. */
    walk: z.enum(['queue', 'disputes']),
    total: whole,
    counts: z.object({ to_review: whole, reviewed: whole, closed: whole }),
    disputes: whole,
  }),
  z.object({
    type: z.literal('item'),
    position: whole,
    item: z.nullable(reviewEntryViewSchema),
    guidelines: z.nullable(guidelinesViewSchema),
  }),
  z.object({ type: z.literal('agreement'), agreement: agreementViewSchema }),
  z.object({
    type: z.literal('saveFailed'),
    position: whole,
    message: shortText,
    field: z.nullable(reviewFieldSchema),
  }),
  z.object({
    type: z.literal('draftStarted'),
    request_id: requestId,
    log_id: id,
    model_id: id,
    model_name: shortText,
  }),
  z.object({ type: z.literal('draftDelta'), request_id: requestId, text: longText }),
  z.object({ type: z.literal('draftDone'), request_id: requestId, text: longText, drafted_at: isoTime }),
  z.object({
    type: z.literal('draftEnded'),
    request_id: z.nullable(requestId),
    log_id: id,
    /** null: cancelled (or no model was picked); otherwise why it failed. */
    message: z.nullable(shortText),
  }),
]);
export type ReviewHostMessage = z.infer<typeof reviewHostMessageSchema>;

const typed = (field: 'reason' | 'correct_answer') =>
  z.nullable(z.string().check(z.maxLength(TEXT_LIMITS[field])));
export const verdictFormSchema = z.object({
  evaluation: evaluationSchema,
  reason: typed('reason'),
  correct_answer: typed('correct_answer'),
  priority: z.nullable(prioritySchema),
});
export type VerdictForm = z.infer<typeof verdictFormSchema>;

export const reviewViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('show'), position: whole }),
  z.object({
    type: z.literal('submit'),
    position: whole,
    log_id: id,
    verdict: verdictFormSchema,
    draft: z.nullable(draftUseViewSchema),
  }),
  z.object({
    type: z.literal('resolve'),
    position: whole,
    log_id: id,
    decision: z.union([
      z.object({ pick: shortText }),
      z.object({ verdict: verdictFormSchema, draft: z.nullable(draftUseViewSchema) }),
    ]),
  }),
  z.object({
    type: z.literal('draft'),
    request_id: requestId,
    log_id: id,
    evaluation: z.union([z.literal(2), z.literal(3)]),
    reason: typed('reason'),
  }),
  z.object({ type: z.literal('cancelDraft'), request_id: requestId }),
  z.object({ type: z.literal('editGuidelines'), poc_id: id }),
  z.object({ type: z.literal('openLink'), href: z.string().check(z.maxLength(8_000)) }),
]);
export type ReviewViewMessage = z.infer<typeof reviewViewMessageSchema>;

/** Test side (the view checks with reviewGuard.ts): validates a message from the host. */
export const parseReviewHostMessage = (data: unknown) =>
  parseWith<ReviewHostMessage>(reviewHostMessageSchema, data);
/** Host side: validates a message from the view. */
export const parseReviewViewMessage = (data: unknown) =>
  parseWith<ReviewViewMessage>(reviewViewMessageSchema, data);
