// The panel's state and its one reducer: host messages and user actions in, a new state out. Pure, so
// every rule (what a cancel keeps, what a save clears, which log the keys rate) is tested without a DOM.
import type { Labels } from '../../src/protocol/labels';
import type { HostMessage, StateMessage } from '../../src/protocol/messages';
import type {
  Evaluation,
  Locale,
  LogView,
  ModelView,
  PocView,
  Priority,
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

export type FieldErrors = Partial<Record<RatingField, string>>;

export interface LogUi {
  save: 'idle' | 'saving' | 'saved' | 'failed';
  message: string | null;
  fieldErrors: FieldErrors;
}

export interface PendingAnswer {
  requestId: string;
  question: string;
  text: string;
}

export type AnswerProblem =
  | { kind: 'error'; code: string; message: string; fix: string | null }
  | { kind: 'cancelled' };

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
}

/** What survives the webview being hidden or reloaded (VS Code's getState / setState). */
export interface PersistedDrafts {
  question: string;
  systemPrompt: string | null;
  selected: { poc_id: number | null; model_id: number | null };
  drafts: Record<number, Draft>;
}

export type Action =
  | { type: 'host'; message: Exclude<HostMessage, { type: 'answerDelta' }> }
  | { type: 'deltas'; requestId: string; text: string }
  | { type: 'setQuestion'; question: string }
  | { type: 'setSystemPrompt'; systemPrompt: string }
  | { type: 'select'; poc_id: number | null; model_id: number | null }
  | { type: 'sessionRequested' }
  | { type: 'askSent'; requestId: string; question: string }
  | { type: 'cancelSent' }
  | { type: 'chooseRating'; logId: number; evaluation: Evaluation }
  | { type: 'editDraft'; logId: number; patch: Partial<Omit<Draft, 'evaluation'>> }
  | { type: 'openEditor'; logId: number }
  | { type: 'discardDraft'; logId: number }
  | { type: 'saveSent'; logId: number }
  | { type: 'invalidDraft'; logId: number; errors: FieldErrors }
  | { type: 'historyRequested' }
  | { type: 'closeOpened' };

export function initialState(persisted: PersistedDrafts | null, first: StateMessage | null): AppState {
  const state: AppState = {
    loaded: false,
    locale: 'en',
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
  };
  return first ? applyState(state, first) : state;
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

export function findLog(state: AppState, logId: number): LogView | undefined {
  if (state.opened?.log.id === logId) return state.opened.log;
  return state.history.find((log) => log.id === logId);
}

/** The checks the core also makes, done here first so the user sees them at once. */
export function validateDraft(draft: Draft, t: Labels): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.evaluation === null) errors.evaluation = t.chooseRating;
  else if (draft.evaluation !== 1) {
    if (draft.reason.trim() === '') errors.reason = t.required;
    if (draft.correct_answer.trim() === '') errors.correct_answer = t.required;
  }
  return errors;
}

function applyState(state: AppState, message: StateMessage): AppState {
  const sameSession = state.session?.id === message.session?.id;
  const selected =
    state.loaded || (state.selected.poc_id === null && state.selected.model_id === null)
      ? message.selected
      : state.selected;
  return {
    ...state,
    loaded: true,
    locale: message.locale,
    pocs: message.pocs,
    models: message.models,
    selected: message.session
      ? { poc_id: message.session.poc_id, model_id: message.session.model_id }
      : selected,
    session: message.session,
    history: message.history,
    hasMoreHistory: message.has_more_history,
    loadingHistory: false,
    pending: sameSession ? state.pending : null,
  };
}

const replaceLog = (logs: LogView[], log: LogView) => logs.map((item) => (item.id === log.id ? log : item));

function withoutKey<T>(record: Record<number, T>, key: number): Record<number, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

