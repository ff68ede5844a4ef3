// Helpers for tests that run real processes: run one to its end, watch its output lines, wait for a
// condition, find and stop the embedded database servers a test started.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isProcessAlive } from '../../src/core/db/embedded/stateFile';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface WatchedLines {
  /** Every line so far, in order. */
  lines: string[];
  /** Resolves with the first line matching, including lines already seen. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
}

/** The lines a child prints on `streams`, and a wait for one of them (seen or still to come). */
export function watchLines(streams: Readable[]): WatchedLines {
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  for (const stream of streams) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const watch of watchers) watch(line);
    });
  }
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.join('\n')}`));
      }, timeoutMs);
      const watch = (line: string) => {
        if (!pattern.test(line)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(line);
      };
      watchers.add(watch);
    });
  return { lines, waitFor };
}

/** Re-checks `condition` until it holds (for states of processes that are not our children). */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Embedded servers (not folder-creation helpers) serving `dataDir`, from /proc (Linux, where CI runs). */
export function embeddedServerPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('--data-dir');
    const isServer = args.some((arg) => arg.endsWith('pglite-server.mjs'));
    if (isServer && at >= 0 && args[at + 1] === dataDir && !args.includes('--create-only')) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** Stops every embedded server of `dataDir`: SIGTERM, then SIGKILL if it does not go. */
export async function stopEmbeddedServers(dataDir: string): Promise<void> {
  for (const pid of embeddedServerPids(dataDir)) {
    process.kill(pid, 'SIGTERM');
    await waitUntil(`server ${pid} exits`, () => !isProcessAlive(pid), 10_000).catch(() => {
      if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    });
  }
}
