// Training runs supervised for real: the mlx_lm.lora stand-in as a child process in its own group,
// its progress read from both output formats, each way it can fail, cancel (with SIGKILL when SIGTERM
// is ignored) leaving no process behind, and a trainer that is not installed.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../src/core/supervisor/options';
import type { TrainingArgs, TrainingOutcome, TrainingReport } from '../../../src/core/training';
import { startTraining, type TrainingRun, type TrainingRunOptions } from '../../../src/core/training';
import { waitUntil } from '../../support/processes';
import { isAlive } from '../supervisorSupport';

const fakeLoraPath = resolve(__dirname, '../../fixtures/fake-mlx-lora.mjs');

let dir: string;
let data: string;
let out: string;
const cleanups: (() => unknown)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llamune-train-'));
  data = join(dir, 'export');
  out = join(dir, 'adapters');
  await mkdir(data);
  const example = JSON.stringify({
    messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ],
  });
  await writeFile(join(data, 'train.jsonl'), `${example}\n${example}\n`);
  await writeFile(join(data, 'valid.jsonl'), `${example}\n`);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Whether any process of group `pgid` still runs (zombies nobody reaps count as gone). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  // kill(2) succeeds for a group of zombies too; /proc/PID/stat tells them apart (state, then pgrp).
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .some((pid) => {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return false;
      }
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    });
}

/**
 * Waits (with a deadline) until nothing of group `pgid` runs. The trainer itself is gone when its run
 * ends; the group's sh watcher may still be on its way out under the SIGKILL already sent to it.
 */
function groupGone(pgid: number, timeoutMs = 5_000): Promise<void> {
  return waitUntil(`process group ${pgid} is gone`, () => !groupAlive(pgid), timeoutMs);
}

function trainingArgs(overrides: Partial<TrainingArgs> = {}): TrainingArgs {
  return {
    model: 'mlx-community/Qwen3-0.6B-4bit',
    data,
    adapterPath: out,
    iters: 30,
    batchSize: 4,
    learningRate: 1e-5,
    numLayers: 8,
    extraArgs: ['--steps-per-report', '5', '--steps-per-eval', '10', '--save-every', '20'],
    ...overrides,
  };
}

interface Watched {
  run: TrainingRun;
  reports: TrainingReport[];
  lines: OutputLine[];
  /** Resolves with the first report that `accept`s (seen already or still to come). */
  nextReport(accept?: (report: TrainingReport) => boolean): Promise<TrainingReport>;
}

async function startRun(
  options: Partial<TrainingRunOptions> & { env?: Record<string, string> } = {},
): Promise<Watched> {
  const reports: TrainingReport[] = [];
  const lines: OutputLine[] = [];
  const waiters = new Set<(report: TrainingReport) => void>();
  const run = await startTraining({
    command: fakeLoraPath,
    args: trainingArgs(),
    graceMs: 2_000,
    ...options,
    onReport: (report) => {
      reports.push(report);
      for (const waiter of [...waiters]) waiter(report);
    },
    onLine: (line) => lines.push(line),
  });
  cleanups.push(async () => {
    if (run.pid !== undefined && groupAlive(run.pid)) process.kill(-run.pid, 'SIGKILL');
    await run.done;
  });
  const nextReport = (accept: (report: TrainingReport) => boolean = () => true) =>
    new Promise<TrainingReport>((found, fail) => {
      const seen = reports.find(accept);
      if (seen) return found(seen);
      const waiter = (report: TrainingReport) => {
        if (!accept(report)) return;
        waiters.delete(waiter);
        found(report);
      };
      waiters.add(waiter);
      void run.done.then((outcome) => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        fail(new Error(`The run ended before the report came: ${JSON.stringify(outcome)}`));
      });
    });
  return { run, reports, lines, nextReport };
}

function failureOf(outcome: TrainingOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  return outcome.failure;
}

/** The tensors a safetensors file declares, after checking its layout byte by byte. */
async function safetensorsTensors(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const tensors = Object.entries(header).filter(([name]) => name !== '__metadata__');
  let end = 0;
  for (const [, tensor] of tensors) {
    expect(tensor.dtype).toBe('F32');
    const [from, to] = tensor.data_offsets;
    expect(to - from).toBe(4 * tensor.shape.reduce((a, b) => a * b, 1));
    end = Math.max(end, to);
  }
  expect(bytes.length).toBe(8 + headerLength + end);
  return tensors.map(([name]) => name);
}

