// The panel's state: its shape, what survives a reload, the actions that change it (see reducer.ts),
// and the small pure helpers both the reducer and the components use.
import { labels, tooLongMessage } from '../../src/protocol/labels';
import { isTooLong } from '../../src/protocol/limits';
import type { MarkdownTree } from '../../src/protocol/markdown';
import type { AnswerUpdate, HostMessage } from '../../src/protocol/messages';
import type {
  RetestCounts,
  RetestFlip,
  RetestItemView,
  RetestRow,
  RetestRunView,
} from '../../src/protocol/retest';
import type {
  Evaluation,
  Locale,
  LogView,
  ModelView,
  PocView,
  Priority,
  RatingChartView,
  RatingField,
  SessionView,
  Timings,
} from '../../src/protocol/views';

/** An unsaved rating / correction / memo of one log. */
export interface Draft {
  evaluation: Evaluation | null;
  reason: string;
  correct_answer: string;
  priority: Priority;
  memo: string;
}

/** A request the panel waits for a reply to, and which one. */
export type WaitingRequest =
  | { kind: 'ask'; requestId: string }
  | { kind: 'save'; logId: number }
  | { kind: 'session' }
  | { kind: 'history' };

export type FieldErrors = Partial<Record<RatingField, string>>;

export interface LogUi {
  save: 'idle' | 'saving' | 'saved' | 'failed';
  message: string | null;
  fieldErrors: FieldErrors;
}

export interface PendingAnswer {
  requestId: string;
  question: string;
  /** The host confirmed it is asking (answerStarted); until then the panel waits a bounded time. */
  accepted: boolean;
  /** The answer so far, as the host parsed it. */
  blocks: MarkdownTree;
}

export type AnswerProblem =
  | { kind: 'error'; code: string; message: string; fix: string | null }
  | { kind: 'cancelled' };

/** The re-test view: a run's list and counts, the selected question in full, the answer streaming. */
export interface RetestState {
  run: RetestRunView;
  counts: RetestCounts;
  /** Indexed by position. */
  rows: RetestRow[];
  selected: number | null;
  /** Selection follows the question being asked, until the user picks one or rates. */
  follow: boolean;
  /** Only the questions that flipped this way (a count was chosen). */
  filter: RetestFlip | null;
  detail: RetestItemView | null;
  streaming: { position: number; blocks: MarkdownTree } | null;
}

export interface AppState {
  loaded: boolean;
  locale: Locale;
  pocs: PocView[];
  models: ModelView[];
  selected: { poc_id: number | null; model_id: number | null };
  session: SessionView | null;
  /** Newest first. */
  history: LogView[];
  hasMoreHistory: boolean;
  loadingHistory: boolean;
  question: string;
  /** null = not edited: the chosen PoC's default prompt is used. */
  systemPrompt: string | null;
  pending: PendingAnswer | null;
  answerProblem: AnswerProblem | null;
  drafts: Record<number, Draft>;
  logUi: Record<number, LogUi>;
  timings: Record<number, Timings>;
  opened: { log: LogView; session: SessionView | null } | null;
  /** The log the keys 1 / 2 / 3 rate when focus is not inside another log. */
  activeLogId: number | null;
  sessionBusy: boolean;
  sessionProblem: { message: string; fix: string | null } | null;
  /** The supervised model server restarting, back, or given up; cleared by the next question. */
  serverNotice: { kind: 'restarting' | 'restarted' | 'failed'; detail: string | null } | null;
  /** The last "ratings per version" chart the host sent (of the PoC it names). */
  ratingChart: RatingChartView | null;
  retest: RetestState | null;
}

/** What survives the webview being hidden or reloaded (VS Code's getState / setState). */
export interface PersistedDrafts {
  question: string;
  systemPrompt: string | null;
  selected: { poc_id: number | null; model_id: number | null };
  drafts: Record<number, Draft>;
}

