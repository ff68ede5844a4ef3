// Spawning the server in its own process group so that stop reaches everything it started, and so
// that it cannot outlive us: a tiny sh watcher in the group holds a pipe from this process and, when
// the pipe closes (we exited or were SIGKILLed), terminates the group. The server itself is exec'd,
// so its pid, exit code and signals are its own, and nothing in it has to cooperate.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { OutputLine } from './options';

// fd 3 carries the pipe into the watcher: an asynchronous list's own stdin is /dev/null in sh.
const watcherScript = `exec 3<&0
( trap '' TERM INT HUP
  while read -r _ <&3; do :; done
  kill -TERM -$$ 2>/dev/null
  i=0
  while kill -0 $$ 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL -$$ 2>/dev/null
) </dev/null >/dev/null 2>&1 &
exec "$@" </dev/null 3<&-`;

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited and been reaped. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs: number): Promise<void>;
}

export function spawnInGroup(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; onLine: (line: OutputLine) => void },
): Promise<GroupProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', watcherScript, 'mlx-supervisor', command, ...args], {
      detached: true,
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.once('exit', (code, signal) => {
        // Closing the pipe lets the watcher see EOF and leave (the group is already gone).
        child.stdin?.destroy();
        done({ code, signal });
      });
    });
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) =>
          options.onLine({ stream: name, text }),
        );
    }
    // Writes never happen; an EPIPE on the pipe must not crash the host.
    child.stdin?.on('error', () => {});
    child.once('error', reject);
    child.once('spawn', () => {
      const pid = child.pid!;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-pid, signal);
        } catch {
          // The group is gone already.
        }
      };
      const stop = async (graceMs: number) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        // Anything the server left behind in its group goes too.
        signalGroup('SIGKILL');
      };
      resolve({ child, pid, exited, stop });
    });
  });
}