describe('a training run that succeeds', () => {
  it('reports validation and training losses in order and ends with the adapter (classic format)', async () => {
    const { run, reports, lines } = await startRun();
    expect(run.pid).toBeGreaterThan(0);
    const outcome = await run.done;
    expect(outcome).toEqual({
      ok: true,
      result: {
        adapterPath: out,
        iterations: 30,
        finalTrainLoss: expect.any(Number),
        finalValLoss: expect.any(Number),
      },
    });
    const trainReports = reports.filter((report) => report.kind === 'train');
    const val = reports.filter((report) => report.kind === 'val');
    expect(trainReports.map((report) => report.iteration)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(val.map((report) => report.iteration)).toEqual([1, 10, 20, 30]);
    // Validation at 1 comes before any training report; losses fall.
    expect(reports[0]).toMatchObject({ kind: 'val', iteration: 1 });
    const losses = trainReports.map((report) => report.loss);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
    expect(trainReports[0]).toMatchObject({
      learningRate: 1e-5,
      trainedTokens: 5 * 4 * 96,
      peakMemoryGb: expect.any(Number),
      tokensPerSecond: expect.any(Number),
      iterationsPerSecond: expect.any(Number),
    });
    if (!outcome.ok) return;
    expect(outcome.result.finalTrainLoss).toBe(trainReports.at(-1)!.loss);
    expect(outcome.result.finalValLoss).toBe(val.at(-1)!.loss);
    expect(reports.filter((report) => report.kind === 'saved')).toEqual([
      { kind: 'saved', iteration: 20, path: join(out, '0000020_adapters.safetensors') },
      { kind: 'saved', path: join(out, 'adapters.safetensors') },
    ]);
    expect(lines.map((line) => line.text)).toContain('Loading pretrained model');

    expect(await safetensorsTensors(join(out, 'adapters.safetensors'))).toEqual([
      'model.layers.7.self_attn.q_proj.lora_a',
      'model.layers.7.self_attn.q_proj.lora_b',
    ]);
    const config = JSON.parse(await readFile(join(out, 'adapter_config.json'), 'utf8'));
    expect(Object.keys(config)).toEqual(Object.keys(config).sort());
    expect(config).toMatchObject({
      model: 'mlx-community/Qwen3-0.6B-4bit',
      data,
      adapter_path: out,
      num_layers: 8,
      batch_size: 4,
      iters: 30,
      learning_rate: 1e-5,
      fine_tune_type: 'lora',
      lora_parameters: { rank: 8, dropout: 0, scale: 20 },
    });
    await groupGone(run.pid!);
  });

  it('reads the rich table format, colour codes and all, and hands on plain lines', async () => {
    const { run, reports, lines } = await startRun({ env: { FAKE_LORA_FORMAT: 'table' } });
    const outcome = await run.done;
    expect(outcome.ok).toBe(true);
    expect(reports.filter((report) => report.kind === 'train').map((report) => report.iteration)).toEqual([
      5, 10, 15, 20, 25, 30,
    ]);
    expect(reports.filter((report) => report.kind === 'val').map((report) => report.iteration)).toEqual([
      1, 10, 20, 30,
    ]);
    expect(reports.find((report) => report.kind === 'train')).toMatchObject({
      iteration: 5,
      trainedTokens: 1900, // 1,920 tokens printed as "1.9k"
    });
    expect(reports.filter((report) => report.kind === 'saved')).toEqual([
      { kind: 'saved', iteration: 20, path: '0000020_adapters.safetensors' },
    ]);
    expect(lines.some((line) => line.text.includes('iter   train_loss'))).toBe(true);
    expect(lines.some((line) => line.text.includes('\u001b'))).toBe(false);
  });

  it('runs the stand-in through node, with a relative adapter folder resolved against cwd', async () => {
    const { run } = await startRun({
      command: process.execPath,
      commandArgs: [fakeLoraPath],
      cwd: dir,
      args: trainingArgs({ adapterPath: 'relative-out', iters: 10 }),
    });
    const outcome = await run.done;
    expect(outcome).toMatchObject({
      ok: true,
      result: { adapterPath: join(dir, 'relative-out'), iterations: 10 },
    });
    expect((await stat(join(dir, 'relative-out', 'adapters.safetensors'))).size).toBeGreaterThan(8);
  });
  it('trains without validation when the export has no valid.jsonl, as mlx_lm.lora does', async () => {
    await rm(join(data, 'valid.jsonl'));
    const { run, reports, lines } = await startRun();
    const outcome = await run.done;
    expect(outcome).toMatchObject({ ok: true, result: { iterations: 30 } });
    expect(outcome.ok && outcome.result.finalValLoss).toBeUndefined();
    expect(reports.filter((report) => report.kind === 'val')).toEqual([]);
    expect(lines.map((line) => line.text)).toContain(
      'Warning: Validation set not found or empty. Training will proceed without validation.',
    );
  });
});

describe('a training run that fails', () => {
  it('out of memory: the Metal abort, with advice naming the current batch size', async () => {
    const { run, reports } = await startRun({ env: { FAKE_LORA_FAIL: 'oom' } });
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'out_of_memory',
      code: 134,
      signal: null,
      message: 'Training ran out of memory (exit code 134).',
      advice: 'Reduce --batch-size (now 4) or --num-layers (now 8), or add --grad-checkpoint.',
    });
    expect(failure.lastLines.at(-1)).toContain('kIOGPUCommandBufferCallbackErrorOutOfMemory');
    expect(failure.lastLines).toContain('Loading pretrained model');
    expect(reports.some((report) => report.kind === 'train' && report.iteration === 10)).toBe(true);
  });

  it('out of memory with batch size 1 and gradient checkpointing already on: other advice', async () => {
    const { run } = await startRun({
      env: { FAKE_LORA_FAIL: 'oom' },
      args: trainingArgs({ batchSize: 1, numLayers: -1, extraArgs: ['--grad-checkpoint'] }),
    });
    expect(failureOf(await run.done).advice).toBe(
      'Reduce --num-layers (now all layers), or lower --max-seq-length.',
    );
  });

  it('a Python traceback and exit code 1: exited, with the exception in the message', async () => {
    const { run } = await startRun({ env: { FAKE_LORA_FAIL: 'exit' } });
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'exited',
      code: 1,
      signal: null,
      message: 'Training stopped with exit code 1: RuntimeError: [fake] the training step failed',
    });
    expect(failure.advice).toBeUndefined();
    expect(failure.lastLines).toContain('Traceback (most recent call last):');
  });

  it('an export folder without train.jsonl: exited, with advice about the folder', async () => {
    await rm(join(data, 'train.jsonl'));
    const { run, reports } = await startRun();
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'exited',
      code: 1,
      message:
        'Training stopped with exit code 1: ValueError: Training set not found or empty. Must provide training set for fine-tuning.',
      advice:
        'Choose an export folder that holds a train.jsonl with at least one example (and a valid.jsonl).',
    });
    expect(reports).toEqual([]);
  });

  it('more LoRA layers than the model has: exited, with the largest number that works', async () => {
    const { run } = await startRun({ args: trainingArgs({ numLayers: 40 }) });
    expect(failureOf(await run.done)).toMatchObject({
      kind: 'exited',
      advice: 'Set --num-layers to 28 or fewer, or -1 for all layers.',
    });
  });

  it('exit 0 without adapters.safetensors: no_adapter', async () => {
    const { run, reports } = await startRun({ env: { FAKE_LORA_FAIL: 'no-adapter' } });
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'no_adapter',
      code: 0,
      message: `Training finished without writing adapters.safetensors into ${out}.`,
    });
    expect(reports.some((report) => report.kind === 'train' && report.iteration === 30)).toBe(true);
  });

  it('an adapter left from an earlier run does not count as written by this one', async () => {
    await mkdir(out);
    for (const name of ['adapters.safetensors', 'adapter_config.json']) {
      await writeFile(join(out, name), 'old');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(join(out, name), anHourAgo, anHourAgo);
    }
    const { run } = await startRun({ env: { FAKE_LORA_FAIL: 'no-adapter' } });
    expect(failureOf(await run.done)).toMatchObject({ kind: 'no_adapter' });
  });
});

