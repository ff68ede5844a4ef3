// The training view's protocol: its shapes are the core's contract types (checked by the compiler both
// ways), real messages pass, and anything malformed or oversized is refused in either direction.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TrainingArgs, TrainingOutcome, TrainingReport } from '../../../src/core/training/events';
import {
  fitLine,
  parseTrainingHostMessage,
  parseTrainingViewMessage,
  TRAINING_LINE_MAX,
  TRAINING_TEXT_MAX,
  type TrainingOutcomeView,
  type TrainingReportView,
  type TrainingSettingsView,
} from '../../../src/protocol/training';
import {
  failure,
  resetMessage,
  settings,
  success,
  trainReport,
  valReport,
} from '../../browser/support/trainingSamples';

describe('training protocol', () => {
  it('describes exactly the core contract types (src/core/training/events.ts)', () => {
    expectTypeOf<TrainingReportView>().toEqualTypeOf<TrainingReport>();
    expectTypeOf<TrainingSettingsView>().toEqualTypeOf<TrainingArgs>();
    expectTypeOf<TrainingOutcomeView>().toEqualTypeOf<TrainingOutcome>();
  });

  it('accepts every message the host sends in a run', () => {
    for (const message of [
      resetMessage(),
      resetMessage(null),
      {
        ...resetMessage(),
        settings: { ...settings, numLayers: -1, resumeAdapterFile: '/a/adapters.safetensors' },
      },
      { type: 'report', report: trainReport(10) },
      { type: 'report', report: { kind: 'train', iteration: 10, loss: 2.3 } },
      { type: 'report', report: valReport(1, 2.9) },
      {
        type: 'report',
        report: { kind: 'saved', iteration: 100, path: 'adapters/0000100_adapters.safetensors' },
      },
      { type: 'report', report: { kind: 'saved', path: 'adapters/adapters.safetensors' } },
      { type: 'line', text: 'Iter 10: Val loss 2.100, Val took 1.234s' },
      { type: 'finished', outcome: success },
      { type: 'finished', outcome: success, registerLabel: 'Register as version 3' },
      { type: 'finished', outcome: failure(), registerLabel: null },
      { type: 'finished', outcome: failure({ kind: 'exited', code: 1, signal: null, advice: undefined }) },
      { type: 'registered', text: 'Registered as version 2.' },
    ]) {
      const parsed = parseTrainingHostMessage(message);
      expect(parsed, JSON.stringify(message)).toEqual({ ok: true, message });
    }
  });

  it('refuses malformed host messages, naming what is wrong', () => {
    const refused = (message: unknown) => {
      const parsed = parseTrainingHostMessage(message);
      expect(parsed.ok, JSON.stringify(message)).toBe(false);
      return parsed.ok ? '' : parsed.error;
    };
    expect(refused({ type: 'report', report: { kind: 'train', iteration: 10, loss: Number.NaN } })).toContain(
      'report.loss',
    );
    expect(refused({ type: 'report', report: { kind: 'train', iteration: -1, loss: 2 } })).toContain(
      'iteration',
    );
    expect(refused({ type: 'report', report: { kind: 'train', iteration: 1.5, loss: 2 } })).toContain(
      'iteration',
    );
    expect(refused({ type: 'report', report: { kind: 'test', iteration: 1, loss: 2 } })).toContain('kind');
    refused({ type: 'line', text: 'x'.repeat(TRAINING_LINE_MAX + 1) });
    refused({ type: 'line', text: 42 });
    refused({ ...resetMessage(), settings: { ...settings, iters: 0 } });
    refused({ ...resetMessage(), title: 'x'.repeat(TRAINING_TEXT_MAX + 1) });
    refused({ type: 'finished', outcome: { ok: false, result: success.ok ? success.result : null } });
    refused({ type: 'finished', outcome: failure({ lastLines: Array.from({ length: 201 }, () => 'line') }) });
    refused({ type: 'finished', outcome: failure({ kind: 'oops' as 'exited' }) });
    refused({ type: 'answerDone' });
    refused(null);
    refused('reset');
  });

  it('accepts the four view messages and refuses anything else', () => {
    for (const type of ['ready', 'cancel', 'register', 'showLog'])
      expect(parseTrainingViewMessage({ type })).toEqual({ ok: true, message: { type } });
    for (const message of [
      { type: 'saveRating' },
      { type: 'cancel ' },
      {},
      null,
      'cancel',
      { kind: 'cancel' },
    ])
      expect(parseTrainingViewMessage(message).ok, JSON.stringify(message)).toBe(false);
  });

  it('shortens a long line to the limit with an ellipsis, and leaves a short one as it is', () => {
    const long = fitLine('y'.repeat(TRAINING_LINE_MAX + 500));
    expect(long).toHaveLength(TRAINING_LINE_MAX);
    expect(long.endsWith('…')).toBe(true);
    expect(parseTrainingHostMessage({ type: 'line', text: long }).ok).toBe(true);
    expect(fitLine('Iter 1: Val loss 2.9')).toBe('Iter 1: Val loss 2.9');
  });
});
