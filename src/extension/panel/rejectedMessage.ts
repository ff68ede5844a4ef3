// The host's answer to a message from the webview that failed validation. The panel waits for a reply
// to each request, so a refused one is answered too, saying what was wrong in the user's language —
// a field over its limit by name and limit — instead of being dropped with only a log line.
import * as z from 'zod/mini';
import { labels, tooLongMessage } from '../../protocol/labels';
import { type LimitedField, limitedLength, TEXT_LIMITS } from '../../protocol/limits';
import { type HostMessage, requestId } from '../../protocol/messages';
import { id, type Locale, type RatingField } from '../../protocol/views';
import { webviewMessageSchema } from '../../protocol/webviewMessages';

/** What can still be read of a message that failed: enough to address the reply. */
const envelopeSchema = z.object({
  type: z.string(),
  request_id: z.optional(requestId),
  log_id: z.optional(id),
});

const isLimited = (key: unknown): key is LimitedField => typeof key === 'string' && key in TEXT_LIMITS;

/** The fields over their limit, with their lengths as sent. */
function fieldsTooLong(data: unknown, issues: readonly z.core.$ZodIssue[]): [LimitedField, number][] {
  const found = new Map<LimitedField, number>();
  for (const issue of issues) {
    const field = issue.path[0];
    if (issue.code !== 'too_big' || issue.path.length !== 1 || !isLimited(field)) continue;
    const value = (data as Record<string, unknown>)[field];
    if (typeof value === 'string') found.set(field, limitedLength(field, value));
  }
  return [...found];
}

/**
 * The reply to an invalid webview message, or null when it is valid or nothing waits for an answer
 * (a `log` line). Pure: the caller posts it.
 */
export function replyToRejected(data: unknown, locale: Locale): HostMessage | null {
  const result = webviewMessageSchema.safeParse(data);
  if (result.success) return null;
  const envelope = envelopeSchema.safeParse(data);
  const type = envelope.success ? envelope.data.type : undefined;
  if (type === 'log') return null;
  const tooLong = fieldsTooLong(data, result.error.issues);
  const fieldMessages = tooLong.map(
    ([field, length]) => [field, tooLongMessage(locale, field, length)] as const,
  );
  const message =
    fieldMessages.length > 0
      ? fieldMessages.map(([, text]) => text).join(' ')
      : `${labels[locale].invalidRequest}: ${z.prettifyError(result.error)}`.slice(0, 2000);

  if (type === 'ask' && envelope.data?.request_id) {
    return {
      type: 'answerError',
      request_id: envelope.data.request_id,
      code: tooLong.length > 0 ? 'question_too_long' : 'invalid_request',
      message,
      fix: null,
    };
  }
  if (type === 'saveRating' && envelope.data?.log_id) {
    const fieldErrors: Partial<Record<RatingField, string>> = {};
    for (const [field, text] of fieldMessages)
      if (field !== 'question' && field !== 'system_prompt') fieldErrors[field] = text;
    return { type: 'saveFailed', log_id: envelope.data.log_id, message, field_errors: fieldErrors };
  }
  const operation =
    type === 'startSession' || type === 'endSession' || type === 'openLink'
      ? type
      : type === 'requestHistory'
        ? 'history'
        : 'other';
  return { type: 'error', operation, message, fix: null };
}
