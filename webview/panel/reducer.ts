// The panel's one reducer: host messages and user actions in, a new state out. Pure, so every rule
// (what a cancel keeps, what a save clears, which log the keys rate) is tested without a DOM.

import { labels } from '../../src/protocol/labels';
import type { HostMessage, StateMessage } from '../../src/protocol/messages';
import type { Locale, LogView, RatingField } from '../../src/protocol/views';
import { applyUpdates, onRetestHost, reduceRetest, withRetestLog } from './retestReducer';
import {
  type Action,
  type AppState,
  draftFor,
  emptyState,
  findLog,
  isDirty,
  type PersistedDrafts,
  type WaitingRequest,
} from './state';

/** The state to start from: the drafts VS Code kept, and the first state when the HTML carried one. */
export function initialState(
  persisted: PersistedDrafts | null,
  first: StateMessage | null,
  locale?: Locale,
): AppState {
  const state = emptyState(persisted, locale);
  return first ? applyState(state, first) : state;
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

function onHost(
  state: AppState,
  message: Exclude<HostMessage, { type: 'answerProgress' | 'retestAnswerProgress' }>,
): AppState {
  switch (message.type) {
    case 'retestRun':
    case 'retestRows':
    case 'retestItem':
      return onRetestHost(state, message);
    case 'askQuestion':
      // Handled by the App, which turns it into an ask.
      return state;
    case 'serverNotice':
      return { ...state, serverNotice: { kind: message.kind, detail: message.detail } };
    case 'ratingChart':
      return { ...state, ratingChart: message.chart };
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
    case 'answerStarted':
      if (state.pending?.requestId !== message.request_id) return state;
      return { ...state, pending: { ...state.pending, accepted: true } };
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
        retest: withRetestLog(state.retest, log),
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
    case 'logsUpdated': {
      const fresh = new Map(message.logs.map((log) => [log.id, log]));
      const drafts = { ...state.drafts };
      for (const log of message.logs) {
        // A draft with no change of its own follows the new row; a real edit stays the user's.
        const before = findLog(state, log.id);
        const draft = drafts[log.id];
        if (before && draft && !isDirty(draft, before)) drafts[log.id] = draftFor(log);
      }
      return {
        ...state,
        history: state.history.map((log) => fresh.get(log.id) ?? log),
        retest: message.logs.reduce(withRetestLog, state.retest),
        opened:
          state.opened && fresh.has(state.opened.log.id)
            ? { ...state.opened, log: fresh.get(state.opened.log.id)! }
            : state.opened,
        drafts,
      };
    }
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

/** A request still unanswered when its time ran out: the panel stops waiting and keeps what was typed. */
function onNoReply(state: AppState, request: WaitingRequest): AppState {
  const message = labels[state.locale].noReply;
  switch (request.kind) {
    case 'ask':
      if (state.pending?.requestId !== request.requestId || state.pending.accepted) return state;
      return {
        ...state,
        pending: null,
        answerProblem: { kind: 'error', code: 'no_reply', message, fix: null },
      };
    case 'save': {
      const ui = state.logUi[request.logId];
      if (ui?.save !== 'saving') return state;
      return { ...state, logUi: { ...state.logUi, [request.logId]: { ...ui, save: 'failed', message } } };
    }
    case 'session':
      return state.sessionBusy
        ? { ...state, sessionBusy: false, sessionProblem: { message, fix: null } }
        : state;
    case 'history':
      return state.loadingHistory ? { ...state, loadingHistory: false } : state;
  }
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'host':
      return onHost(state, action.message);
    case 'progress':
      if (state.pending?.requestId !== action.requestId) return state;
      return {
        ...state,
        pending: { ...state.pending, blocks: applyUpdates(state.pending.blocks, action.updates) },
      };
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
        pending: { requestId: action.requestId, question: action.question, accepted: false, blocks: [] },
        answerProblem: null,
        serverNotice: null,
      };
    case 'askRefused':
      return {
        ...state,
        answerProblem: { kind: 'error', code: action.code, message: action.message, fix: null },
      };
    case 'noReply':
      return onNoReply(state, action.request);
    case 'cancelSent':
      // Stop is immediate on screen; the host's answerCancelled then finds nothing left to stop.
      return state.pending ? { ...state, pending: null, answerProblem: { kind: 'cancelled' } } : state;
    case 'chooseRating': {
      const log = findLog(state, action.logId);
      if (!log) return state;
      const draft = state.drafts[action.logId] ?? draftFor(log);
      const rating = state.retest?.detail?.after?.id === action.logId;
      return {
        ...state,
        drafts: { ...state.drafts, [action.logId]: { ...draft, evaluation: action.evaluation } },
        logUi: { ...state.logUi, [action.logId]: { save: 'idle', message: null, fieldErrors: {} } },
        activeLogId: action.logId,
        // Rating in the re-test view: the selection stays on this answer while the run goes on.
        retest: rating && state.retest ? { ...state.retest, follow: false } : state.retest,
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
    case 'retestProgress':
    case 'retestSelect':
    case 'retestFollow':
    case 'retestFilter':
    case 'retestClose':
      return reduceRetest(state, action);
  }
}
