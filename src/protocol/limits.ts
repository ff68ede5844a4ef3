// The length limits of what a person types (question, system prompt, reason, correct answer, memo),
// stated once: the panel counts and checks them before sending, the host and the core refuse anything
// longer, and the REST API answers 422 naming the field. Counted as JavaScript's `length` (UTF-16 code
// units), as zod counts them; a question is sent trimmed, so its count is the trimmed text's.
export const TEXT_LIMITS = {
  question: 100_000,
  system_prompt: 100_000,
  reason: 100_000,
  correct_answer: 100_000,
  memo: 100_000,
} as const;
export type LimitedField = keyof typeof TEXT_LIMITS;

/** The longest answer recorded: a model's output is kept whole up to here (a runaway one is refused). */
export const ANSWER_MAX = 1_000_000;

/** The panel shows a field's counter from this share of its limit on. */
export const COUNTER_FROM = 0.9;

/**
 * The bound on any text travelling to the webview or kept as its draft (stored logs, the webview's saved
 * state, a quick ask on its way into the question box): longer than any limit, so what a user typed or
 * pasted, or another app stored, is never dropped on the way — only refused when sent.
 */
export const DRAFT_TEXT_MAX = 20_000_000;

/** The length a field's limit is checked against: what is sent, as the core will count it. */
export const limitedLength = (field: LimitedField, text: string): number =>
  field === 'question' ? text.trim().length : text.length;

export const isTooLong = (field: LimitedField, text: string | null): boolean =>
  text !== null && limitedLength(field, text) > TEXT_LIMITS[field];
