// What the training view shows, as one value changed only by the host's (validated) messages and the
// user's cancel: a pure reducer, so the view's logic is tested without a browser.
import {
  TRAINING_OUTPUT_TAIL_LINES,
  type TrainingHostMessage,
  type TrainingOutcomeView,
  type TrainingReportView,
  type TrainingSettingsView,
} from '../../src/protocol/training';
import type { LossPoint } from './lossChart';

type TrainReport = Extract<TrainingReportView, { kind: 'train' }>;

/** A train report's point on the chart, with the speed and memory the table shows beside it. */
export interface TrainPoint extends LossPoint {
  tokensPerSecond?: number;
  peakMemoryGb?: number;
}

export interface TrainingViewState {
  run: { title: string; settings: TrainingSettingsView } | null;
  registerLabel: string | null;
  train: TrainPoint[];
  val: LossPoint[];
  /** The latest train report: its speed and memory are the current ones. */
  latest: TrainReport | null;
  /** The furthest iteration any report reached (val reports come first, at iteration 1). */
  iteration: number;
  savedPath: string | null;
  /** The output's tail, oldest first. */
  lines: string[];
  outcome: TrainingOutcomeView | null;
  cancelRequested: boolean;
  /** Set once the host registered the adapter: shown in place of the register button. */
  registered: string | null;
}

export type TrainingAction =
  | TrainingHostMessage
  | { type: 'cancelRequested' }
  /** The messages of one animation frame, applied in order (frameBatcher.ts). */
  | { type: 'batch'; messages: TrainingHostMessage[] };

export const emptyTrainingState: TrainingViewState = {
  run: null,
  registerLabel: null,
  train: [],
  val: [],
  latest: null,
  iteration: 0,
  savedPath: null,
  lines: [],
  outcome: null,
  cancelRequested: false,
  registered: null,
};

/** A point for this iteration replaces one already there (a repeated line), otherwise it is added. */
function upsert<P extends LossPoint>(points: P[], point: P): P[] {
  // Iterations only grow in a run: the usual point goes after the last without a search.
  const last = points.at(-1);
  if (!last || last.iteration < point.iteration) return [...points, point];
  const index = points.findIndex((p) => p.iteration === point.iteration);
  if (index === -1) return [...points, point];
  const next = points.slice();
  next[index] = point;
  return next;
}

function applyReport(state: TrainingViewState, report: TrainingReportView): TrainingViewState {
  const iteration = Math.max(state.iteration, report.iteration ?? 0);
  switch (report.kind) {
    case 'train':
      return {
        ...state,
        iteration,
        latest: report,
        train: upsert(state.train, {
          iteration: report.iteration,
          loss: report.loss,
          tokensPerSecond: report.tokensPerSecond,
          peakMemoryGb: report.peakMemoryGb,
        }),
      };
    case 'val':
      return {
        ...state,
        iteration,
        val: upsert(state.val, { iteration: report.iteration, loss: report.loss }),
      };
    case 'saved':
      return { ...state, iteration, savedPath: report.path };
  }
}

export function reduceTraining(state: TrainingViewState, action: TrainingAction): TrainingViewState {
  switch (action.type) {
    case 'batch':
      return action.messages.reduce(reduceTraining, state);
    case 'reset':
      return {
        ...emptyTrainingState,
        run: { title: action.title, settings: action.settings },
        registerLabel: action.registerLabel,
      };
    case 'report':
      // Reports after the end (a late line) do not change a finished run's picture.
      return state.outcome ? state : applyReport(state, action.report);
    case 'line': {
      const lines = [...state.lines, action.text];
      return {
        ...state,
        lines: lines.length > TRAINING_OUTPUT_TAIL_LINES ? lines.slice(-TRAINING_OUTPUT_TAIL_LINES) : lines,
      };
    }
    case 'finished':
      return {
        ...state,
        outcome: action.outcome,
        cancelRequested: false,
        registerLabel: action.registerLabel === undefined ? state.registerLabel : action.registerLabel,
      };
    case 'registered':
      return { ...state, registered: action.text };
    case 'cancelRequested':
      return state.outcome ? state : { ...state, cancelRequested: true };
  }
}

export type RunPhase = 'waiting' | 'running' | 'cancelling' | 'succeeded' | 'failed' | 'cancelled';

export function phaseOf(state: TrainingViewState): RunPhase {
  if (state.outcome) {
    if (state.outcome.ok) return 'succeeded';
    return state.outcome.failure.kind === 'cancelled' ? 'cancelled' : 'failed';
  }
  if (!state.run) return 'waiting';
  return state.cancelRequested ? 'cancelling' : 'running';
}

export interface NumbersRow {
  iteration: number;
  train?: TrainPoint;
  valLoss?: number;
}

/** The chart's numbers by iteration (train and val reports of one iteration share a row), oldest first. */
export function numbersRows(train: readonly TrainPoint[], val: readonly LossPoint[]): NumbersRow[] {
  const rows = new Map<number, NumbersRow>();
  const row = (iteration: number) => {
    let found = rows.get(iteration);
    if (!found) {
      found = { iteration };
      rows.set(iteration, found);
    }
    return found;
  };
  for (const point of train) row(point.iteration).train = point;
  for (const point of val) row(point.iteration).valLoss = point.loss;
  return [...rows.values()].sort((a, b) => a.iteration - b.iteration);
}
