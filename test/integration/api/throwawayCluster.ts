// A throwaway PostgreSQL cluster (scripts/postgres-cluster.sh) that a test can stop and start again.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(process.cwd(), 'scripts', 'postgres-cluster.sh');

export interface ThrowawayCluster {
  url: string;
  /** Its folder: the cluster is in data/ (pg_hba.conf there), its log in log. */
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'llamune-pg-'));
  const port = await freePort();
  const { stdout } = await run('bash', [script, 'start', String(port), dir], { timeout: 120_000 });
  const bin = readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .at(-1)!;
  const asPostgres = (args: string[]) =>
    process.getuid?.() === 0
      ? run('runuser', ['-u', 'postgres', '--', ...args])
      : run(args[0]!, args.slice(1));
  return {
    url: stdout.trim(),
    dir,
    stop: async () => {
      await asPostgres([`${bin}/pg_ctl`, '-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
    },
    start: async () => {
      await asPostgres([
        `${bin}/pg_ctl`,
        '-D',
        `${dir}/data`,
        '-l',
        `${dir}/log`,
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    destroy: async () => {
      await run('bash', [script, 'stop', dir]);
    },
  };
}