describe('cancelling', () => {
  it('mid-run: SIGTERM ends it as cancelled and leaves no process of its group', async () => {
    const { run, nextReport } = await startRun({ env: { FAKE_LORA_FAIL: 'hang' } });
    await nextReport((report) => report.kind === 'train');
    const pid = run.pid!;
    expect(groupAlive(pid)).toBe(true);
    await run.cancel();
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'cancelled',
      message: 'Training was cancelled.',
      signal: 'SIGTERM',
    });
    expect(isAlive(pid)).toBe(false);
    await groupGone(pid);
  });

  it('escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const { run, nextReport, lines } = await startRun({
      env: { FAKE_LORA_FAIL: 'hang', FAKE_LORA_IGNORE_TERM: '1' },
      graceMs: 500,
    });
    await nextReport((report) => report.kind === 'train');
    const pid = run.pid!;
    const started = Date.now();
    await run.cancel();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({ kind: 'cancelled', signal: 'SIGKILL' });
    expect(lines.some((line) => line.stream === 'stderr' && line.text === 'SIGTERM ignored')).toBe(true);
    await groupGone(pid);
  });

  it('after the run has ended changes nothing', async () => {
    const { run } = await startRun({ args: trainingArgs({ iters: 5 }) });
    const outcome = await run.done;
    await run.cancel();
    expect(outcome.ok).toBe(true);
    expect(await run.done).toBe(outcome);
  });

  it('leaves no trainer running when the process that started it is SIGKILLed', async () => {
    const parentScript = join(dir, 'parent.cjs');
    await build({
      stdin: {
        contents: `
          import { startTraining } from './src/core/training';
          startTraining({
            command: ${JSON.stringify(fakeLoraPath)},
            args: ${JSON.stringify(trainingArgs())},
            env: { FAKE_LORA_FAIL: 'hang' },
            onReport: (report) => { if (report.kind === 'train') console.log('TRAINING ' + run.pid); },
          }).then((started) => { run = started; });
          let run = { pid: 0 };
          setInterval(() => {}, 1000);
        `,
        resolveDir: resolve(__dirname, '../../..'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: parentScript,
      logLevel: 'error',
    });
    const parent: ChildProcess = spawn(process.execPath, [parentScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const parentExited = new Promise((done) => parent.once('exit', done));
    cleanups.push(async () => {
      if (parent.exitCode === null && parent.signalCode === null) {
        parent.kill('SIGKILL');
        await parentExited;
      }
    });
    const trainerPid = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the parent never reported training')), 15_000);
      createInterface({ input: parent.stdout! }).on('line', (line) => {
        const match = /^TRAINING ([1-9]\d*)$/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        done(Number(match[1]));
      });
    });
    cleanups.push(() => {
      if (groupAlive(trainerPid)) process.kill(-trainerPid, 'SIGKILL');
    });
    expect(groupAlive(trainerPid)).toBe(true);
    parent.kill('SIGKILL');
    await parentExited;
    await groupGone(trainerPid, 10_000);
    expect(isAlive(trainerPid)).toBe(false);
  });
});

