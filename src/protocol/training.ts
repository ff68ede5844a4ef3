/*
 * The training view's protocol: the messages between the extension host and the live training webview
 * (loss chart, progress, the run's end). One discriminated union (on `type`) per direction; each side
 * parses what it receives and drops what does not fit. The shapes mirror src/core/training/events.ts
 * (TrainingReport, TrainingArgs, TrainingOutcome), which src/protocol may not import: a type test
 * (test/unit/protocol/training.test.ts) keeps the two the same. Self-contained (only zod/mini), so the
 * webview's bundle holds no schema but these.
 *
 * Host → view (TrainingHostMessage)
 *   reset       a run starts (or the view reloaded): its title, its settings, and the label of the
 *               register button it will offer on success (null: none). Clears what the view showed.
 *   report      one progress report parsed from the trainer's output (train loss, val loss, saved).
 *   line        one line of the trainer's output (for the "latest output" tail; the log channel has all).
 *   finished    the run ended: success (adapter folder, final losses) or failure (message, advice, the
 *               process's last lines); `registerLabel` replaces reset's when the host knows better.
 *   registered  the adapter was registered: the view says so in place of the register button.
 *
 * View → host (TrainingViewMessage)
 *   ready       the view is listening; the host answers with reset and everything since (a replay).
 *   cancel      the user asked to stop the run (the host sends SIGTERM, then SIGKILL).
 *   register    the user chose "Register as version N+1".
 *   showLog     the user wants the full output (the log channel).
 */
import * as z from 'zod/mini';

/** A sentence or a name: the run's title, a failure message or its advice. */
export const TRAINING_TEXT_MAX = 2_000;
/** One output line; the host cuts longer ones (fitLine) rather than lose them. */
export const TRAINING_LINE_MAX = 4_000;
/** The failure's last lines, and the view's output tail, keep at most this many. */
export const TRAINING_LAST_LINES_MAX = 200;
/** The view's "latest output" tail keeps this many lines (the log channel has them all). */
export const TRAINING_OUTPUT_TAIL_LINES = 50;
/** A file system path or a Hugging Face repo id. */
export const TRAINING_PATH_MAX = 4_096;

const text = z.string().check(z.maxLength(TRAINING_TEXT_MAX));
const line = z.string().check(z.maxLength(TRAINING_LINE_MAX));
const path = z.string().check(z.maxLength(TRAINING_PATH_MAX));
/** zod 4 refuses NaN and ±Infinity for z.number(): a diverged loss (nan) is not drawn. */
const finite = z.number();
const nonNegative = z.number().check(z.nonnegative());
const count = z.number().check(z.int(), z.nonnegative());
const positiveInt = z.number().check(z.int(), z.positive());

export const trainingReportSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('train'),
    iteration: count,
    loss: finite,
    learningRate: z.optional(finite),
    iterationsPerSecond: z.optional(nonNegative),
    tokensPerSecond: z.optional(nonNegative),
    trainedTokens: z.optional(count),
    peakMemoryGb: z.optional(nonNegative),
  }),
  z.object({ kind: z.literal('val'), iteration: count, loss: finite, seconds: z.optional(nonNegative) }),
  z.object({ kind: z.literal('saved'), iteration: z.optional(count), path }),
]);
export type TrainingReportView = z.infer<typeof trainingReportSchema>;

export const trainingSettingsSchema = z.object({
  model: path,
  data: path,
  adapterPath: path,
  iters: positiveInt,
  batchSize: positiveInt,
  learningRate: z.number().check(z.positive()),
  /** mlx_lm.lora takes -1 for "all layers". */
  numLayers: z.number().check(z.int(), z.gte(-1)),
  resumeAdapterFile: z.optional(path),
  extraArgs: z.array(text).check(z.maxLength(200)),
});
export type TrainingSettingsView = z.infer<typeof trainingSettingsSchema>;

export const trainingFailureKindSchema = z.enum([
  'not_installed',
  'exited',
  'out_of_memory',
  'no_adapter',
  'cancelled',
]);

export const trainingOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    result: z.object({
      adapterPath: path,
      iterations: count,
      finalTrainLoss: z.optional(finite),
      finalValLoss: z.optional(finite),
    }),
  }),
  z.object({
    ok: z.literal(false),
    failure: z.object({
      kind: trainingFailureKindSchema,
      message: text,
      advice: z.optional(text),
      lastLines: z.array(line).check(z.maxLength(TRAINING_LAST_LINES_MAX)),
      code: z.nullable(z.number().check(z.int())),
      signal: z.nullable(z.string().check(z.maxLength(40))),
    }),
  }),
]);
export type TrainingOutcomeView = z.infer<typeof trainingOutcomeSchema>;

export const trainingHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reset'),
    title: text,
    settings: trainingSettingsSchema,
    registerLabel: z.nullable(text),
  }),
  z.object({ type: z.literal('report'), report: trainingReportSchema }),
  z.object({ type: z.literal('line'), text: line }),
  z.object({
    type: z.literal('finished'),
    outcome: trainingOutcomeSchema,
    registerLabel: z.optional(z.nullable(text)),
  }),
  z.object({ type: z.literal('registered'), text }),
]);
export type TrainingHostMessage = z.infer<typeof trainingHostMessageSchema>;

export const trainingViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('register') }),
  z.object({ type: z.literal('showLog') }),
]);
export type TrainingViewMessage = z.infer<typeof trainingViewMessageSchema>;

export type TrainingParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parse<T>(schema: z.ZodMiniType<T>, data: unknown): TrainingParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const error = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return { ok: false, error };
}

/** View side: validates a message from the host. */
export const parseTrainingHostMessage = (data: unknown) =>
  parse<TrainingHostMessage>(trainingHostMessageSchema, data);
/** Host side: validates a message from the view. */
export const parseTrainingViewMessage = (data: unknown) =>
  parse<TrainingViewMessage>(trainingViewMessageSchema, data);

/** A line cut to the protocol's limit (an ellipsis says so), so that a long one is shortened, not dropped. */
export function fitLine(value: string, max = TRAINING_LINE_MAX): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
