// How the MLX supervisor starts or refuses to: a command that is missing, not executable or exits at
// once; a healthy server already on the port (adopted); a port taken by something else; and no orphan
// when the process that supervises is SIGKILLed.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMlxSupervisor, type MlxSupervisor } from '../../src/core/supervisor/mlxSupervisor';
import type { MlxSupervisorOptions } from '../../src/core/supervisor/options';
import { fakeMlxPath, type StandIn, startStandIn } from '../fixtures/standIns';
import { isAlive, recordStates } from './supervisorSupport';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llamune-supervisor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function supervise(options: Partial<MlxSupervisorOptions>): MlxSupervisor {
  const supervisor = createMlxSupervisor({
    command: fakeMlxPath,
    backoff: { initialMs: 50, maxMs: 400 },
    ...options,
  });
  cleanups.push(() => supervisor.stop());
  return supervisor;
}

async function failedStart(options: Partial<MlxSupervisorOptions>) {
  const supervisor = supervise(options);
  const states = recordStates(supervisor);
  await supervisor.start();
  expect(supervisor.state.name).toBe('failed');
  return { supervisor, states, message: supervisor.state.message ?? '' };
}

describe('MLX supervisor start-up', () => {
  it('names the fix when the command is missing', async () => {
    const { message, states } = await failedStart({ command: join(dir, 'no-such-mlx_lm.server') });
    expect(message).toMatch(/no-such-mlx_lm\.server" was not found/);
    expect(message).toContain('pip install mlx-lm');
    expect(message).toMatch(/Ollama or another OpenAI-compatible server/);
    expect(states.map((state) => state.name)).toEqual(['starting', 'failed']);
  });

  it('looks a bare command up on PATH and names the fix when it is not there', async () => {
    const { message } = await failedStart({ command: 'mlx_lm.server', env: {}, cwd: dir });
    // PATH of the test runner has no mlx_lm.server.
    expect(message).toMatch(/"mlx_lm\.server" was not found on PATH/);
    expect(message).toContain('pip install mlx-lm');
  });

  it('falls back to python3 -m mlx_lm server when no command is set and mlx_lm.server is not on PATH', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const python = join(bin, 'python3');
    // A python3 that only accepts the module form, then runs the stand-in with the server's arguments.
    await writeFile(
      python,
      `#!/bin/sh\n[ "$1 $2 $3" = "-m mlx_lm server" ] || { echo "unexpected: $*" >&2; exit 9; }\nshift 3\nexec "${process.execPath}" "${fakeMlxPath}" "$@"\n`,
    );
    await chmod(python, 0o755);
    const supervisor = supervise({ command: undefined, model: 'm', env: { PATH: bin } });
    await supervisor.ensureReady();
    expect(supervisor.state).toMatchObject({ name: 'ready', model: 'm' });
  });

  it('names the fix when the command is not executable', async () => {
    const path = join(dir, 'mlx_lm.server');
    await writeFile(path, '#!/bin/sh\nexit 0\n');
    await chmod(path, 0o644);
    const { message } = await failedStart({ command: path });
    expect(message).toMatch(/is not executable/);
    expect(message).toMatch(/chmod \+x/);
  });

  it('fails at once, with its output and the fix, when the server exits at start', async () => {
    const { message, supervisor } = await failedStart({ env: { FAKE_MLX_EXIT_AT_START: '1' } });
    expect(message).toMatch(/exited at start \(exit code 1\)/);
    expect(message).toContain('pip install mlx-lm');
    expect(message).toMatch(/ImportError: libmlx\.so/);
    expect(supervisor.state.lastStderr.join('\n')).toMatch(/Traceback/);
    await expect(supervisor.ensureReady()).rejects.toMatchObject({
      reason: 'unreachable',
      code: 'model_server_unreachable',
    });
  });

  it('adopts a healthy server already on the configured port instead of starting a second one, and leaves it running on stop', async () => {
    const existing: StandIn = await startStandIn('mlx', { args: ['--model', 'm'] });
    cleanups.push(() => existing.stop());
    const lines: unknown[] = [];
    const supervisor = supervise({ port: existing.port, model: 'm', onLine: (line) => lines.push(line) });
    expect(await supervisor.ensureReady()).toBe(existing.baseUrl);
    expect(supervisor.state).toMatchObject({
      name: 'ready',
      adopted: true,
      port: existing.port,
      pid: undefined,
    });
    expect(lines).toEqual([]);
    const answer = await (await supervisor.ask({ question: 'q' })).result;
    expect(answer.text).toContain('model=m');
    await supervisor.stop();
    expect((await fetch(`${existing.baseUrl}/health`)).status).toBe(200);
  });

  it('refuses a configured port held by something that is not an MLX server', async () => {
    const sockets = new Set<Socket>();
    const blocker: Server = createServer((socket) => {
      sockets.add(socket);
      socket.end('not http\r\n');
    });
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    cleanups.push(
      () =>
        new Promise((done) => {
          for (const socket of sockets) socket.destroy();
          blocker.close(done);
        }),
    );
    const port = (blocker.address() as { port: number }).port;
    const { message } = await failedStart({ port });
    expect(message).toMatch(
      new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use by a program that is not an MLX server`),
    );
  });

  it('starts on the configured port when it is free', async () => {
    const probe: Server = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
    const supervisor = supervise({ port });
    expect(await supervisor.ensureReady()).toBe(`http://127.0.0.1:${port}`);
    expect(supervisor.state.adopted).toBe(false);
  });

  it('leaves no server running when the supervising process is SIGKILLed', async () => {
    const parentScript = join(dir, 'parent.cjs');
    await build({
      stdin: {
        contents: `
          import { createMlxSupervisor } from './src/core/supervisor/mlxSupervisor';
          const supervisor = createMlxSupervisor({ command: ${JSON.stringify(fakeMlxPath)}, model: 'm' });
          supervisor.ensureReady().then(() => console.log('READY ' + supervisor.state.pid));
          setInterval(() => {}, 1000);
        `,
        resolveDir: resolve(__dirname, '../..'),
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
    const serverPid = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the parent never reported READY')), 15_000);
      createInterface({ input: parent.stdout! }).on('line', (line) => {
        const match = /^READY (\d+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
    });
    cleanups.push(() => {
      if (isAlive(serverPid)) process.kill(-serverPid, 'SIGKILL');
    });
    expect(isAlive(serverPid)).toBe(true);
    parent.kill('SIGKILL');
    await parentExited;
    const deadline = Date.now() + 10_000;
    while (isAlive(serverPid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    expect(isAlive(serverPid)).toBe(false);
  });
});