export type Action =
  | { type: 'host'; message: Exclude<HostMessage, { type: 'answerProgress' | 'retestAnswerProgress' }> }
  | { type: 'progress'; requestId: string; updates: AnswerUpdate[] }
  | { type: 'retestProgress'; runId: number; position: number; updates: AnswerUpdate[] }
  | { type: 'retestSelect'; position: number }
  | { type: 'retestFollow'; follow: boolean }
  | { type: 'retestFilter'; filter: RetestFlip | null }
  | { type: 'retestClose' }
  | { type: 'setQuestion'; question: string }
  | { type: 'setSystemPrompt'; systemPrompt: string }
  | { type: 'select'; poc_id: number | null; model_id: number | null }
  | { type: 'sessionRequested' }
  | { type: 'askSent'; requestId: string; question: string }
  /** The panel's own check refused the question (e.g. over its limit): nothing was sent. */
  | { type: 'askRefused'; code: string; message: string }
  /** A request got no reply in time: the panel stops waiting and says so (see replyTimeouts.ts). */
  | { type: 'noReply'; request: WaitingRequest }
  | { type: 'cancelSent' }
  | { type: 'chooseRating'; logId: number; evaluation: Evaluation }
  | { type: 'editDraft'; logId: number; patch: Partial<Omit<Draft, 'evaluation'>> }
  | { type: 'openEditor'; logId: number }
  | { type: 'discardDraft'; logId: number }
  | { type: 'saveSent'; logId: number }
  | { type: 'invalidDraft'; logId: number; errors: FieldErrors }
  | { type: 'historyRequested' }
  | { type: 'closeOpened' };

/** The state before the host's first `state` message: only the drafts restored from VS Code. */
export function emptyState(persisted: PersistedDrafts | null, locale: Locale = 'en'): AppState {
  return {
    loaded: false,
    locale,
    pocs: [],
    models: [],
    selected: persisted?.selected ?? { poc_id: null, model_id: null },
    session: null,
    history: [],
    hasMoreHistory: false,
    loadingHistory: false,
    question: persisted?.question ?? '',
    systemPrompt: persisted?.systemPrompt ?? null,
    pending: null,
    answerProblem: null,
    drafts: persisted?.drafts ?? {},
    logUi: {},
    timings: {},
    opened: null,
    activeLogId: null,
    sessionBusy: false,
    sessionProblem: null,
    serverNotice: null,
    ratingChart: null,
    retest: null,
  };
}

export function persistedPart(state: AppState): PersistedDrafts {
  return {
    question: state.question,
    systemPrompt: state.systemPrompt,
    selected: state.selected,
    drafts: state.drafts,
  };
}

export function draftFor(log: LogView): Draft {
  return {
    evaluation: log.evaluated_at === null ? null : log.evaluation,
    reason: log.reason ?? '',
    correct_answer: log.correct_answer ?? '',
    priority: log.priority ?? 2,
    memo: log.memo ?? '',
  };
}

/** Whether a draft holds anything the saved log does not (opening a log alone changes nothing). */
export function isDirty(draft: Draft, log: LogView): boolean {
  const saved = draftFor(log);
  return (Object.keys(saved) as (keyof Draft)[]).some((key) => draft[key] !== saved[key]);
}

export function findLog(state: AppState, logId: number): LogView | undefined {
  if (state.opened?.log.id === logId) return state.opened.log;
  if (state.retest?.detail?.after?.id === logId) return state.retest.detail.after;
  return state.history.find((log) => log.id === logId);
}

/** The checks the core also makes, done here first so the user sees them at once. */
export function validateDraft(draft: Draft, locale: Locale): FieldErrors {
  const t = labels[locale];
  const errors: FieldErrors = {};
  if (draft.evaluation === null) errors.evaluation = t.chooseRating;
  else if (draft.evaluation !== 1) {
    for (const field of ['reason', 'correct_answer'] as const) {
      if (draft[field].trim() === '') errors[field] = t.required;
      else if (isTooLong(field, draft[field]))
        errors[field] = tooLongMessage(locale, field, draft[field].length);
    }
  }
  if (isTooLong('memo', draft.memo)) errors.memo = tooLongMessage(locale, 'memo', draft.memo.length);
  return errors;
}
