// The harness's processes are always stopped: a server and every process it started, even one that
// ignores SIGTERM, and even when the test runner itself is interrupted.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../scripts/e2e/processes.mjs';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A parent that starts a child ignoring SIGTERM, prints the child's pid, and waits.
const parentScript = `
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
  console.log('child ' + child.pid);
  setInterval(() => {}, 1000);
`;

describe('startProcess', () => {
  it('stops the process and a child that ignores SIGTERM', async () => {
    const parent = startProcess(process.execPath, ['-e', parentScript]);
    const [, childPid] = await parent.waitForLine(/^child (\d+)$/, 10_000);
    expect(isAlive(Number(childPid))).toBe(true);
    await parent.stop(500);
    await expect.poll(() => isAlive(Number(childPid)), { timeout: 5_000 }).toBe(false);
    expect(isAlive(parent.pid)).toBe(false);
  });

  it('rejects a wait for a line when the process exits first, with its last output', async () => {
    const short = startProcess(process.execPath, ['-e', "console.log('bye')"]);
    await expect(short.waitForLine(/never printed/, 10_000)).rejects.toThrow(/exited \(0\).*\n.*bye/s);
    await short.stop();
  });

  it('kills what it started when the runner is interrupted (SIGTERM)', async () => {
    // A runner that starts a server through the harness, reports its pid, then is killed.
    const runner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { startProcess } from ${JSON.stringify(new URL('../../scripts/e2e/processes.mjs', import.meta.url).href)};
         const server = startProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
         console.log('server ' + server.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const serverPid = await new Promise<number>((resolve, reject) => {
      runner.stdout.setEncoding('utf8');
      runner.stdout.on('data', (chunk: string) => {
        const match = chunk.match(/server (\d+)/);
        if (match) resolve(Number(match[1]));
      });
      runner.on('exit', () => reject(new Error('the runner exited before starting its server')));
    });
    expect(isAlive(serverPid)).toBe(true);
    const exited = new Promise((resolve) => runner.on('exit', (_code, signal) => resolve(signal)));
    runner.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await expect.poll(() => isAlive(serverPid), { timeout: 5_000 }).toBe(false);
  });
});
