// One training run of mlx_lm.lora (or the configured trainer), supervised: started in its own process
// group (cancel reaches everything it started, and it cannot outlive us), its output read line by line
// into progress reports, and its end judged: a success only when it exited 0 and wrote the adapter.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OutputLine } from '../supervisor/options';
import { type GroupProcess, spawnInGroup } from '../supervisor/processGroup';
import { parseTrainingArgs, trainingArgv } from './args';
import { resolveTrainingCommand } from './command';
import type { TrainingArgs, TrainingOutcome, TrainingReport } from './events';
import { classifyRun, notStartedFailure } from './failures';
import { parseTrainingLine, plainText } from './progress';

/** The files mlx_lm.lora leaves in --adapter-path (adapter_config.json at the start, the weights at the end). */
export const adapterFiles = ['adapters.safetensors', 'adapter_config.json'] as const;

const lastLinesKept = 40;
/** After the exit, how long the output may take to drain (a grandchild could hold the pipes open). */
const drainMs = 2_000;

export interface TrainingRunOptions {
  /** The trainer; unset = `mlx_lm.lora` on PATH, else `python3 -m mlx_lm lora`. */
  command?: string;
  /** Arguments before the training flags (e.g. a script when `command` is node). */
  commandArgs?: string[];
  args: TrainingArgs;
  /** Merged over the process environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Every progress report, in order. */
  onReport?: (report: TrainingReport) => void;
  /** Every output line, without ANSI codes (a log channel, the CLI's stderr). */
  onLine?: (line: OutputLine) => void;
  /** Cancel: SIGTERM to the group, SIGKILL after this long (default 5,000 ms). */
  graceMs?: number;
}

export interface TrainingRun {
  /** The trainer's pid, which is also its process group's id; undefined when nothing was started. */
  pid: number | undefined;
  /** How the run ended; never rejects. */
  done: Promise<TrainingOutcome>;
  /** Stops the run (SIGTERM, then SIGKILL after the grace period); resolves once it has exited. */
  cancel(): Promise<void>;
}

/** What identifies a file's version: a file rewritten during the run differs from its old self. */
async function fileVersion(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? `${info.ino}:${info.size}:${info.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function fileVersions(folder: string): Promise<(string | undefined)[]> {
  return Promise.all(adapterFiles.map((name) => fileVersion(join(folder, name))));
}

/** Reports folded into what the success result needs. */
class ProgressSummary {
  iteration: number | undefined;
  trainLoss: number | undefined;
  valLoss: number | undefined;

  add(report: TrainingReport): void {
    if (report.iteration !== undefined) this.iteration = Math.max(this.iteration ?? 0, report.iteration);
    if (report.kind === 'train') this.trainLoss = report.loss;
    if (report.kind === 'val') this.valLoss = report.loss;
  }
}

function ended(outcome: TrainingOutcome): TrainingRun {
  return { pid: undefined, done: Promise.resolve(outcome), cancel: async () => {} };
}

/**
 * Starts a training run. Bad arguments reject (an `invalid` DomainError); everything that goes wrong
 * once they are good — the trainer missing included — ends up in `done` as a TrainingFailure.
 */
export async function startTraining(options: TrainingRunOptions): Promise<TrainingRun> {
  const args = parseTrainingArgs(options.args);
  const cwd = options.cwd ?? process.cwd();
  const env = { ...process.env, PYTHONUNBUFFERED: '1', ...options.env };
  const graceMs = options.graceMs ?? 5_000;
  const lookup = await resolveTrainingCommand(options.command, env, cwd);
  if (!lookup.found) return ended({ ok: false, failure: lookup.failure });

  const adapterFolder = resolve(cwd, args.adapterPath);
  const before = await fileVersions(adapterFolder);
  const lastLines: string[] = [];
  const summary = new ProgressSummary();
  const onLine = (raw: OutputLine) => {
    const text = plainText(raw.text);
    lastLines.push(text);
    if (lastLines.length > lastLinesKept) lastLines.shift();
    options.onLine?.({ stream: raw.stream, text });
    const report = parseTrainingLine(text);
    if (!report) return;
    summary.add(report);
    options.onReport?.(report);
  };

  let spawned: GroupProcess;
  try {
    spawned = await spawnInGroup(
      lookup.command,
      [...lookup.args, ...(options.commandArgs ?? []), ...trainingArgv(args)],
      { env, cwd: options.cwd, onLine },
    );
  } catch (error) {
    // spawn reports a missing working folder as ENOENT of /bin/sh, which would mislead.
    const missingCwd = (error as NodeJS.ErrnoException).code === 'ENOENT' && !(await isFolder(cwd));
    const reason = missingCwd ? new Error(`its working folder ${cwd} does not exist`) : (error as Error);
    return ended({ ok: false, failure: notStartedFailure(lookup.command, reason) });
  }
  const { child } = spawned;
  const drained = new Promise<void>((done) => child.once('close', () => done()));
  let cancelled = false;

  const done = (async (): Promise<TrainingOutcome> => {
    const { code, signal } = await spawned.exited;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((done) => (timer = setTimeout(done, drainMs)))]);
    clearTimeout(timer);
    const after = await fileVersions(adapterFolder);
    const missingFiles = adapterFiles.filter(
      (_, index) => after[index] === undefined || after[index] === before[index],
    );
    const failure = classifyRun({
      command: lookup.command,
      args: { ...args, adapterPath: adapterFolder },
      code,
      signal,
      cancelled,
      lastLines: [...lastLines],
      missingFiles,
    });
    if (failure) return { ok: false, failure };
    return {
      ok: true,
      result: {
        adapterPath: adapterFolder,
        // A run that exited 0 with its adapter written went through all its iterations.
        iterations: summary.iteration ?? args.iters,
        ...(summary.trainLoss !== undefined && { finalTrainLoss: summary.trainLoss }),
        ...(summary.valLoss !== undefined && { finalValLoss: summary.valLoss }),
      },
    };
  })();

  const cancel = async () => {
    if (child.exitCode === null && child.signalCode === null) cancelled = true;
    await spawned.stop(graceMs);
  };
  return { pid: spawned.pid, done, cancel };
}
