/*
 * The evaluation panel's protocol: every message between the extension host and the webview, one
 * discriminated union (on `type`) per direction. Both sides parse what they receive with
 * `parseHostMessage` / `parseWebviewMessage`; an invalid message is logged and dropped, never acted on.
 *
 * Host → webview (HostMessage)
 *   state            the whole picture, sent in answer to `ready` and whenever PoCs, models or the
 *                    current session change elsewhere (sidebar): locale, PoCs, models, the selection,
 *                    the current session (null = none), its history (newest first) and whether more
 *                    history exists. The webview keeps its drafts across it.
 *   sessionStarted   answer to `startSession`: the new session (its history starts empty).
 *   sessionEnded     answer to `endSession` (or the session was ended elsewhere).
 *   answerStarted    the host has the question of `ask` request_id and is asking the model (whose first
 *                    token can take minutes on a first load); from here the host always ends the request
 *                    with answerDone, answerError or answerCancelled. The webview waits a bounded time for
 *                    this; a request that was refused (e.g. a field over its limit) gets answerError.
 *   answerProgress   the answer to `ask` request_id so far, as a Markdown tree: its top-level blocks
 *                    from index `from` on replace those the webview has (the earlier ones are unchanged).
 *                    Sent at most every ~50 ms while the model writes, and once more at the end.
 *   answerDone       the answer is complete and recorded: the log row and the timings.
 *   answerError      the answer failed; nothing was recorded. `message` says what happened, `fix` what
 *                    to do (e.g. "Start the model server: Llamune: Start Model Server").
 *   answerCancelled  the host stopped generating after `cancel`; nothing was recorded.
 *   logSaved         a rating / memo was saved (answer to `saveRating`, or saved elsewhere): the row.
 *   saveFailed       `saveRating` was rejected (the core's rules, or a field over its limit): a message
 *                    and per-field errors.
 *   openLog          show this log for editing (from the Logs tree); `session` is its session.
 *   historyPage      answer to `requestHistory`: older logs of a session (newest first) and has_more.
 *   error            another request failed (start/end session, history, link): message and fix.
 *   serverNotice     the supervised model server stopped on its own and is restarting, is ready again,
 *                    or gave up: the panel says so where the user asks (not only the status bar).
 *   askQuestion      ask this question now in the current session (quick ask from the editor): the
 *                    webview puts it in the question box and sends `ask` as if the user had.
 *   ratingChart      the PoC's ratings per version (answer to `requestRatingChart`), sent again after
 *                    every saved rating of that PoC.
 *   retest…          the re-test view (retestRun, retestRows, retestItem, retestAnswerProgress): see retest.ts.
 *
 * Webview → host (WebviewMessage, in webviewMessages.ts)
 *   ready            the webview is listening; the host answers with `state`.
 *   select           the user picked a PoC / model in the session bar (the host may mirror it).
 *   startSession     start a session with this PoC, model and system prompt snapshot.
 *   endSession       end the session.
 *   ask              ask `question` in the session; `request_id` (made by the webview) tags the stream.
 *   cancel           stop generating the answer to `request_id`; the host records nothing.
 *   saveRating       rate / correct / annotate a log. For evaluation 1 reason, correct_answer and
 *                    priority are null; for 2 and 3 reason and correct_answer are non-empty and priority
 *                    is set. memo is free on any log.
 *   openLink         the user activated a link in an answer: the host checks it and opens it (or not);
 *                    the webview itself never navigates.
 *   requestHistory   the next page of a session's history, older than `before_id` (keyset paging).
 *   log              something the host should write to its log (e.g. a dropped invalid message).
 *   requestRatingChart  the ratings-per-version chart of this PoC (the panel shows its chart section).
 *   retest…          the re-test view (retestSelect, retestControl, retestClose): see retest.ts.
 */
import * as z from 'zod/mini';
import { retestHostMessageSchemas } from './retest';
import {
  id,
  localeSchema,
  logViewSchema,
  longText,
  markdownTreeSchema,
  modelViewSchema,
  pocViewSchema,
  ratingChartSchema,
  ratingFieldSchema,
  sessionViewSchema,
  shortText,
  timingsSchema,
} from './views';

export { initialStateElementId } from './initialState';

export const requestId = z.string().check(z.minLength(1), z.maxLength(100));
const fix = z.nullable(shortText);

export const stateMessageSchema = z.object({
  type: z.literal('state'),
  locale: localeSchema,
  pocs: z.array(pocViewSchema),
  models: z.array(modelViewSchema),
  selected: z.object({ poc_id: z.nullable(id), model_id: z.nullable(id) }),
  session: z.nullable(sessionViewSchema),
  history: z.array(logViewSchema),
  has_more_history: z.boolean(),
});
export type StateMessage = z.infer<typeof stateMessageSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  stateMessageSchema,
  z.object({ type: z.literal('sessionStarted'), session: sessionViewSchema }),
  z.object({ type: z.literal('sessionEnded'), session: sessionViewSchema }),
  z.object({ type: z.literal('answerStarted'), request_id: requestId }),
  z.object({
    type: z.literal('answerProgress'),
    request_id: requestId,
    from: z.number().check(z.int(), z.nonnegative()),
    blocks: markdownTreeSchema,
  }),
  z.object({
    type: z.literal('answerDone'),
    request_id: requestId,
    log: logViewSchema,
    timings: timingsSchema,
  }),
  z.object({
    type: z.literal('answerError'),
    request_id: requestId,
    code: shortText,
    message: shortText,
    fix,
  }),
  z.object({ type: z.literal('answerCancelled'), request_id: requestId }),
  z.object({ type: z.literal('askQuestion'), question: longText }),
  z.object({ type: z.literal('ratingChart'), chart: ratingChartSchema }),
  z.object({
    type: z.literal('serverNotice'),
    kind: z.enum(['restarting', 'restarted', 'failed']),
    detail: z.nullable(shortText),
  }),
  z.object({ type: z.literal('logSaved'), log: logViewSchema }),
  z.object({
    type: z.literal('saveFailed'),
    log_id: id,
    message: shortText,
    field_errors: z.partialRecord(ratingFieldSchema, shortText),
  }),
  z.object({ type: z.literal('openLog'), log: logViewSchema, session: z.nullable(sessionViewSchema) }),
  // Logs changed elsewhere (e.g. marked verified in the Logs tree): shown copies are replaced, drafts kept.
  z.object({ type: z.literal('logsUpdated'), logs: z.array(logViewSchema).check(z.maxLength(500)) }),
  z.object({
    type: z.literal('historyPage'),
    session_id: id,
    logs: z.array(logViewSchema),
    has_more: z.boolean(),
  }),
  z.object({
    type: z.literal('error'),
    operation: z.enum(['startSession', 'endSession', 'history', 'openLink', 'other']),
    message: shortText,
    fix,
  }),
  ...retestHostMessageSchemas,
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
/** One step of a streaming answer: its top-level blocks from `from` on. */
export type AnswerUpdate = Pick<Extract<HostMessage, { type: 'answerProgress' }>, 'from' | 'blocks'>;

// Webview → host messages are in webviewMessages.ts: the webview only ever parses the host's.
export type { SaveRatingMessage, WebviewMessage } from './webviewMessages';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function describe(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  return result.success ? { ok: true, message: result.data } : { ok: false, error: describe(result.error) };
}

/** Webview side: validates a message from the host. */
export const parseHostMessage = (data: unknown) => parseWith<HostMessage>(hostMessageSchema, data);
/** Host side: validates a message from the webview. */
