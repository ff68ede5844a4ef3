// The review view's check of every message from the host: the same shapes as review.ts (zod, which the
// host and the tests use), spelled with guards.ts so that zod stays out of the webview's bundle.
// test/unit/protocol/reviewGuard.test.ts holds the two together (equal types, same verdicts).
import { array, check, custom, matching, nullable, number, object, oneOf, string, tagged } from './guards';
import { isoDateTimePattern } from './hostMessageGuard';
import { DRAFT_TEXT_MAX } from './limits';
import { isMarkdownNode, type MarkdownNode } from './markdown';

const id = number(0, true, true);
const whole = number(0, true);
const anyNumber = number();
const isoTime = matching(isoDateTimePattern);
const longText = string(DRAFT_TEXT_MAX);
const shortText = string(2_000);
const requestId = string(100, 1);
const code = oneOf(1, 2, 3);
const share = nullable(
  custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1, 'not a share'),
);
const markdownTree = array(custom<MarkdownNode>(isMarkdownNode, 'not a Markdown node the view draws'));

const verdictShape = {
  evaluation: code,
  reason: nullable(longText),
  correct_answer: nullable(longText),
  priority: nullable(code),
};
const verdict = object(verdictShape);
const given = object({ ...verdictShape, by: shortText, at: isoTime });

const guidelines = object({
  poc_id: id,
  poc_name: shortText,
  body_md: nullable(markdownTree),
  saved_by: nullable(shortText),
  saved_at: nullable(isoTime),
  versions: whole,
});

const logShape = {
  log_id: id,
  poc_name: shortText,
  model: shortText,
  system_prompt: nullable(longText),
  question: longText,
  answer: longText,
  answer_md: markdownTree,
  asked_at: isoTime,
  assigned_at: isoTime,
  required_reviews: whole,
};

const entry = tagged('kind', {
  review: object({
    kind: oneOf('review'),
    ...logShape,
    state: oneOf('to_review', 'waiting', 'disputed', 'settled'),
    mine: nullable(verdict),
    original: nullable(given),
    others: array(given),
    accepted: nullable(verdict),
  }),
  dispute: object({
    kind: oneOf('dispute'),
    ...logShape,
    on: oneOf('rating', 'correction'),
    original: nullable(given),
    reviews: array(given),
    resolved: nullable(object({ verdict, picked: nullable(shortText) })),
  }),
});

const kappaShape = {
  kappa: nullable(anyNumber),
  observed: anyNumber,
  expected: anyNumber,
  items: whole,
  reading: nullable(oneOf('poor', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect')),
};

const agreement = object({
  poc_id: id,
  poc_name: shortText,
  me: shortText,
  logs: object({ assigned: whole, waiting: whole, disputed: whole, settled: whole }),
  pairs: array(object({ reviewers: array(shortText), ...kappaShape })),
  groups: array(object({ raters: whole, ...kappaShape })),
  reviewers: array(
    object({
      reviewer: shortText,
      reviews: whole,
      settled: whole,
      agreed: whole,
      share,
      kappa: nullable(object(kappaShape)),
    }),
  ),
});

export const reviewHostMessageGuard = tagged('type', {
  state: object({
    type: oneOf('state'),
    me: shortText,
    walk: oneOf('queue', 'disputes'),
    total: whole,
    counts: object({ to_review: whole, reviewed: whole, closed: whole }),
    disputes: whole,
  }),
  item: object({
    type: oneOf('item'),
    position: whole,
    item: nullable(entry),
    guidelines: nullable(guidelines),
  }),
  agreement: object({ type: oneOf('agreement'), agreement }),
  saveFailed: object({
    type: oneOf('saveFailed'),
    position: whole,
    message: shortText,
    field: nullable(oneOf('evaluation', 'reason', 'correct_answer', 'priority')),
  }),
  draftStarted: object({
    type: oneOf('draftStarted'),
    request_id: requestId,
    log_id: id,
    model_id: id,
    model_name: shortText,
  }),
  draftDelta: object({ type: oneOf('draftDelta'), request_id: requestId, text: longText }),
  draftDone: object({ type: oneOf('draftDone'), request_id: requestId, text: longText, drafted_at: isoTime }),
  draftEnded: object({
    type: oneOf('draftEnded'),
    request_id: nullable(requestId),
    log_id: id,
    message: nullable(shortText),
  }),
});

/** View side: validates a message from the host. */
export const checkReviewHostMessage = (data: unknown) => check(reviewHostMessageGuard, data);
