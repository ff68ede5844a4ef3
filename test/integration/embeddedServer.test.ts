// The embedded database as real processes share it: CLI processes racing to start it on a fresh
// folder, another process connecting through the running server, a clean stop on SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE, readState, statePath } from '../../src/core/db/embedded/stateFile';
import { migrations } from '../../src/core/db/migrationList';
import { openDatabase } from '../../src/core/db/open';
import { embeddedServerPids, run, stopEmbeddedServers, waitUntil } from '../support/processes';

const cli = resolve('dist/cli.js');
const serverScript = resolve('dist/pglite-server.mjs');
const fixture = resolve('.cache/test/embeddedQuery.mjs');

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'llamune-embedded-'));
  dataDir = join(root, 'pglite');
  await esbuild.build({
    entryPoints: ['test/integration/fixtures/embeddedQuery.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: fixture,
    external: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
});

afterAll(async () => {
  await stopEmbeddedServers(dataDir);
  await rm(root, { recursive: true, force: true });
});

const readyServers = () => (readFileSync(join(dataDir, LOG_FILE), 'utf8').match(/\bready on /g) ?? []).length;

describe('embedded database shared by processes', () => {
  it('two migrate processes started at once on a fresh folder share one server and both succeed', async () => {
    const env = { ...process.env, DATABASE_URL: '', LLAMUNE_DATA_DIR: dataDir };
    const [first, second] = await Promise.all([
      run('node', [cli, 'migrate'], env),
      run('node', [cli, 'migrate'], env),
    ]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);

    expect(readyServers()).toBe(1);
    const state = await readState(dataDir);
    expect(state).toMatchObject({ status: 'ready' });
    expect(embeddedServerPids(dataDir)).toEqual([state !== 'corrupt' && state?.pid]);

    const applied = await run('node', [fixture, dataDir, serverScript, 'SELECT name FROM kysely_migration']);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual(Object.keys(migrations).map((name) => ({ name })));
  }, 180_000);

  it('another process connects through the running server and sees what this one wrote', async () => {
    const before = await readState(dataDir);
    const handle = await openDatabase({ kind: 'embedded', dataDir, serverScript });
    try {
      await handle.db.insertInto('poc').values({ name: 'shared', domain: 'accounting' }).execute();
      // Written here, read there while this process still holds its connections: one server serves both.
      const other = await run('node', [
        fixture,
        dataDir,
        serverScript,
        "SELECT name FROM poc WHERE name = 'shared'",
      ]);
      expect(other.stderr).toBe('');
      expect(JSON.parse(other.stdout)).toEqual([{ name: 'shared' }]);
    } finally {
      await handle.close();
    }
    expect(await readState(dataDir)).toEqual(before);
    expect(readyServers()).toBe(1);
  });

  it('stops on SIGTERM, flushing its data and removing its state file', async () => {
    const state = await readState(dataDir);
    if (state === undefined || state === 'corrupt') throw new Error('no server running');
    process.kill(state.pid, 'SIGTERM');
    await waitUntil('the server exits', () => embeddedServerPids(dataDir).length === 0);
    expect(existsSync(statePath(dataDir))).toBe(false);
    expect(readFileSync(join(dataDir, LOG_FILE), 'utf8')).toContain(`[${state.pid}] stopped`);

    const handle = await openDatabase({ kind: 'embedded', dataDir, serverScript });
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM poc`.execute(handle.db);
      expect(rows.rows).toEqual([{ name: 'shared' }]);
    } finally {
      await handle.close();
    }
  });
});
