// Child processes that are always stopped: each runs in its own process group (so that its own
// children — code-server's extension host, pty host, file watcher — go with it), and every group
// still alive when this process exits is killed.
import { spawn } from 'node:child_process';

/** @type {Set<number>} */
const liveGroups = new Set();
const killAll = () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
};
process.on('exit', killAll);
// Interrupted (Ctrl+C, a test runner stopping its worker): kill the groups, then die of the same signal.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts a command; its output is kept in `output` and passed, line by line, to `onLine`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, onLine?: (line: string) => void }} [options]
 */
export function startProcess(command, args, { cwd, env, onLine } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${command}`);
  liveGroups.add(pid);
  /** @type {string[]} */
  const output = [];
  /** @type {Set<(line: string) => void>} */
  const listeners = new Set(onLine ? [onLine] : []);
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        for (const listener of listeners) listener(line);
      }
    });
  }
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.on('error', () => resolve(null));
  });

  return {
    pid,
    output,
    exited,
    /**
     * Resolves with the first match of `pattern` on a line of output; rejects when the process
     * exits first or after `timeoutMs`.
     * @param {RegExp} pattern
     * @param {number} [timeoutMs]
     * @returns {Promise<RegExpMatchArray>}
     */
    waitForLine(pattern, timeoutMs = 60_000) {
      for (const line of output) {
        const match = line.match(pattern);
        if (match) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line) => {
          const match = line.match(pattern);
          if (match) {
            done();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${command}: no line matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
        exited.then((code) => {
          done();
          reject(
            new Error(
              `${command} exited (${code}) before printing ${pattern}:\n${output.slice(-20).join('\n')}`,
            ),
          );
        });
      });
    },
    /** SIGTERM to the whole group, SIGKILL if it has not exited within `graceMs`. */
    async stop(graceMs = 5_000) {
      if (!liveGroups.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Children that ignore SIGTERM outlive their parent; the group is gone only once they are.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    },
  };
}
