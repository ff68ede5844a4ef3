// A real PgBouncer (Debian's package, scripts/install-pgbouncer.sh) in front of a test PostgreSQL, in
// transaction or session mode, on a free port, with its own config file in a temporary folder; it can
// be stopped and started again (the team's pooler restarted). It never runs as root: as root it is
// started with `-u postgres`, the folder given to that user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchLines } from '../../support/processes';
import { freePort } from '../api/throwawayCluster';

const binary = '/usr/sbin/pgbouncer';

export type PoolMode = 'transaction' | 'session';

export interface PgBouncer {
  port: number;
  poolMode: PoolMode;
  /** A connection string to `database` through the pooler. */
  url(database: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Its log so far (for a failing test's message). */
  log(): string;
  destroy(): Promise<void>;
}

/** Installs Debian's pgbouncer when missing; fails with what to do when it cannot. */
export function ensurePgBouncer(): void {
  if (existsSync(binary)) return;
  try {
    execFileSync('bash', [join(process.cwd(), 'scripts', 'install-pgbouncer.sh')], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `The team tests need PgBouncer (${binary}); scripts/install-pgbouncer.sh could not install it: ${(error as Error).message}`,
    );
  }
  if (!existsSync(binary)) throw new Error(`scripts/install-pgbouncer.sh ran but ${binary} is missing`);
}

export async function startPgBouncer(options: {
  /** The PostgreSQL behind it (a URL; its host and port are used). */
  server: string;
  poolMode: PoolMode;
  /** Server connections per database and user (default 20). */
  poolSize?: number;
}): Promise<PgBouncer> {
  ensurePgBouncer();
  const server = new URL(options.server);
  const dir = await mkdtemp(join(tmpdir(), 'llamune-pgbouncer-'));
  const port = await freePort();
  const config = join(dir, 'pgbouncer.ini');
  await writeFile(join(dir, 'userlist.txt'), '"postgres" ""\n');
  await writeFile(
    config,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `pool_mode = ${options.poolMode}`,
      `default_pool_size = ${options.poolSize ?? 20}`,
      'max_client_conn = 1000',
      // A server that refused a login is tried again after 1 s (default 15 s), so that recovery after
      // a database restart is quick; everything else is the package's default.
      'server_login_retry = 1',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log = () => {
    try {
      return readFileSync(join(dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const start = async () => {
    const args = root ? ['-u', 'postgres', config] : [config];
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    const { waitFor } = watchLines([started.stdout!, started.stderr!]);
    try {
      await Promise.race([
        waitFor(new RegExp(`listening on 127\\.0\\.0\\.1:${port}`), 10_000),
        exited.then(() => {
          throw new Error(`pgbouncer exited at start:\n${log()}`);
        }),
      ]);
    } catch (error) {
      await stop();
      throw error;
    }
  };
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // immediate shutdown: clients are cut off, as when the pooler restarts
      await exited;
    }
  };
  await start();
  return {
    port,
    poolMode: options.poolMode,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    log,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
