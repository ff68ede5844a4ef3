// The re-test view's part of the panel's state: the host's run, rows, question and stream in; the
// user's selection, filter and follow mode. Pure, like reducer.ts, which hands these on.
import type { MarkdownTree } from '../../src/protocol/markdown';
import type { AnswerUpdate, HostMessage } from '../../src/protocol/messages';
import type { LogView } from '../../src/protocol/views';
import type { Action, AppState, RetestState } from './state';

type RetestHostMessage = Extract<HostMessage, { type: 'retestRun' | 'retestRows' | 'retestItem' }>;

/** Blocks before an update's `from` keep their identity, so only the changed ones render again. */
export function applyUpdates(blocks: MarkdownTree, updates: AnswerUpdate[]): MarkdownTree {
  let result = blocks;
  for (const { from, blocks: changed } of updates) result = [...result.slice(0, from), ...changed];
  return result;
}

/** While following, the selection moves to the question being asked. */
function followed(retest: RetestState): RetestState {
  const answering = retest.run.answering;
  if (!retest.follow || answering === null || retest.selected === answering) return retest;
  return {
    ...retest,
    selected: answering,
    detail: retest.detail?.position === answering ? retest.detail : null,
  };
}

/** A stream whose question is no longer being asked is over: the detail (with the log) replaces it. */
function liveStream(retest: RetestState): RetestState {
  const streaming = retest.streaming;
  if (!streaming || retest.rows[streaming.position]?.state === 'answering') return retest;
  return { ...retest, streaming: null };
}

export function onRetestHost(state: AppState, message: RetestHostMessage): AppState {
  const current = state.retest;
  switch (message.type) {
    case 'retestRun': {
      const same = current?.run.id === message.run.id;
      const base: RetestState = same
        ? { ...current, run: message.run, counts: message.counts, rows: message.rows }
        : {
            run: message.run,
            counts: message.counts,
            rows: message.rows,
            selected: null,
            follow: true,
            filter: null,
            detail: null,
            streaming: null,
          };
      return { ...state, retest: followed(liveStream(base)) };
    }
    case 'retestRows': {
      if (current?.run.id !== message.run.id) return state;
      const rows = [...current.rows];
      for (const row of message.rows) rows[row.position] = row;
      return {
        ...state,
        retest: followed(liveStream({ ...current, run: message.run, counts: message.counts, rows })),
      };
    }
    case 'retestItem': {
      if (current?.run.id !== message.run_id) return state;
      const item = message.item;
      if (!message.reveal && item.position !== current.selected) return state;
      const filter = current.filter !== null && current.filter !== item.flip ? null : current.filter;
      return {
        ...state,
        retest: {
          ...current,
          selected: item.position,
          detail: item,
          follow: message.reveal ? false : current.follow,
          filter: message.reveal ? filter : current.filter,
        },
        activeLogId: item.after?.id ?? null,
      };
    }
  }
}

/** A saved or changed log is also the new answer the view may show. */
export function withRetestLog(retest: RetestState | null, log: LogView): RetestState | null {
  if (retest?.detail?.after?.id !== log.id) return retest;
  return { ...retest, detail: { ...retest.detail, after: log } };
}

type RetestAction = Extract<
  Action,
  { type: 'retestProgress' | 'retestSelect' | 'retestFollow' | 'retestFilter' | 'retestClose' }
>;

export function reduceRetest(state: AppState, action: RetestAction): AppState {
  const retest = state.retest;
  if (!retest) return state;
  switch (action.type) {
    case 'retestProgress': {
      if (retest.run.id !== action.runId) return state;
      const before = retest.streaming?.position === action.position ? retest.streaming.blocks : [];
      return {
        ...state,
        retest: {
          ...retest,
          streaming: { position: action.position, blocks: applyUpdates(before, action.updates) },
        },
      };
    }
    case 'retestSelect':
      if (retest.selected === action.position) return { ...state, retest: { ...retest, follow: false } };
      return {
        ...state,
        retest: { ...retest, selected: action.position, follow: false, detail: null },
        activeLogId: null,
      };
    case 'retestFollow':
      return { ...state, retest: followed({ ...retest, follow: action.follow }) };
    case 'retestFilter': {
      const first =
        action.filter === null ? undefined : retest.rows.find((row) => row.flip === action.filter)?.position;
      const next = { ...retest, filter: action.filter };
      if (first === undefined || first === retest.selected) return { ...state, retest: next };
      return {
        ...state,
        retest: { ...next, selected: first, follow: false, detail: null },
        activeLogId: null,
      };
    }
    case 'retestClose':
      return { ...state, retest: null, activeLogId: null };
  }
}
