// The webview's check of every message from the host: the same shapes as messages.ts / views.ts (zod,
// which the host and the tests use), spelled with guards.ts so that zod stays out of the panel's 80 KB.
// test/unit/protocol/hostMessageGuard.test.ts holds the two together: the types must be equal, and both
// must accept and reject the same messages.

import {
  array,
  boolean,
  check,
  custom,
  matching,
  nullable,
  number,
  object,
  oneOf,
  partialRecord,
  string,
  tagged,
} from './guards';
import { DRAFT_TEXT_MAX } from './limits';
import { isMarkdownNode, type MarkdownNode } from './markdown';
import { retestHostGuards } from './retestGuard';

// The same expression zod's z.iso.datetime({ offset: true }) uses (the test compares them).
export const isoDateTimePattern =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

const id = number(0, true, true);
const whole = number(0, true);
const nonNegative = number(0);
const isoTime = matching(isoDateTimePattern);
const longText = string(DRAFT_TEXT_MAX);
const shortText = string(2_000);
const requestId = string(100, 1);
const code = oneOf(1, 2, 3);
const markdownTree = array(custom<MarkdownNode>(isMarkdownNode, 'not a Markdown node the panel draws'));

const poc = object({ id, name: shortText, domain: shortText, default_system_prompt: nullable(longText) });
const model = object({ id, model_name: shortText, version: whole, description: nullable(shortText) });
const session = object({
  id,
  poc_id: id,
  poc_name: shortText,
  model_id: id,
  model_name: shortText,
  model_version: whole,
  system_prompt: nullable(longText),
  started_at: isoTime,
  ended_at: nullable(isoTime),
});
const log = object({
  id,
  session_id: id,
  question: longText,
  answer: longText,
  answer_md: markdownTree,
  timestamp: isoTime,
  evaluation: code,
  evaluated_at: nullable(isoTime),
  reason: nullable(longText),
  correct_answer: nullable(longText),
  priority: nullable(code),
  status: code,
  memo: nullable(longText),
  updated_at: nullable(isoTime),
  latency_ms: nullable(nonNegative),
});
const counts = { good: whole, insufficient: whole, wrong: whole, unrated: whole };
const ratingChart = object({
  poc_id: id,
  versions: array(object({ model_id: id, model_name: shortText, version: whole, ...counts })),
  bucket: oneOf('day', 'week'),
  over_time: array(object({ model_id: id, period: matching(/^\d{4}-\d{2}-\d{2}$/), ...counts })),
});

export const stateGuard = object({
  type: oneOf('state'),
  locale: oneOf('en', 'ja'),
  pocs: array(poc),
  models: array(model),
  selected: object({ poc_id: nullable(id), model_id: nullable(id) }),
  session: nullable(session),
  history: array(log),
  has_more_history: boolean,
});

const fix = nullable(shortText);

export const hostMessageGuard = tagged('type', {
  state: stateGuard,
  sessionStarted: object({ type: oneOf('sessionStarted'), session }),
  sessionEnded: object({ type: oneOf('sessionEnded'), session }),
  answerStarted: object({ type: oneOf('answerStarted'), request_id: requestId }),
  answerProgress: object({
    type: oneOf('answerProgress'),
    request_id: requestId,
    from: whole,
    blocks: markdownTree,
  }),
  answerDone: object({
    type: oneOf('answerDone'),
    request_id: requestId,
    log,
    timings: object({ first_token_ms: nullable(nonNegative), total_ms: nonNegative }),
  }),
  answerError: object({
    type: oneOf('answerError'),
    request_id: requestId,
    code: shortText,
    message: shortText,
    fix,
  }),
  answerCancelled: object({ type: oneOf('answerCancelled'), request_id: requestId }),
  askQuestion: object({ type: oneOf('askQuestion'), question: longText }),
  ratingChart: object({ type: oneOf('ratingChart'), chart: ratingChart }),
  serverNotice: object({
    type: oneOf('serverNotice'),
    kind: oneOf('restarting', 'restarted', 'failed'),
    detail: nullable(shortText),
  }),
  logSaved: object({ type: oneOf('logSaved'), log }),
  saveFailed: object({
    type: oneOf('saveFailed'),
    log_id: id,
    message: shortText,
    field_errors: partialRecord(
      oneOf('evaluation', 'reason', 'correct_answer', 'priority', 'memo'),
      shortText,
    ),
  }),
  openLog: object({ type: oneOf('openLog'), log, session: nullable(session) }),
  logsUpdated: object({ type: oneOf('logsUpdated'), logs: array(log, 500) }),
  historyPage: object({ type: oneOf('historyPage'), session_id: id, logs: array(log), has_more: boolean }),
  error: object({
    type: oneOf('error'),
    operation: oneOf('startSession', 'endSession', 'history', 'openLink', 'other'),
    message: shortText,
    fix,
  }),
  ...retestHostGuards(log),
});

/** Webview side: validates a message from the host. */
export const checkHostMessage = (data: unknown) => check(hostMessageGuard, data);
