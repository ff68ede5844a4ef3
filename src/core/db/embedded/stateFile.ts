// The state file in the PGlite folder: it is both the lock (one server per folder) and the address
// book (pid, port) that every window and CLI process reads. Written atomically (temp file + link/rename).
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

export const STATE_FILE = 'llamune-server.json';
export const LOG_FILE = 'llamune-server.log';
const TAKEOVER_FILE = 'llamune-server.takeover';

/** The server's exit code when another live server holds the folder (it lost a start race). */
export const EXIT_FOLDER_HELD = 3;

export const serverStateSchema = z.object({
  pid: z.number().int().positive(),
  /** starting: opening PGlite; ready: listening on `port`; stopping: closing, do not connect. */
  status: z.enum(['starting', 'ready', 'stopping']),
  port: z.number().int().min(1).max(65535).optional(),
  startedAt: z.string(),
});

export type ServerState = z.infer<typeof serverStateSchema>;

export const statePath = (dataDir: string) => join(dataDir, STATE_FILE);

/** undefined: no state file; 'corrupt': unreadable (a crash mid-write cannot cause it, but a person can). */
export async function readState(dataDir: string): Promise<ServerState | 'corrupt' | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = serverStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writeTemp(dataDir: string, content: unknown): Promise<string> {
  const temp = join(dataDir, `.${STATE_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(temp, `${JSON.stringify(content)}\n`, { flag: 'wx' });
  return temp;
}

/** Creates `name` with `content` only if it does not exist: link() is atomic and fails with EEXIST. */
async function createExclusive(dataDir: string, name: string, content: unknown): Promise<boolean> {
  const temp = await writeTemp(dataDir, content);
  try {
    await link(temp, join(dataDir, name));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Replaces the state file atomically (readers see the old or the new content, never a partial one). */
export async function writeState(dataDir: string, state: ServerState): Promise<void> {
  const temp = await writeTemp(dataDir, state);
  await rename(temp, statePath(dataDir));
}

export type AcquireResult = { acquired: true } | { acquired: false; holder: number | 'busy' };

/**
 * Takes the folder for this process. A live holder keeps it; a dead holder's file (crash, SIGKILL) is
 * taken over under a second exclusive file, so that two processes taking over at once cannot both win.
 */
export async function acquireState(dataDir: string, state: ServerState): Promise<AcquireResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(dataDir, STATE_FILE, state)) return { acquired: true };
    const current = await readState(dataDir);
    if (current === undefined) continue; // removed meanwhile: try again
    if (current !== 'corrupt' && isProcessAlive(current.pid)) return { acquired: false, holder: current.pid };
    const outcome = await takeOver(dataDir, current, state);
    if (outcome === 'won') return { acquired: true };
    if (outcome === 'busy') return { acquired: false, holder: 'busy' };
  }
  return { acquired: false, holder: 'busy' };
}

async function takeOver(
  dataDir: string,
  seen: ServerState | 'corrupt',
  state: ServerState,
): Promise<'won' | 'retry' | 'busy'> {
  const guard = join(dataDir, TAKEOVER_FILE);
  if (!(await createExclusive(dataDir, TAKEOVER_FILE, { pid: process.pid }))) {
    // Another process is taking over. Its guard only outlives it if it died within these few lines.
    const other = await readFile(guard, 'utf8').catch(() => '');
    const otherPid = Number(/"pid":(\d+)/.exec(other)?.[1]);
    if (otherPid && !isProcessAlive(otherPid)) {
      await unlink(guard).catch(() => {});
      return 'retry';
    }
    return 'busy';
  }
  try {
    const current = await readState(dataDir);
    // Gone or changed since we looked: someone else moved first; start over with an exclusive create.
    const unchanged =
      current === seen ||
      (current !== undefined && current !== 'corrupt' && seen !== 'corrupt' && current.pid === seen.pid);
    if (!unchanged) return 'retry';
    await writeState(dataDir, state);
    return 'won';
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** The same, synchronously: the server's state changes must land in the order it decides them. */
export function writeStateSync(dataDir: string, state: ServerState): void {
  const temp = join(dataDir, `.${STATE_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { flag: 'wx' });
  renameSync(temp, statePath(dataDir));
}

/** Removes the state file if it is still this process's (synchronous: also runs in an 'exit' handler). */
export function releaseStateSync(dataDir: string, pid: number): void {
  try {
    const current = serverStateSchema.safeParse(JSON.parse(readFileSync(statePath(dataDir), 'utf8')));
    if (current.success && current.data.pid === pid) unlinkSync(statePath(dataDir));
  } catch {
    // Already gone, or taken over: nothing of ours to remove.
  }
}