function onHost(state: AppState, message: Exclude<HostMessage, { type: 'answerDelta' }>): AppState {
  switch (message.type) {
    case 'state':
      return applyState(state, message);
    case 'sessionStarted':
      return {
        ...state,
        session: message.session,
        selected: { poc_id: message.session.poc_id, model_id: message.session.model_id },
        history: [],
        hasMoreHistory: false,
        sessionBusy: false,
        sessionProblem: null,
        answerProblem: null,
        activeLogId: null,
      };
    case 'sessionEnded':
      if (state.session?.id !== message.session.id) return state;
      return { ...state, session: null, pending: null, sessionBusy: false, sessionProblem: null };
    case 'answerDone': {
      if (state.history.some((log) => log.id === message.log.id)) return state;
      const mine = state.pending?.requestId === message.request_id;
      if (!mine && state.session?.id !== message.log.session_id) return state;
      return {
        ...state,
        history: [message.log, ...state.history],
        timings: { ...state.timings, [message.log.id]: message.timings },
        pending: mine ? null : state.pending,
        // The question is now recorded with its answer; a box the user has since changed is kept.
        question: mine && state.question === state.pending?.question ? '' : state.question,
        activeLogId: message.log.id,
        answerProblem: null,
      };
    }
    case 'answerError':
      if (state.pending?.requestId !== message.request_id) return state;
      return {
        ...state,
        pending: null,
        answerProblem: { kind: 'error', code: message.code, message: message.message, fix: message.fix },
      };
    case 'answerCancelled':
      if (state.pending?.requestId !== message.request_id) return state;
      return { ...state, pending: null, answerProblem: { kind: 'cancelled' } };
    case 'logSaved': {
      const log = message.log;
      return {
        ...state,
        history: replaceLog(state.history, log),
        opened: state.opened?.log.id === log.id ? { ...state.opened, log } : state.opened,
        drafts: withoutKey(state.drafts, log.id),
        logUi: { ...state.logUi, [log.id]: { save: 'saved', message: null, fieldErrors: {} } },
      };
    }
    case 'saveFailed':
      return {
        ...state,
        logUi: {
          ...state.logUi,
          [message.log_id]: { save: 'failed', message: message.message, fieldErrors: message.field_errors },
        },
      };
    case 'openLog': {
      // A log of the shown history is edited in place; any other one gets its own card on top.
      const inHistory = state.history.some((log) => log.id === message.log.id);
      return {
        ...state,
        history: inHistory ? replaceLog(state.history, message.log) : state.history,
        opened: inHistory ? null : { log: message.log, session: message.session },
        drafts: state.drafts[message.log.id]
          ? state.drafts
          : { ...state.drafts, [message.log.id]: draftFor(message.log) },
        activeLogId: message.log.id,
      };
    }
    case 'historyPage': {
      if (state.session?.id !== message.session_id) return state;
      const known = new Set(state.history.map((log) => log.id));
      return {
        ...state,
        history: [...state.history, ...message.logs.filter((log) => !known.has(log.id))],
        hasMoreHistory: message.has_more,
        loadingHistory: false,
      };
    }
    case 'error':
      if (message.operation === 'history') return { ...state, loadingHistory: false };
      return { ...state, sessionBusy: false, sessionProblem: { message: message.message, fix: message.fix } };
  }
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'host':
      return onHost(state, action.message);
    case 'deltas':
      if (state.pending?.requestId !== action.requestId) return state;
      return { ...state, pending: { ...state.pending, text: state.pending.text + action.text } };
    case 'setQuestion':
      return { ...state, question: action.question };
    case 'setSystemPrompt':
      return { ...state, systemPrompt: action.systemPrompt };
    case 'select': {
      const pocChanged = action.poc_id !== state.selected.poc_id;
      return {
        ...state,
        selected: { poc_id: action.poc_id, model_id: action.model_id },
        systemPrompt: pocChanged ? null : state.systemPrompt,
      };
    }
    case 'sessionRequested':
      return { ...state, sessionBusy: true, sessionProblem: null };
    case 'askSent':
      return {
        ...state,
        pending: { requestId: action.requestId, question: action.question, text: '' },
        answerProblem: null,
      };
    case 'cancelSent':
      // Stop is immediate on screen; the host's answerCancelled then finds nothing left to stop.
      return state.pending ? { ...state, pending: null, answerProblem: { kind: 'cancelled' } } : state;
    case 'chooseRating': {
      const log = findLog(state, action.logId);
      if (!log) return state;
      const draft = state.drafts[action.logId] ?? draftFor(log);
      return {
        ...state,
        drafts: { ...state.drafts, [action.logId]: { ...draft, evaluation: action.evaluation } },
        logUi: { ...state.logUi, [action.logId]: { save: 'idle', message: null, fieldErrors: {} } },
        activeLogId: action.logId,
      };
    }
    case 'editDraft': {
      const log = findLog(state, action.logId);
      if (!log) return state;
      const draft = state.drafts[action.logId] ?? draftFor(log);
      const ui = state.logUi[action.logId];
      const fieldErrors = { ...ui?.fieldErrors };
      for (const key of Object.keys(action.patch)) delete fieldErrors[key as RatingField];
      return {
        ...state,
        drafts: { ...state.drafts, [action.logId]: { ...draft, ...action.patch } },
        logUi: {
          ...state.logUi,
          [action.logId]: { save: 'idle', message: ui?.message ?? null, fieldErrors },
        },
      };
    }
    case 'openEditor': {
      const log = findLog(state, action.logId);
      if (!log || state.drafts[action.logId]) return state;
      return {
        ...state,
        drafts: { ...state.drafts, [action.logId]: draftFor(log) },
        activeLogId: action.logId,
      };
    }
    case 'discardDraft':
      return {
        ...state,
        drafts: withoutKey(state.drafts, action.logId),
        logUi: withoutKey(state.logUi, action.logId),
      };
    case 'saveSent':
      return {
        ...state,
        logUi: { ...state.logUi, [action.logId]: { save: 'saving', message: null, fieldErrors: {} } },
      };
    case 'invalidDraft':
      return {
        ...state,
        logUi: {
          ...state.logUi,
          [action.logId]: { save: 'idle', message: null, fieldErrors: action.errors },
        },
      };
    case 'historyRequested':
      return { ...state, loadingHistory: true };
    case 'closeOpened':
      return { ...state, opened: null };
  }
}
