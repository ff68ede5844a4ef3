// The records the panel shows (PoC, model, session, log), as they travel between the extension host and
// the webview: JSON only, so times are ISO-8601 strings in UTC and codes are the design's numbers.
// The host and the tests parse with these; the webview checks the same shapes with hostMessageGuard.ts.
import * as z from 'zod/mini';
import { DRAFT_TEXT_MAX } from './limits';
import { isMarkdownNode, type MarkdownNode } from './markdown';

/** One node: text, or an allow-listed element (see markdown.ts). */
export const markdownNodeSchema = z.custom<MarkdownNode>(
  isMarkdownNode,
  'not a Markdown node the panel draws (allow-listed tags and attributes only)',
);
/** A whole answer: its top-level blocks. */
export const markdownTreeSchema = z.array(markdownNodeSchema);

export const localeSchema = z.enum(['en', 'ja']);
export type Locale = z.infer<typeof localeSchema>;

/** Design §3.6: 1 良い (good), 2 不十分 (insufficient), 3 間違い (wrong). */
export const evaluationSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
/** Design §3.6: 1 高 (high), 2 中 (medium), 3 低 (low). */
export const prioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
/** Design §3.6: 1 未処理 (unprocessed), 2 訓練済み (trained), 3 検証済み (verified). */
export const statusSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Evaluation = z.infer<typeof evaluationSchema>;
export type Priority = z.infer<typeof prioritySchema>;
export type Status = z.infer<typeof statusSchema>;

export const id = z.number().check(z.int(), z.positive());
export const isoTime = z.iso.datetime({ offset: true });
/** Stored or draft text on its way to the webview: bounded (limits.ts), never by a field's limit. */
export const longText = z.string().check(z.maxLength(DRAFT_TEXT_MAX));
export const shortText = z.string().check(z.maxLength(2_000));

export const pocViewSchema = z.object({
  id,
  name: shortText,
  domain: shortText,
  default_system_prompt: z.nullable(longText),
});
export type PocView = z.infer<typeof pocViewSchema>;

export const modelViewSchema = z.object({
  id,
  model_name: shortText,
  version: z.number().check(z.int(), z.nonnegative()),
  description: z.nullable(shortText),
});
export type ModelView = z.infer<typeof modelViewSchema>;

export const sessionViewSchema = z.object({
  id,
  poc_id: id,
  poc_name: shortText,
  model_id: id,
  model_name: shortText,
  model_version: z.number().check(z.int(), z.nonnegative()),
  /** The snapshot stored with the session; it never changes once the session has started. */
  system_prompt: z.nullable(longText),
  started_at: isoTime,
  ended_at: z.nullable(isoTime),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const logViewSchema = z.object({
  id,
  session_id: id,
  question: longText,
  /** The answer as written: copied, diffed against a correction, the start of a correction. */
  answer: longText,
  /** The same answer as the host parsed it, for display (see markdown.ts). */
  answer_md: markdownTreeSchema,
  timestamp: isoTime,
  evaluation: evaluationSchema,
  /** null = nobody has rated it yet (the stored evaluation is then only the column default). */
  evaluated_at: z.nullable(isoTime),
  reason: z.nullable(longText),
  correct_answer: z.nullable(longText),
  priority: z.nullable(prioritySchema),
  status: statusSchema,
  memo: z.nullable(longText),
  updated_at: z.nullable(isoTime),
  /** Total generation time, when the host recorded it. */
  latency_ms: z.nullable(z.number().check(z.nonnegative())),
});
export type LogView = z.infer<typeof logViewSchema>;

export const timingsSchema = z.object({
  first_token_ms: z.nullable(z.number().check(z.nonnegative())),
  total_ms: z.number().check(z.nonnegative()),
});
export type Timings = z.infer<typeof timingsSchema>;

/** The fields of a rating the host may reject one by one (SaveFailed.field_errors). */
export const ratingFieldSchema = z.enum(['evaluation', 'reason', 'correct_answer', 'priority', 'memo']);
export type RatingField = z.infer<typeof ratingFieldSchema>;

const count = z.number().check(z.int(), z.nonnegative());
const ratingCounts = { good: count, insufficient: count, wrong: count, unrated: count };

/** The "ratings per version" chart of one PoC (src/core/domain/ratingChart.ts says how it is counted). */
export const ratingChartSchema = z.object({
  poc_id: id,
  versions: z.array(
    z.object({
      model_id: id,
      model_name: shortText,
      version: z.number().check(z.int(), z.nonnegative()),
      ...ratingCounts,
    }),
  ),
  bucket: z.enum(['day', 'week']),
  over_time: z.array(
    z.object({ model_id: id, period: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), ...ratingCounts }),
  ),
});
export type RatingChartView = z.infer<typeof ratingChartSchema>;
