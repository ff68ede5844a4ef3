// The messages the webview sends to the extension host (described at the top of messages.ts), apart
// from the host's own so that the webview's bundle holds only the schemas it parses with.
import * as z from 'zod/mini';
import { type LimitedField, TEXT_LIMITS } from './limits';
import { parseWith, requestId } from './messages';
import { retestWebviewMessageSchemas } from './retest';
import { evaluationSchema, id, prioritySchema, shortText } from './views';

const filled = (value: string | null) => value !== null && value.trim().length > 0;
/** A field the user typed, at most its limit: longer is refused, and the host answers which field. */
const typed = (field: LimitedField) => z.string().check(z.maxLength(TEXT_LIMITS[field]));

export const saveRatingMessageSchema = z
  .object({
    type: z.literal('saveRating'),
    log_id: id,
    evaluation: evaluationSchema,
    reason: z.nullable(typed('reason')),
    correct_answer: z.nullable(typed('correct_answer')),
    priority: z.nullable(prioritySchema),
    memo: z.nullable(typed('memo')),
  })
  .check(
    z.refine(
      (m) =>
        m.evaluation === 1
          ? m.reason === null && m.correct_answer === null && m.priority === null
          : filled(m.reason) && filled(m.correct_answer) && m.priority !== null,
      'reason, correct_answer and priority are required for evaluation 2 and 3, and null for 1',
    ),
  );
export type SaveRatingMessage = z.infer<typeof saveRatingMessageSchema>;

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('select'), poc_id: z.nullable(id), model_id: z.nullable(id) }),
  z.object({
    type: z.literal('startSession'),
    poc_id: id,
    model_id: id,
    system_prompt: z.nullable(typed('system_prompt')),
  }),
  z.object({ type: z.literal('endSession'), session_id: id }),
  z.object({
    type: z.literal('ask'),
    request_id: requestId,
    session_id: id,
    question: z.string().check(z.trim(), z.minLength(1), z.maxLength(TEXT_LIMITS.question)),
  }),
  z.object({ type: z.literal('cancel'), request_id: requestId }),
  saveRatingMessageSchema,
  z.object({ type: z.literal('openLink'), href: z.string().check(z.maxLength(8_000)) }),
  z.object({ type: z.literal('requestHistory'), session_id: id, before_id: id }),
  z.object({ type: z.literal('requestRatingChart'), poc_id: id }),
  z.object({ type: z.literal('log'), level: z.enum(['warn', 'error']), message: shortText }),
  ...retestWebviewMessageSchemas,
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Host side: validates a message from the webview. */
export const parseWebviewMessage = (data: unknown) => parseWith<WebviewMessage>(webviewMessageSchema, data);
