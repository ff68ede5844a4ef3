// The panel's re-test view on the wire: a run's list (light rows, so 1,000 questions travel cheaply),
// the selected question in full (the old answer with its rating, reason and correction beside the new
// one), the new answer streaming, and the run's counts. Host → webview messages join messages.ts's
// union; webview → host ones join webviewMessages.ts's. retestGuard.ts mirrors these for the webview.
import * as z from 'zod/mini';
import { retestFlips, retestItemStates, retestStatuses } from './retestStates';
import { evaluationSchema, id, logViewSchema, longText, markdownTreeSchema, shortText } from './views';

const whole = z.number().check(z.int(), z.nonnegative());

export type { RetestFlip, RetestItemState, RetestStatus } from './retestStates';

export const retestFlipSchema = z.enum(retestFlips);

/** One question of the list: what it asks (an excerpt), where it stands, what flipped. */
export const retestRowSchema = z.object({
  position: whole,
  question: shortText,
  state: z.enum(retestItemStates),
  flip: retestFlipSchema,
  /** The old answer's rating (null: never rated, or a question set's question). */
  before: z.nullable(evaluationSchema),
});
export type RetestRow = z.infer<typeof retestRowSchema>;

export const retestRunSchema = z.object({
  id,
  title: shortText,
  kind: z.enum(['retest', 'gate', 'batch']),
  status: z.enum(retestStatuses),
  paused_reason: z.nullable(shortText),
  poc_id: id,
  /** The version asked, as "model v2". */
  target: shortText,
  total: whole,
  /** The position being asked now, if any. */
  answering: z.nullable(whole),
});
export type RetestRunView = z.infer<typeof retestRunSchema>;

export const retestCountsSchema = z.object({
  fixed: whole,
  still_wrong: whole,
  regressed: whole,
  still_good: whole,
  unrated: whole,
  not_asked: whole,
});
export type RetestCounts = z.infer<typeof retestCountsSchema>;

/** The selected question in full. */
export const retestItemSchema = z.object({
  position: whole,
  question: longText,
  before: z.nullable(
    z.object({
      log_id: id,
      evaluation: z.nullable(evaluationSchema),
      answer_md: markdownTreeSchema,
      reason: z.nullable(longText),
      correction: z.nullable(longText),
    }),
  ),
  expected_answer: z.nullable(longText),
  /** The new answer as a log, rated with the panel's own form. */
  after: z.nullable(logViewSchema),
  flip: retestFlipSchema,
  /** A hint, never a rating: the new answer's likeness to the old correction (0–1). */
  similarity: z.nullable(z.number().check(z.nonnegative())),
  error: z.nullable(shortText),
});
export type RetestItemView = z.infer<typeof retestItemSchema>;

/**
 * retestRun          the whole run: shown (or shown again after the webview reloaded).
 * retestRows         the run's state, counts and only the rows that changed (batched by the host).
 * retestItem         one question in full: answer to retestSelect, and again when it changes.
 * retestAnswerProgress  the answer being asked now, as Markdown blocks from `from` on (throttled).
 */
export const retestHostMessageSchemas = [
  z.object({
    type: z.literal('retestRun'),
    run: retestRunSchema,
    counts: retestCountsSchema,
    rows: z.array(retestRowSchema).check(z.maxLength(100_000)),
  }),
  z.object({
    type: z.literal('retestRows'),
    run: retestRunSchema,
    counts: retestCountsSchema,
    rows: z.array(retestRowSchema).check(z.maxLength(100_000)),
  }),
  // reveal: the host moves the view to this question (opened from the summary); otherwise it is the
  // reply to retestSelect or an update, shown only while that question is still the selected one.
  z.object({ type: z.literal('retestItem'), run_id: id, item: retestItemSchema, reveal: z.boolean() }),
  z.object({
    type: z.literal('retestAnswerProgress'),
    run_id: id,
    position: whole,
    from: whole,
    blocks: markdownTreeSchema,
  }),
] as const;

/**
 * retestSelect   show this question in full (the host answers retestItem and keeps it current).
 * retestControl  pause, resume or cancel the run.
 * retestClose    the user left the re-test view: the host stops sending it.
 */
export const retestWebviewMessageSchemas = [
  z.object({ type: z.literal('retestSelect'), run_id: id, position: whole }),
  z.object({ type: z.literal('retestControl'), run_id: id, action: z.enum(['pause', 'resume', 'cancel']) }),
  z.object({ type: z.literal('retestClose'), run_id: id }),
] as const;
