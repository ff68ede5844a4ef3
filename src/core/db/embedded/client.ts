// Connects to the embedded PGlite server for a data folder, starting it when nobody runs it yet.
// The server is a detached process shared by every window and CLI process (README "Embedded database").
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, type FSWatcher, fstatSync, openSync, watch } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import * as z from 'zod';
import { DomainError } from '../../errors';
import {
  EXIT_FOLDER_HELD,
  isProcessAlive,
  LOG_FILE,
  readState,
  type ServerState,
  STATE_FILE,
  statePath,
} from './stateFile';

export interface EmbeddedLease {
  connection: { host: string; port: number; user: string; database: string };
  server: { pid: number; port: number };
  /** Set once the lease's own connection broke: the server process is gone. */
  lostReason(): Error | undefined;
  release(): Promise<void>;
}

const optionsSchema = z.object({
  dataDir: z.string().min(1),
  serverScript: z.string().min(1),
  /** A server this call starts exits after this long with no client (0: never). */
  idleTimeoutMs: z.number().int().min(0).default(60_000),
  /** Creating a new folder takes PGlite ~5 s, far more on a busy machine. */
  startTimeoutMs: z.number().int().min(1).default(120_000),
  /** The Node executable; in VS Code that is the extension host's own (run with ELECTRON_RUN_AS_NODE). */
  nodePath: z.string().min(1).optional(),
});

export type ConnectEmbeddedOptions = z.input<typeof optionsSchema>;

const HOST = '127.0.0.1';
/** The state of a process that is not our child can only be re-checked; this is how often. */
const RECHECK_MS = 250;
const MAX_SPAWNS = 5;
const UNANSWERED_LIMIT = 3;

export async function connectEmbedded(input: ConnectEmbeddedOptions): Promise<EmbeddedLease> {
  const options = optionsSchema.parse(input);
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const deadline = Date.now() + options.startTimeoutMs;
  let child: ChildProcess | undefined;
  let spawns = 0;
  let unanswered = 0;

  while (Date.now() < deadline) {
    const state = await readState(dataDir);
    const live = state !== undefined && state !== 'corrupt' && isProcessAlive(state.pid) ? state : undefined;

    if (live?.status === 'ready' && live.port) {
      const attempt = await tryLease(live.pid, live.port);
      const again = await readState(dataDir);
      const stillReady =
        again !== undefined && again !== 'corrupt' && again.pid === live.pid && again.status === 'ready';
      if (attempt.lease && stillReady) return attempt.lease;
      // It began stopping as we connected, or was replaced: start over.
      if (attempt.lease || !stillReady) {
        await attempt.lease?.release();
        continue;
      }
      // A server that is stopping says so first; one that stays 'ready' and never answers is stuck.
      if (++unanswered >= UNANSWERED_LIMIT && isProcessAlive(live.pid)) {
        throw heldError(dataDir, live, attempt.error);
      }
      await waitForChange(dataDir, Math.min(RECHECK_MS, deadline - Date.now()), child);
      continue;
    }

    if (!live) {
      // No server, or a dead one's file: start one (it takes the stale file over).
      const exited = child && (child.exitCode !== null || child.signalCode !== null);
      // An exit code of its own (not a signal, not "someone else holds it") means it could not start.
      if (child?.exitCode && child.exitCode !== EXIT_FOLDER_HELD)
        throw await startFailedError(dataDir, child);
      if (!child || exited) {
        if (spawns++ >= MAX_SPAWNS) {
          throw new DomainError(
            'unavailable',
            `The embedded database server for ${dataDir} stopped ${MAX_SPAWNS} times while starting. ` +
              `See ${join(dataDir, LOG_FILE)}.`,
            'embedded_start_failed',
          );
        }
        child = spawnServer(options);
      }
    }
    // Starting, stopping, or just spawned: wait for the state file (or our child) to change.
    await waitForChange(dataDir, Math.min(RECHECK_MS, deadline - Date.now()), child);
  }
  const state = await readState(dataDir);
  const who = state && state !== 'corrupt' ? ` (process ${state.pid} is ${state.status})` : '';
  throw new DomainError(
    'unavailable',
    `The embedded database in ${dataDir} did not become ready within ${options.startTimeoutMs / 1000} s${who}. ` +
      `See ${join(dataDir, LOG_FILE)}.`,
    'embedded_start_timeout',
  );
}

