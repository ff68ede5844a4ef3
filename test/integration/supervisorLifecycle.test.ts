// The MLX supervisor driving the mlx_lm.server stand-in as a real process group: start, loading,
// ready, wedged and restarted, crash and restart with backoff, give up, stop.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelServerError } from '../../src/core/llm/modelServerError';
import { backoffDelay, CrashHistory } from '../../src/core/supervisor/crashHistory';
import { createMlxSupervisor, type MlxSupervisor } from '../../src/core/supervisor/mlxSupervisor';
import type { MlxSupervisorOptions, OutputLine } from '../../src/core/supervisor/options';
import { fakeMlxPath } from '../fixtures/standIns';
import { isAlive, recordStates, waitForState } from './supervisorSupport';

let supervisor: MlxSupervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

function supervise(options: Partial<MlxSupervisorOptions> = {}) {
  const lines: OutputLine[] = [];
  supervisor = createMlxSupervisor({
    command: fakeMlxPath,
    backoff: { initialMs: 50, maxMs: 400 },
    stopGraceMs: 2_000,
    onLine: (line) => lines.push(line),
    ...options,
  });
  const states = recordStates(supervisor);
  return { supervisor, lines, states };
}

describe('MLX supervisor lifecycle', () => {
  it('starts the server with host, port, model and adapter, through starting and loading to ready', async () => {
    const { supervisor, lines, states } = supervise({
      model: 'mlx-community/Qwen3-4B',
      adapterPath: '/adapters/poc1-v2',
      env: { FAKE_MLX_LOAD_MS: '300' },
    });
    const baseUrl = await supervisor.ensureReady();
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(states.map((state) => state.name)).toEqual(['starting', 'starting', 'loading', 'ready']);
    const ready = supervisor.state;
    expect(ready).toMatchObject({ name: 'ready', adopted: false, model: 'mlx-community/Qwen3-4B' });
    expect(isAlive(ready.pid!)).toBe(true);
    expect(
      lines.some(
        (line) => line.stream === 'stderr' && /Starting httpd at 127\.0\.0\.1 on port \d+/.test(line.text),
      ),
    ).toBe(true);
    expect(
      lines.some((line) =>
        line.text.includes('Loading model mlx-community/Qwen3-4B with adapter /adapters/poc1-v2'),
      ),
    ).toBe(true);
    const answer = await (await supervisor.ask({ question: 'q' })).result;
    expect(answer.text).toBe(
      'Answer from model=mlx-community/Qwen3-4B adapters=/adapters/poc1-v2 roles=user to: q',
    );
  });

  it('stays loading until a one-token completion answers, although /health answers at once', async () => {
    const { supervisor, states } = supervise({ model: 'm', env: { FAKE_MLX_LOAD_MS: '1500' } });
    await waitForState(
      supervisor,
      'loading',
      10_000,
      () => true,
      () => supervisor.start(),
    );
    const health = await fetch(`${supervisor.state.baseUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(supervisor.state.name).toBe('loading');
    await supervisor.ensureReady();
    const loading = states.find((state) => state.name === 'loading')!;
    const ready = states.find((state) => state.name === 'ready')!;
    expect(states.indexOf(ready)).toBeGreaterThan(states.indexOf(loading));
  });

  it('fails when the server is not ready within the readiness timeout, and stops it', async () => {
    const { supervisor, states } = supervise({
      model: 'm',
      readinessTimeoutMs: 3_000,
      env: { FAKE_MLX_LOAD_MS: '60000' },
    });
    const failed = await waitForState(
      supervisor,
      'failed',
      15_000,
      () => true,
      () => supervisor.start(),
    );
    expect(failed.message).toMatch(/not ready within 3 s \(still loading\)/);
    await expect(supervisor.ensureReady()).rejects.toBeInstanceOf(ModelServerError);
    const pid = states.find((state) => state.pid !== undefined)!.pid!;
    await waitUntilDead(pid);
  });

  it('marks a server whose completions stall while /health answers as wedged, and restarts it', async () => {
    const { supervisor, states } = supervise({
      model: 'm',
      firstTokenTimeoutMs: 400,
      env: { FAKE_MLX_WEDGE_AFTER: '1' },
    });
    await supervisor.ensureReady();
    const firstPid = supervisor.state.pid!;
    const stream = await supervisor.ask({ question: 'q' });
    const error = await stream.result.catch((caught: unknown) => caught);
    expect((error as ModelServerError).reason).toBe('timeout');
    const wedged = await waitForState(supervisor, 'wedged');
    expect(wedged.message).toMatch(/answers \/health but produced no token/);
    await waitForState(supervisor, 'ready', 10_000, (state) => state.pid !== firstPid);
    expect(states.map((state) => state.name).slice(-5)).toEqual([
      'wedged',
      'starting',
      'starting',
      'loading',
      'ready',
    ]);
    await waitUntilDead(firstPid);
  });

  it('restarts after a crash with doubling backoff and keeps the last stderr lines', async () => {
    const { supervisor } = supervise({ model: 'm', env: { FAKE_MLX_CRASH_MID_STREAM: '1' } });
    await supervisor.ensureReady();
    const firstPid = supervisor.state.pid!;
    const stream = await supervisor.ask({ question: 'a longer question' });
    // The cut connection is reported as what it is: the server died while answering.
    const failure = (await stream.result.catch((caught: unknown) => caught)) as ModelServerError;
    expect(failure).toMatchObject({ reason: 'crashed', code: 'model_server_crashed' });
    expect(failure.message).toMatch(/stopped while answering \(exit code 134\) and is restarting/);
    const crashed = await waitForState(supervisor, 'crashed');
    expect(crashed.message).toMatch(/exit code 134/);
    expect(crashed.restartInMs).toBe(50);
    expect(crashed.lastStderr.join('\n')).toMatch(/Insufficient Memory/);
    const second = await waitForState(supervisor, 'ready', 10_000, (state) => state.pid !== firstPid);
    process.kill(second.pid!, 'SIGKILL');
    const crashedAgain = await waitForState(
      supervisor,
      'crashed',
      10_000,
      (state) => state.restartInMs === 100,
    );
    expect(crashedAgain.message).toMatch(/signal SIGKILL/);
    expect(crashedAgain.crashes).toBe(2);
    await waitForState(supervisor, 'ready', 10_000, (state) => state.pid !== second.pid);
  });

  it('reports a crash to whoever reads the answer as it streams, with the tokens read so far', async () => {
    const { supervisor } = supervise({ model: 'm', env: { FAKE_MLX_CRASH_MID_STREAM: '1' } });
    await supervisor.ensureReady();
    const stream = await supervisor.ask({ question: 'a longer question' });
    const pieces: string[] = [];
    const failure = await (async () => {
      for await (const piece of stream) pieces.push(piece);
    })().catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ reason: 'crashed' });
    expect(pieces.join('')).not.toBe('');
  });

  it('leaves a cut connection a cut connection when the server lives on (no crash to blame)', async () => {
    const { supervisor } = supervise({ model: 'm', env: { FAKE_MLX_MALFORMED_SSE: '1' } });
    await supervisor.ensureReady();
    const failure = await (await supervisor.ask({ question: 'q' })).result.catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ reason: 'bad_response' });
    expect(supervisor.state.name).toBe('ready');
  });

  it('gives up after the crash limit and stays failed with the last stderr lines in its message', async () => {
    const { supervisor } = supervise({ model: 'm', crashLimit: { count: 3, windowMs: 120_000 } });
    let pid = (
      await waitForState(
        supervisor,
        'ready',
        10_000,
        () => true,
        () => supervisor.start(),
      )
    ).pid!;
    for (let crash = 1; crash < 3; crash += 1) {
      process.kill(pid, 'SIGKILL');
      pid = (await waitForState(supervisor, 'ready', 10_000, (state) => state.pid !== pid)).pid!;
    }
    process.kill(pid, 'SIGKILL');
    const failed = await waitForState(supervisor, 'failed');
    expect(failed.message).toMatch(/failed 3 times within 120 s, so it stays stopped/);
    expect(failed.message).toMatch(/Last output:\n[\s\S]*Starting httpd/);
    await expect(supervisor.ensureReady()).rejects.toMatchObject({ reason: 'unreachable' });
    // start() after giving up tries again from a clean slate.
    await supervisor.start();
    expect(supervisor.state.name).toBe('ready');
  });

  it('stops with SIGTERM, and with SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const { supervisor } = supervise({ stopGraceMs: 400, env: { FAKE_MLX_IGNORE_SIGTERM: '1' } });
    const pid = (
      await waitForState(
        supervisor,
        'ready',
        10_000,
        () => true,
        () => supervisor.start(),
      )
    ).pid!;
    const started = performance.now();
    await supervisor.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(supervisor.state.name).toBe('stopped');
    expect(isAlive(pid)).toBe(false);

    const plain = supervise({ stopGraceMs: 5_000 });
    const plainPid = (
      await waitForState(
        plain.supervisor,
        'ready',
        10_000,
        () => true,
        () => plain.supervisor.start(),
      )
    ).pid!;
    const plainStarted = performance.now();
    await plain.supervisor.stop();
    expect(performance.now() - plainStarted).toBeLessThan(4_000);
    expect(isAlive(plainPid)).toBe(false);
  });

  it('rejects ensureReady when the caller cancels, without stopping the start', async () => {
    const { supervisor } = supervise({ model: 'm', env: { FAKE_MLX_LOAD_MS: '600' } });
    const controller = new AbortController();
    const waiting = supervisor.ensureReady(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ reason: 'cancelled' });
    await expect(supervisor.ensureReady()).resolves.toMatch(/^http:/);
  });
});

async function waitUntilDead(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still alive`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('restart policy', () => {
  it('backs off 1 s doubling to 30 s by default', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, { initialMs: 1_000, maxMs: 30_000 }));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('gives up at the fifth crash within two minutes, and forgets crashes older than the window', () => {
    const history = new CrashHistory({
      backoff: { initialMs: 1_000, maxMs: 30_000 },
      crashLimit: { count: 5, windowMs: 120_000 },
    });
    expect([0, 1_000, 3_000, 7_000].map((time) => history.record(time))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(history.record(119_000)).toBeNull();
    const spread = new CrashHistory({
      backoff: { initialMs: 1_000, maxMs: 30_000 },
      crashLimit: { count: 5, windowMs: 120_000 },
    });
    for (const time of [0, 40_000, 80_000, 120_000, 160_000, 200_000])
      expect(spread.record(time)).not.toBeNull();
  });
});
