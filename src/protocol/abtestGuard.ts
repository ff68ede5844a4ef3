// The A/B view's check of every message from the host: the same shapes as abtest.ts (zod, which the
// host and the tests use), spelled with guards.ts so that zod stays out of the webview's bundle.
// test/unit/protocol/abtestGuard.test.ts holds the two together (equal types, same verdicts).
import { array, boolean, check, custom, nullable, number, object, oneOf, string, tagged } from './guards';
import { DRAFT_TEXT_MAX } from './limits';
import { isMarkdownNode, type MarkdownNode } from './markdown';

const whole = number(0, true);
const longText = string(DRAFT_TEXT_MAX);
const shortText = string(2_000);
const share = nullable(
  custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1, 'not a share'),
);
const choice = oneOf('A', 'B', 'tie');
const markdownTree = array(custom<MarkdownNode>(isMarkdownNode, 'not a Markdown node the view draws'));

const rate = object({
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

const item = object({
  position: whole,
  question: longText,
  system_prompt: nullable(longText),
  answers: nullable(object({ a: markdownTree, b: markdownTree })),
  error: nullable(shortText),
  vote: nullable(object({ choice, reason: nullable(longText), a: shortText, b: shortText })),
});

export const abHostMessageGuard = tagged('type', {
  state: object({
    type: oneOf('state'),
    title: shortText,
    items: whole,
    answered: whole,
    voted: whole,
    complete: boolean,
    rates: array(rate),
  }),
  item: object({ type: oneOf('item'), item }),
  voteFailed: object({ type: oneOf('voteFailed'), position: whole, message: shortText }),
});

/** View side: validates a message from the host. */
export const checkAbHostMessage = (data: unknown) => check(abHostMessageGuard, data);