type LeaseAttempt = { lease: EmbeddedLease; error?: undefined } | { lease?: undefined; error: Error };

/** Connects the lease's own connection: it proves the port speaks Postgres and keeps the server awake. */
async function tryLease(pid: number, port: number): Promise<LeaseAttempt> {
  const connection = { host: HOST, port, user: 'postgres', database: 'postgres' };
  const keeper = new pg.Client({
    ...connection,
    application_name: 'llamune-poc lease',
    connectionTimeoutMillis: 10_000,
  });
  let lost: Error | undefined;
  let released = false;
  keeper.on('error', (error) => {
    lost ??= error;
  });
  keeper.on('end', () => {
    if (!released) lost ??= new Error('the server closed the connection');
  });
  try {
    await keeper.connect();
    await keeper.query('SELECT 1');
  } catch (error) {
    await keeper.end().catch(() => {});
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  return {
    lease: {
      connection,
      server: { pid, port },
      lostReason: () => lost,
      async release() {
        if (released) return;
        released = true;
        await keeper.end().catch(() => {});
      },
    },
  };
}

const logOffsets = new WeakMap<ChildProcess, number>();

function spawnServer(options: z.output<typeof optionsSchema>): ChildProcess {
  const log = openSync(join(options.dataDir, LOG_FILE), 'a');
  const offset = fstatSync(log).size;
  try {
    const child = spawn(
      options.nodePath ?? process.execPath,
      [
        options.serverScript,
        '--data-dir',
        options.dataDir,
        '--idle-timeout-ms',
        String(options.idleTimeoutMs),
      ],
      {
        // Detached: it outlives the window or command that started it, other ones may be connected.
        detached: true,
        stdio: ['ignore', log, log],
        // NODE_OPTIONS may carry the starter's debugger flags (--inspect), which a server must not inherit.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '' },
        windowsHide: true,
      },
    );
    child.on('error', () => {}); // a missing executable shows as an exit with a code
    child.unref();
    logOffsets.set(child, offset);
    return child;
  } finally {
    closeSync(log);
  }
}

/** Resolves on the first sign of change: the state file, our child's exit, or the re-check interval. */
function waitForChange(dataDir: string, timeoutMs: number, child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const done = () => {
      watcher?.close();
      clearTimeout(timer);
      child?.off('exit', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    child?.once('exit', done);
    try {
      watcher = watch(dataDir, (_event, name) => {
        if (name === null || name === STATE_FILE) done();
      });
      watcher.on('error', done);
    } catch {
      // No watcher on this file system: the timer re-checks.
    }
  });
}

function heldError(dataDir: string, state: ServerState, cause: Error): DomainError {
  return new DomainError(
    'unavailable',
    `The embedded database in ${dataDir} is held by process ${state.pid}, which does not answer on ` +
      `${HOST}:${state.port} (${cause.message}). If process ${state.pid} is a stuck Llamune database ` +
      `server, stop it (kill ${state.pid}); if it is some other program, delete ${statePath(dataDir)}. ` +
      'Then try again.',
    'embedded_folder_held',
    { cause },
  );
}

async function startFailedError(dataDir: string, child: ChildProcess): Promise<DomainError> {
  const logFile = join(dataDir, LOG_FILE);
  // What this child wrote: the log from where it stood when the child was spawned.
  const text = await readFile(logFile).catch(() => Buffer.alloc(0));
  const output = text
    .subarray(logOffsets.get(child) ?? 0)
    .toString('utf8')
    .trimEnd();
  const excerpt = output.split('\n').slice(0, 12).join('\n');
  return new DomainError(
    'unavailable',
    `The embedded database server for ${dataDir} failed to start (exit code ${child.exitCode}). ` +
      `From ${logFile}:\n${excerpt}`,
    'embedded_start_failed',
  );
}
