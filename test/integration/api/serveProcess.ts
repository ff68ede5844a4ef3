// Runs `llamune-poc serve` as a real process and waits for the line saying where it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { watchLines } from '../../support/processes';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startServe(
  env: Record<string, string | undefined>,
  args: string[] = [],
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(process.cwd(), 'dist', 'cli.js'), 'serve', '--port', '0', ...args],
    {
      env: { ...process.env, DATABASE_URL: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { lines: stderr, waitFor } = watchLines([child.stderr!]);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForStderr = (pattern: RegExp, timeoutMs = 20_000) => waitFor(pattern, timeoutMs);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not listen:\n${stderr.join('\n')}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^Listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening:\n${stderr.join('\n')}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url, child, stderr, exited, waitForStderr, stop };
}

/** Pids of live processes whose command line contains `marker` (and, if given, whose program's file name is `program`). */
export function processesWith(marker: string, program?: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      const matches =
        cmdline.includes(marker) && (!program || basename(cmdline.split('\0')[0] ?? '') === program);
      if (matches && state !== 'Z') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Starts several at once; when one fails, those that started are stopped before its error is thrown. */
export async function startServes(envs: Record<string, string | undefined>[]): Promise<ServeProcess[]> {
  const started = await Promise.allSettled(envs.map((env) => startServe(env)));
  const failed = started.find((result) => result.status === 'rejected');
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (!failed) return running;
  await Promise.all(running.map((serve) => serve.stop()));
  throw failed.reason;
}
