// `npm run bench:export`: seeds 1,000,000 logs into a throwaway database on the real PostgreSQL (dropped
// after), exports every rated one of them (all statuses, all PoCs) in a process of its own, and prints
// the time and peak RSS beside the floor — the same rows read in the same batches and written as JSON
// lines, measured in the same run (these machines swing 2× within minutes; the ratio is the figure).
// Targets: < 60 s and < 250 MB RSS at 1,000,000 logs. BENCH_LOGS changes the size. The export runs twice:
// as the CLI and the extension run it (in a worker thread whose heap is capped at EXPORT_HEAP_MB), and
// on the calling thread as Node starts it (V8 grows its heap lazily: RSS follows the garbage).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/core/db/migrate';
import { migrations } from '../src/core/db/migrationList';
import { openDatabase } from '../src/core/db/open';
import { EXPORT_HEAP_MB } from '../src/core/export/inWorker';
import { adminPostgresUrl, postgresUrlFor } from '../test/support/postgresUrl';
import { seedLogs } from './seedLogs';

interface Run {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  lines: number;
}

function measured(mode: 'export' | 'in-process' | 'floor', url: string, folder: string, pocs: string): Run {
  const script = join(__dirname, 'exportRun.mjs');
  const output = execFileSync(process.execPath, [script, mode, url, folder, pocs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Run;
}

async function main(): Promise<void> {
  // The export runs from the built core (dist/core.js), as the extension runs it.
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const logs = Number(process.env.BENCH_LOGS ?? 1_000_000);
  const name = `llamune_bench_export_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminPostgresUrl() });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  await admin(`ALTER DATABASE ${name} SET maintenance_work_mem = '512MB'`);
  const url = postgresUrlFor(name);
  const folders: string[] = [];
  try {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 2, queryTimeoutMs: 0 });
    try {
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
      const first = await migrator.migrateTo('0001_initial');
      if (first.error) throw first.error;
      const seeding = performance.now();
      await seedLogs(handle.db, { pocs: 10, users: 50, sessions: 1000, logs });
      await migrateToLatest(handle.db);
      await sql`VACUUM ANALYZE`.execute(handle.db);
      console.log(
        `Seeded ${logs.toLocaleString('en')} logs in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
      );
    } finally {
      await handle.close();
    }
    const pocs = Array.from({ length: 10 }, (_, i) => i + 1).join(',');
    const floorDir = await mkdtemp(join(tmpdir(), 'llamune-bench-floor-'));
    const exportDir = await mkdtemp(join(tmpdir(), 'llamune-bench-export-'));
    folders.push(floorDir, exportDir);
    const floor = measured('floor', url, floorDir, pocs);
    const run = measured('export', url, join(exportDir, 'out'), pocs);
    const inProcess = measured('in-process', url, join(exportDir, 'in-process'), pocs);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `floor (read + write JSON lines): ${floor.lines.toLocaleString('en')} rows in ${s(floor.ms)} (CPU ${s(floor.cpuMs)}), peak RSS ${floor.maxRssMb.toFixed(0)} MB`,
    );
    console.log(
      `export in its worker (heap ${EXPORT_HEAP_MB} MB; sft + dpo + csv + manifest, validated, recorded): ${run.lines.toLocaleString('en')} examples in ${s(run.ms)} (target < 60 s; CPU ${s(run.cpuMs)}), peak RSS ${run.maxRssMb.toFixed(0)} MB (target < 250 MB)`,
    );
    console.log(
      `the same export on the calling thread, heap as Node starts it: ${s(inProcess.ms)} (CPU ${s(inProcess.cpuMs)}), peak RSS ${inProcess.maxRssMb.toFixed(0)} MB`,
    );
    console.log(
      `export / floor: ${(run.ms / floor.ms).toFixed(2)}× (on the calling thread: ${(inProcess.ms / floor.ms).toFixed(2)}×); ` +
        `CPU: ${(run.cpuMs / floor.cpuMs).toFixed(2)}× (on the calling thread: ${(inProcess.cpuMs / floor.cpuMs).toFixed(2)}×)`,
    );
  } finally {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
