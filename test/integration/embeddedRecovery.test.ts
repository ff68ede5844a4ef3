// The embedded server when things go wrong: killed under an open database, a stale state file, a folder
// held by a process that does not answer, and the idle exit once nobody is connected.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectEmbedded } from '../../src/core/db/embedded/client';
import { isProcessAlive, LOG_FILE, readState, statePath } from '../../src/core/db/embedded/stateFile';
import { openDatabase } from '../../src/core/db/open';
import { embeddedServerPids, stopEmbeddedServers, waitUntil } from '../support/processes';

const serverScript = resolve('dist/pglite-server.mjs');
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'llamune-embedded-'));
  dataDir = join(root, 'pglite');
  // A migrated folder from the run's template: seconds, where creating one takes PGlite ~5–60 s.
  const template = new Blob([await readFile(inject('pgliteTemplate'))]);
  await (await PGlite.create(dataDir, { loadDataDir: template })).close();
});

afterEach(async () => {
  await stopEmbeddedServers(dataDir);
});

afterAll(async () => {
  await import('node:fs/promises').catch(() => {});
  await rm(root, { recursive: true, force: true });
});

async function runningServer(): Promise<{ pid: number; port: number }> {
  const state = await readState(dataDir);
  if (state === undefined || state === 'corrupt' || state.port === undefined) throw new Error('no server');
  return { pid: state.pid, port: state.port };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

async function unusedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('embedded database recovery', () => {
  it('a query whose server was killed fails clearly, and the next open starts a new server with the data kept', async () => {
    const first = await openDatabase({ kind: 'embedded', dataDir, serverScript });
    await first.db.insertInto('poc').values({ name: 'before the kill', domain: 'legal' }).execute();
    const killed = await runningServer();
    process.kill(killed.pid, 'SIGKILL');
    await waitUntil('the killed server is gone', () => !isProcessAlive(killed.pid));

    const failure = first.db.selectFrom('poc').selectAll().execute();
    await expect(failure).rejects.toMatchObject({ kind: 'unavailable', code: 'embedded_server_lost' });
    await expect(failure).rejects.toThrow(`pid ${killed.pid}`);
    await first.close();
    expect(await readState(dataDir)).toMatchObject({ pid: killed.pid }); // left behind by the kill

    const second = await openDatabase({ kind: 'embedded', dataDir, serverScript });
    try {
      const rows = await second.db.selectFrom('poc').select('name').execute();
      expect(rows).toEqual([{ name: 'before the kill' }]);
      expect((await runningServer()).pid).not.toBe(killed.pid);
    } finally {
      await second.close();
    }
  });

  it('two processes finding a dead server’s state file at once take it over with one new server', async () => {
    const dead = await deadPid();
    const stale = {
      pid: dead,
      status: 'ready',
      port: await unusedPort(),
      startedAt: new Date().toISOString(),
    };
    await writeFile(statePath(dataDir), JSON.stringify(stale));

    const leases = await Promise.all([
      connectEmbedded({ dataDir, serverScript }),
      connectEmbedded({ dataDir, serverScript }),
    ]);
    try {
      const [a, b] = leases.map((lease) => lease.server.pid);
      expect(a).toBe(b);
      expect(a).not.toBe(dead);
      expect(embeddedServerPids(dataDir)).toEqual([a]);
      expect(await readState(dataDir)).toMatchObject({ pid: a, status: 'ready' });
    } finally {
      await Promise.all(leases.map((lease) => lease.release()));
    }
  });

  it('refuses a folder held by a live process that does not answer, naming the process and the way out', async () => {
    const holder = { pid: process.pid, status: 'ready', port: await unusedPort(), startedAt: 'x' };
    await writeFile(statePath(dataDir), JSON.stringify(holder));
    try {
      const attempt = connectEmbedded({ dataDir, serverScript });
      await expect(attempt).rejects.toMatchObject({ kind: 'unavailable', code: 'embedded_folder_held' });
      await expect(attempt).rejects.toThrow(`held by process ${process.pid}`);
      await expect(attempt).rejects.toThrow(`kill ${process.pid}`);
      expect(embeddedServerPids(dataDir)).toEqual([]);
    } finally {
      await rm(statePath(dataDir), { force: true });
    }
  });

  it('stays up while a lease is held, and exits once no client has been connected for the idle time', async () => {
    const idleTimeoutMs = 800;
    const lease = await connectEmbedded({ dataDir, serverScript, idleTimeoutMs });
    const { pid } = lease.server;
    // Deliberately let more than the idle time pass: the lease's connection must keep the server.
    await new Promise((r) => setTimeout(r, idleTimeoutMs * 3));
    expect(isProcessAlive(pid)).toBe(true);
    expect(await readState(dataDir)).toMatchObject({ pid, status: 'ready' });

    await lease.release();
    await waitUntil('the idle server exits', () => !isProcessAlive(pid));
    expect(existsSync(statePath(dataDir))).toBe(false);
    expect(readFileSync(join(dataDir, LOG_FILE), 'utf8')).toContain(
      `[${pid}] stopping: no client for ${idleTimeoutMs} ms`,
    );
  });

  it('reports why a server could not start, from its log', async () => {
    const elsewhere = join(root, 'unstartable');
    const attempt = connectEmbedded({ dataDir: elsewhere, serverScript: join(root, 'no-such-server.mjs') });
    await expect(attempt).rejects.toMatchObject({ kind: 'unavailable', code: 'embedded_start_failed' });
    await expect(attempt).rejects.toThrow(/failed to start \(exit code 1\)[\s\S]*Cannot find module/);
  });
});
