// The training view's state: what each host message changes, the run's phase, and the table's rows.
import { describe, expect, it } from 'vitest';
import type { TrainingHostMessage } from '../../../src/protocol/training';
import {
  emptyTrainingState,
  numbersRows,
  phaseOf,
  reduceTraining,
  type TrainingAction,
  type TrainingViewState,
} from '../../../webview/training/state';
import {
  failure,
  resetMessage,
  success,
  trainReport,
  valReport,
} from '../../browser/support/trainingSamples';

const run = (...actions: TrainingAction[]): TrainingViewState =>
  actions.reduce(reduceTraining, emptyTrainingState);
const report = (r: Extract<TrainingHostMessage, { type: 'report' }>['report']): TrainingAction => ({
  type: 'report',
  report: r,
});

describe('training view state', () => {
  it('collects train and val points, the furthest iteration and the latest speed and memory', () => {
    const state = run(
      resetMessage(),
      report(valReport(1, 2.9)),
      report(trainReport(10, 2.4)),
      report(trainReport(20, 2.2)),
      report({ kind: 'saved', iteration: 20, path: 'adapters/0000020_adapters.safetensors' }),
    );
    expect(state.val).toEqual([{ iteration: 1, loss: 2.9 }]);
    expect(state.train.map((p) => [p.iteration, p.loss])).toEqual([
      [10, 2.4],
      [20, 2.2],
    ]);
    expect(state.train.at(-1)).toMatchObject({ tokensPerSecond: 152, peakMemoryGb: 8.02 });
    expect(state.iteration).toBe(20);
    expect(state.savedPath).toBe('adapters/0000020_adapters.safetensors');
    expect(phaseOf(state)).toBe('running');
  });

  it('replaces a repeated iteration rather than drawing it twice', () => {
    const state = run(resetMessage(), report(trainReport(10, 2.4)), report(trainReport(10, 2.3)));
    expect(state.train.map((p) => p.loss)).toEqual([2.3]);
  });

  it('starts afresh on reset (a new run, or a reloaded view about to be replayed)', () => {
    const state = run(
      resetMessage(),
      report(trainReport(10)),
      { type: 'line', text: 'Iter 10: …' },
      { type: 'finished', outcome: success },
      resetMessage('Register as version 3'),
    );
    expect(state).toMatchObject({ train: [], val: [], lines: [], outcome: null, iteration: 0 });
    expect(state.registerLabel).toBe('Register as version 3');
    expect(phaseOf(state)).toBe('running');
  });

  it('keeps the last 50 output lines', () => {
    const lines = Array.from({ length: 60 }, (_, i): TrainingAction => ({ type: 'line', text: `line ${i}` }));
    const state = run(resetMessage(), ...lines);
    expect(state.lines).toHaveLength(50);
    expect(state.lines[0]).toBe('line 10');
    expect(state.lines.at(-1)).toBe('line 59');
  });

  it('goes waiting → running → cancelling → cancelled, and ignores reports after the end', () => {
    expect(phaseOf(emptyTrainingState)).toBe('waiting');
    const cancelling = run(resetMessage(), { type: 'cancelRequested' });
    expect(phaseOf(cancelling)).toBe('cancelling');
    const cancelled = reduceTraining(cancelling, {
      type: 'finished',
      outcome: failure({ kind: 'cancelled', message: 'Cancelled.', advice: undefined }),
    });
    expect(phaseOf(cancelled)).toBe('cancelled');
    expect(reduceTraining(cancelled, report(trainReport(90)))).toBe(cancelled);
    expect(reduceTraining(cancelled, { type: 'cancelRequested' })).toBe(cancelled);
  });

  it('ends failed or succeeded, with the register label from the end when it gives one', () => {
    expect(phaseOf(run(resetMessage(), { type: 'finished', outcome: failure() }))).toBe('failed');
    const kept = run(resetMessage(), { type: 'finished', outcome: success });
    expect(phaseOf(kept)).toBe('succeeded');
    expect(kept.registerLabel).toBe('Register as version 2');
    const replaced = run(resetMessage(), {
      type: 'finished',
      outcome: success,
      registerLabel: 'Register as version 3',
    });
    expect(replaced.registerLabel).toBe('Register as version 3');
    const withdrawn = run(resetMessage(), { type: 'finished', outcome: success, registerLabel: null });
    expect(withdrawn.registerLabel).toBeNull();
    expect(run(resetMessage(), { type: 'registered', text: 'Registered as version 2.' }).registered).toBe(
      'Registered as version 2.',
    );
  });

  it('applies a frame’s batch of messages in order, as one by one', () => {
    const messages: TrainingHostMessage[] = [
      resetMessage(),
      { type: 'report', report: valReport(1, 2.9) },
      { type: 'report', report: trainReport(10, 2.4) },
      { type: 'finished', outcome: success },
      { type: 'report', report: trainReport(20, 2.2) },
    ];
    expect(reduceTraining(emptyTrainingState, { type: 'batch', messages })).toEqual(run(...messages));
    expect(run(...messages).train).toHaveLength(1);
  });

  it('lines train and val numbers up by iteration for the table', () => {
    const state = run(
      resetMessage(),
      report(valReport(1, 2.9)),
      report(trainReport(10, 2.4)),
      report(trainReport(50, 2.0)),
      report(valReport(50, 2.1)),
    );
    expect(
      numbersRows(state.train, state.val).map((row) => [row.iteration, row.train?.loss, row.valLoss]),
    ).toEqual([
      [1, undefined, 2.9],
      [10, 2.4, undefined],
      [50, 2.0, 2.1],
    ]);
  });
});
