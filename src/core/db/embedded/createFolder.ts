// A new PGlite folder is created by a short-lived helper process in a temporary sub-folder, then moved
// into place (PG_VERSION last, so its presence means "complete"): a crash mid-creation leaves nothing
// half-made, and the long-lived server never carries creation's ~800 MB WASM heap (opening: ~300 MB).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from './stateFile';

const CREATING_PREFIX = '.creating-';

export const isCreated = (dataDir: string) => existsSync(join(dataDir, 'PG_VERSION'));

/** `script` is the server script; run with `--create-only`, it initialises a folder and exits. */
export async function createFolder(dataDir: string, script: string): Promise<void> {
  await removeAbandoned(dataDir);
  const temp = join(dataDir, `${CREATING_PREFIX}${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  // The IPC channel ends the helper if this process dies (see the server's --create-only).
  const child = spawn(process.execPath, [script, '--data-dir', temp, '--create-only'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  if (code !== 0) throw new Error(`creating the database folder failed (${signal ?? `exit code ${code}`})`);
  const entries = (await readdir(temp)).sort(
    (a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'),
  );
  for (const entry of entries) await rename(join(temp, entry), join(dataDir, entry));
  await rm(temp, { recursive: true, force: true });
}

/** Leftovers of helpers whose server died mid-creation. */
async function removeAbandoned(dataDir: string): Promise<void> {
  for (const entry of await readdir(dataDir)) {
    if (!entry.startsWith(CREATING_PREFIX)) continue;
    const pid = Number(entry.slice(CREATING_PREFIX.length));
    if (!isProcessAlive(pid)) await rm(join(dataDir, entry), { recursive: true, force: true });
  }
}
