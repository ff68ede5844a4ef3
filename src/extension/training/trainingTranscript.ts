// What the training view has been told since its run began: the reset, every report, the output's tail,
// the end. A view that loads (first shown, reopened after being closed, reloaded) is brought up to date
// by replaying it. Every message is fitted to the protocol's limits and validated here, before it is
// posted: a long line is shortened rather than refused, and what still does not fit (a NaN loss) is
// dropped and reported once, so the view never has to refuse anything the host meant to show.
import type { TrainingArgs, TrainingOutcome, TrainingReport } from '../../core/training/events';
import {
  fitLine,
  parseTrainingHostMessage,
  TRAINING_LAST_LINES_MAX,
  TRAINING_OUTPUT_TAIL_LINES,
  TRAINING_PATH_MAX,
  TRAINING_TEXT_MAX,
  type TrainingHostMessage,
} from '../../protocol/training';

type Of<T extends TrainingHostMessage['type']> = Extract<TrainingHostMessage, { type: T }>;

export interface TrainingRun {
  /** The view's heading, e.g. "Training Qwen2.5-7B v1 → v2" (localized by the caller). */
  title: string;
  settings: TrainingArgs;
  /** The label of the button offered on success, e.g. "Register as version 3"; null offers none. */
  registerLabel: string | null;
}

const text = (value: string) => fitLine(value, TRAINING_TEXT_MAX);
const path = (value: string) => fitLine(value, TRAINING_PATH_MAX);

function fitSettings(settings: TrainingArgs): TrainingArgs {
  return {
    ...settings,
    model: path(settings.model),
    data: path(settings.data),
    adapterPath: path(settings.adapterPath),
    resumeAdapterFile:
      settings.resumeAdapterFile === undefined ? undefined : path(settings.resumeAdapterFile),
    extraArgs: settings.extraArgs.slice(0, 200).map(text),
  };
}

function fitOutcome(outcome: TrainingOutcome): TrainingOutcome {
  if (outcome.ok)
    return { ok: true, result: { ...outcome.result, adapterPath: path(outcome.result.adapterPath) } };
  const { failure } = outcome;
  return {
    ok: false,
    failure: {
      ...failure,
      message: text(failure.message),
      advice: failure.advice === undefined ? undefined : text(failure.advice),
      lastLines: failure.lastLines.slice(-TRAINING_LAST_LINES_MAX).map((line) => fitLine(line)),
      signal: failure.signal === null ? null : failure.signal.slice(0, 40),
    },
  };
}

function fitReport(report: TrainingReport): TrainingReport {
  return report.kind === 'saved' ? { ...report, path: path(report.path) } : report;
}

export class TrainingTranscript {
  private started: Of<'reset'> | null = null;
  private reports: Of<'report'>[] = [];
  private lines: Of<'line'>[] = [];
  private finished: Of<'finished'> | null = null;
  private registration: Of<'registered'> | null = null;

  /** `refused` hears about a message that could not be made valid (once per kind of problem). */
  constructor(private readonly refused: (detail: string) => void = () => {}) {}

  private readonly told = new Set<string>();

  private checked<T extends TrainingHostMessage>(message: T): T | undefined {
    const parsed = parseTrainingHostMessage(message);
    if (parsed.ok) return parsed.message as T;
    const detail = `Not shown in the training view (${message.type}): ${parsed.error}`;
    if (!this.told.has(detail)) {
      this.told.add(detail);
      this.refused(detail);
    }
    return undefined;
  }

  /** A new run: forgets the last one. */
  reset(run: TrainingRun): Of<'reset'> | undefined {
    this.reports = [];
    this.lines = [];
    this.finished = null;
    this.registration = null;
    this.started =
      this.checked({
        type: 'reset',
        title: text(run.title),
        settings: fitSettings(run.settings),
        registerLabel: run.registerLabel === null ? null : text(run.registerLabel),
      }) ?? null;
    return this.started ?? undefined;
  }

  report(report: TrainingReport): Of<'report'> | undefined {
    const message = this.checked({ type: 'report', report: fitReport(report) });
    if (message) this.reports.push(message);
    return message;
  }

  line(line: string): Of<'line'> | undefined {
    const message = this.checked({ type: 'line', text: fitLine(line) });
    if (!message) return undefined;
    this.lines.push(message);
    if (this.lines.length > TRAINING_OUTPUT_TAIL_LINES)
      this.lines.splice(0, this.lines.length - TRAINING_OUTPUT_TAIL_LINES);
    return message;
  }

  /** `registerLabel` replaces the reset's (undefined keeps it, null withdraws the offer). */
  finish(outcome: TrainingOutcome, registerLabel?: string | null): Of<'finished'> | undefined {
    const label = registerLabel === undefined || registerLabel === null ? registerLabel : text(registerLabel);
    this.finished =
      this.checked({
        type: 'finished',
        outcome: fitOutcome(outcome),
        ...(label === undefined ? {} : { registerLabel: label }),
      }) ?? null;
    return this.finished ?? undefined;
  }

  registered(what: string): Of<'registered'> | undefined {
    this.registration = this.checked({ type: 'registered', text: text(what) }) ?? null;
    return this.registration ?? undefined;
  }

  /** Everything a freshly loaded view needs, in order. */
  replay(): TrainingHostMessage[] {
    if (!this.started) return [];
    return [
      this.started,
      ...this.reports,
      ...this.lines,
      ...(this.finished ? [this.finished] : []),
      ...(this.registration ? [this.registration] : []),
    ];
  }
}
