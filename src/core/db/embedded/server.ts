// The embedded database server process (dist/pglite-server.mjs): PGlite on one folder behind
// pglite-socket on 127.0.0.1, shared by every window and CLI process (README "Embedded database").
// It exits when asked (SIGTERM/SIGINT) or when no client has been connected for --idle-timeout-ms.
import { mkdir, stat, truncate } from 'node:fs/promises';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import * as z from 'zod';
import { createFolder, isCreated } from './createFolder';
import { acquireState, EXIT_FOLDER_HELD, LOG_FILE, releaseStateSync, writeStateSync } from './stateFile';
import { useStatementQueue } from './statementQueue';

const argsSchema = z.object({
  dataDir: z.string().min(1, '--data-dir is required'),
  /** 0: never exit for idleness. */
  idleTimeoutMs: z.coerce.number().int().min(0),
  /** Internal: initialise a new folder and exit (see createFolder). */
  createOnly: z.boolean(),
});

/** pglite-socket's default is one connection; each pg pool connection needs its own. */
const MAX_CONNECTIONS = 1000;
const LOG_LIMIT_BYTES = 1024 * 1024;
const STOP_GRACE_MS = 5000;
const STARTUP_GRACE_MS = 10_000;

const log = (message: string) =>
  process.stderr.write(`${new Date().toISOString()} [${process.pid}] ${message}\n`);

function parseArguments() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'idle-timeout-ms': { type: 'string', default: '60000' },
      'create-only': { type: 'boolean', default: false },
    },
  });
  return argsSchema.parse({
    dataDir: values['data-dir'],
    idleTimeoutMs: values['idle-timeout-ms'],
    createOnly: values['create-only'],
  });
}

interface Running {
  db: PGlite;
  server: PGLiteSocketServer;
}

async function main(): Promise<void> {
  const { dataDir, idleTimeoutMs, createOnly } = parseArguments();
  if (createOnly) {
    const orphaned = () => process.exit(1); // the server that asked is gone
    process.on('disconnect', orphaned);
    await (await PGlite.create(dataDir)).close();
    process.off('disconnect', orphaned);
    process.disconnect?.();
    return;
  }
  await mkdir(dataDir, { recursive: true });
  const base = { pid: process.pid, startedAt: new Date().toISOString() };
  const acquired = await acquireState(dataDir, { ...base, status: 'starting' });
  if (!acquired.acquired) {
    log(`${dataDir} is already served by process ${acquired.holder}; leaving it to that one.`);
    process.exit(EXIT_FOLDER_HELD);
  }
  process.on('exit', () => releaseStateSync(dataDir, process.pid));
  await trimLog(dataDir);

  let running: Running | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      // At once, before anything yields: a client that connects from now on reads 'stopping' when it
      // re-checks, and waits for the file to go rather than keeping a connection that is about to close.
      writeStateSync(dataDir, { ...base, status: 'stopping' });
      log(`stopping: ${reason}`);
      await starting.catch(() => {});
      if (running) {
        await Promise.race([running.server.stop(), new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
        await running.db.close(); // flushes the data folder
      }
      log('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      log(
        `failed to stop cleanly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

  const starting = (async () => {
    const began = Date.now();
    if (!isCreated(dataDir)) await createFolder(dataDir, process.argv[1]!);
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: MAX_CONNECTIONS,
    });
    useStatementQueue(server, db);
    await server.start();
    running = { db, server };
    const net = (server as unknown as { server: Server }).server;
    const { port } = net.address() as AddressInfo;
    if (stopping) return;
    writeStateSync(dataDir, { ...base, status: 'ready', port });
    watchIdle(net, idleTimeoutMs, () => stop(`no client for ${idleTimeoutMs} ms`));
    log(`ready on 127.0.0.1:${port} (${Date.now() - began} ms) for ${dataDir}`);
  })();
  await starting;
}

/**
 * Calls `onIdle` once no socket has been open for `timeoutMs` (counted at the TCP level). The first
 * period is at least STARTUP_GRACE_MS: the process that started this server may be slow to connect.
 */
function watchIdle(net: Server, timeoutMs: number, onIdle: () => void): void {
  if (timeoutMs === 0) return;
  let open = 0;
  let timer: NodeJS.Timeout | undefined = setTimeout(onIdle, Math.max(timeoutMs, STARTUP_GRACE_MS));
  net.on('connection', (socket) => {
    open++;
    clearTimeout(timer);
    timer = undefined;
    socket.once('close', () => {
      open--;
      if (open === 0) timer = setTimeout(onIdle, timeoutMs);
    });
  });
}

/** The log is appended to by every start; keep it from growing without bound. */
async function trimLog(dataDir: string): Promise<void> {
  const file = join(dataDir, LOG_FILE);
  const info = await stat(file).catch(() => undefined);
  if (info && info.size > LOG_LIMIT_BYTES) await truncate(file, 0);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