describe('a trainer that is not installed', () => {
  it('a command not on PATH: not_installed, saying how to install mlx-lm, and nothing started', async () => {
    const run = await startTraining({
      command: 'mlx_lm.lora-not-installed',
      args: trainingArgs(),
      env: { PATH: dir },
    });
    expect(run.pid).toBeUndefined();
    expect(failureOf(await run.done)).toEqual({
      kind: 'not_installed',
      message: 'The training command "mlx_lm.lora-not-installed" was not found on PATH.',
      advice:
        'Install it with `pip install mlx-lm` (macOS on Apple Silicon), or set `llamune.training.command` to the trainer to run.',
      lastLines: [],
      code: null,
      signal: null,
    });
    await run.cancel();
  });

  it('a path that does not exist, and a file that is not executable', async () => {
    const missing = await startTraining({ command: join(dir, 'nope', 'mlx_lm.lora'), args: trainingArgs() });
    expect(failureOf(await missing.done)).toMatchObject({
      kind: 'not_installed',
      message: `The training command "${join(dir, 'nope', 'mlx_lm.lora')}" was not found.`,
    });
    const plain = join(dir, 'trainer.sh');
    await writeFile(plain, '#!/bin/sh\n');
    const notExecutable = await startTraining({ command: plain, args: trainingArgs() });
    expect(failureOf(await notExecutable.done)).toMatchObject({
      kind: 'not_installed',
      message: `The training command ${plain} is not executable.`,
      advice: 'Make it executable (chmod +x), or set `llamune.training.command` to the right program.',
    });
  });

  it('python3 without the mlx_lm module: not_installed', async () => {
    const python = join(dir, 'python3');
    await writeFile(python, `#!/bin/sh\necho "/usr/bin/python3: No module named mlx_lm" >&2\nexit 1\n`, {
      mode: 0o755,
    });
    const run = await startTraining({ args: trainingArgs(), env: { PATH: dir } });
    const failure = failureOf(await run.done);
    expect(failure).toMatchObject({
      kind: 'not_installed',
      code: 1,
      message: `Python could not find the mlx_lm module (training command "${python}").`,
    });
    expect(failure.lastLines).toEqual(['/usr/bin/python3: No module named mlx_lm']);
  });

  it('a working folder that does not exist: nothing starts, and the message says why', async () => {
    const gone = join(dir, 'gone');
    const run = await startTraining({ command: fakeLoraPath, args: trainingArgs(), cwd: gone });
    expect(run.pid).toBeUndefined();
    expect(failureOf(await run.done)).toMatchObject({
      kind: 'exited',
      message: `The training command "${fakeLoraPath}" could not be started: its working folder ${gone} does not exist`,
      code: null,
    });
  });

  it('bad arguments are refused before anything starts', async () => {
    await expect(startTraining({ command: fakeLoraPath, args: trainingArgs({ iters: 0 }) })).rejects.toThrow(
      'iters: Iterations (--iters) must be a whole number of at least 1.',
    );
  });
});
