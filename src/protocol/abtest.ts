/*
 * The blind A/B view's protocol: the messages between the extension host and the A/B webview, one
 * discriminated union (on `type`) per direction. The host parses what the view sends with these zod
 * schemas; the view checks what the host sends with abtestGuard.ts (no zod in the webview), which a
 * test holds to these same shapes.
 *
 * Blindness is in the shapes: an item carries no model, no log or session id, no timing. Only `vote`
 * (the user's own vote, sent once they have voted) names the models, as labels.
 *
 * Host → view (AbHostMessage)
 *   state       the run: its title, counts (items, answered by both, voted on by this user), whether it
 *               is complete, and the win rate of each pair of models with its count — sent on `ready`
 *               and after every vote.
 *   item        one item as this user sees it (answer to `show`, and after a vote): the question, the
 *               system prompt, answers A and B as Markdown trees, and the user's vote with the reveal.
 *   voteFailed  a vote was refused (already voted elsewhere, not answered): a message to show.
 *
 * View → host (AbViewMessage)
 *   ready       the view is listening; the host answers with state and the first item to vote on.
 *   show        the item at `position` (previous / next).
 *   vote        A, B or tie on the item at `position`, with an optional reason.
 *   openLink    the user activated a link in an answer: the host checks it and opens it (or not).
 */
import * as z from 'zod/mini';
import { TEXT_LIMITS } from './limits';
import { parseWith } from './messages';
import { longText, markdownTreeSchema, shortText } from './views';

const whole = z.number().check(z.int(), z.nonnegative());
const share = z.nullable(z.number().check(z.gte(0), z.lte(1)));
export const abChoiceViewSchema = z.enum(['A', 'B', 'tie']);
export type AbChoiceView = z.infer<typeof abChoiceViewSchema>;

export const abRateViewSchema = z.object({
  model: shortText,
  opponent: shortText,
  wins: whole,
  losses: whole,
  ties: whole,
  count: whole,
  win_rate: share,
  low: share,
  high: share,
});
export type AbRateView = z.infer<typeof abRateViewSchema>;

export const abVoteViewSchema = z.object({
  choice: abChoiceViewSchema,
  reason: z.nullable(longText),
  /** Which model answered as A and as B: only ever sent with the user's own vote. */
  a: shortText,
  b: shortText,
});
export type AbVoteViewMessage = z.infer<typeof abVoteViewSchema>;

export const abItemViewSchema = z.object({
  position: whole,
  question: longText,
  system_prompt: z.nullable(longText),
  answers: z.nullable(z.object({ a: markdownTreeSchema, b: markdownTreeSchema })),
  error: z.nullable(shortText),
  vote: z.nullable(abVoteViewSchema),
});
export type AbItemViewMessage = z.infer<typeof abItemViewSchema>;

export const abHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('state'),
    title: shortText,
    items: whole,
    answered: whole,
    voted: whole,
    complete: z.boolean(),
    rates: z.array(abRateViewSchema),
  }),
  z.object({ type: z.literal('item'), item: abItemViewSchema }),
  z.object({ type: z.literal('voteFailed'), position: whole, message: shortText }),
]);
export type AbHostMessage = z.infer<typeof abHostMessageSchema>;

export const abViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('show'), position: whole }),
  z.object({
    type: z.literal('vote'),
    position: whole,
    choice: abChoiceViewSchema,
    reason: z.nullable(z.string().check(z.maxLength(TEXT_LIMITS.reason))),
  }),
  z.object({ type: z.literal('openLink'), href: z.string().check(z.maxLength(8_000)) }),
]);
export type AbViewMessage = z.infer<typeof abViewMessageSchema>;

/** Test side (the view checks with abtestGuard.ts): validates a message from the host. */
export const parseAbHostMessage = (data: unknown) => parseWith<AbHostMessage>(abHostMessageSchema, data);
/** Host side: validates a message from the view. */
export const parseAbViewMessage = (data: unknown) => parseWith<AbViewMessage>(abViewMessageSchema, data);
