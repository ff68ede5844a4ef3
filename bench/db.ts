// `npm run bench:db`: seeds 1,000,000 logs into a fresh database on the real PostgreSQL (dropped after)
// and 50,000 into PGlite, then prints p50/p95 of the log queries the Logs tree and `GET /logs` run,
// with the plan's node names. BENCH_LOGS / BENCH_PGLITE_LOGS change the sizes; TEST_DATABASE_URL or
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { type Kysely, Migrator, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/core/db/migrate';
import { migrations } from '../src/core/db/migrationList';
import { openDatabase } from '../src/core/db/open';
import type { Database } from '../src/core/db/schema';
import {
  countLogs,
  countsFromSummary,
  type LogFilterInput,
  type LogGroupBy,
  listLogs,
  narrowToGroup,
} from '../src/core/domain/logQueries';
import { ProgressiveCounts } from '../src/extension/views/progressiveCounts';
import { adminPostgresUrl, postgresUrlFor } from '../test/support/postgresUrl';
import { type Measured, measure, planOf } from './measure';
import { seedLogs } from './seedLogs';

const TREE_GROUPINGS: LogGroupBy[] = ['session', 'model', 'evaluation', 'status', 'priority', 'user', 'day'];

async function run(label: string, db: Kysely<Database>, logs: number, runs: number): Promise<void> {
  // Seeded like an upgrade: the logs go in under the first schema, then the later migrations build
  // their indexes and summary tables over them in bulk (the way a real database gets them).
  const started = performance.now();
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const first = await migrator.migrateTo('0001_initial');
  if (first.error) throw first.error;
  await seedLogs(db, { pocs: 10, users: 50, sessions: 1000, logs });
  const inserted = performance.now();
  await migrateToLatest(db);
  const migrated = performance.now();
  // What autovacuum does soon after: statistics, and the visibility map that index-only scans rely on.
  await sql`VACUUM ANALYZE`.execute(db);
  const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  console.log(
    `\n## ${label}: ${logs.toLocaleString('en')} logs seeded in ${s(started, performance.now())} ` +
      `(insert ${s(started, inserted)}, later migrations' indexes and summaries ${s(inserted, migrated)}, ` +
      `vacuum ${s(migrated, performance.now())}; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)\n`,
  );
  if (process.env.BENCH_SEED_ONLY) return;

  const poc = 3;
  const rows: Measured[] = [];
  const add = async (name: string, fn: () => Promise<unknown>, explain?: () => Promise<string>) => {
    rows.push({ ...(await measure(name, fn, runs)), plan: explain ? await explain() : '' });
  };
  const explainList = (input: Parameters<typeof listLogs>[1]) => () =>
    planOf(db, () => listLogs(db, input).then(() => undefined));

  await add(
    'newest 50 of a PoC, evaluation 3',
    () => listLogs(db, { pocId: poc, evaluation: [3] }),
    explainList({ pocId: poc, evaluation: [3] }),
  );
  let cursor: string | undefined;
  for (let page = 1; page < 200; page++) {
    cursor = (await listLogs(db, { pocId: poc, cursor })).nextCursor ?? undefined;
  }
  await add(
    '200th page of a PoC (50/page, cursor)',
    () => listLogs(db, { pocId: poc, cursor }),
    explainList({ pocId: poc, cursor }),
  );
  await add(
    'newest 200 of a PoC, unrated',
    () => listLogs(db, { pocId: poc, rated: false, limit: 200 }),
    explainList({ pocId: poc, rated: false, limit: 200 }),
  );
  await add(
    'newest 200 of a PoC, status 3 + priority 1 (rare)',
    () => listLogs(db, { pocId: poc, status: [3], priority: [1], limit: 200 }),
    explainList({ pocId: poc, status: [3], priority: [1], limit: 200 }),
  );
  await add(
    'newest 50 of a PoC, text (common word)',
    () => listLogs(db, { pocId: poc, text: 'invoice' }),
    explainList({ pocId: poc, text: 'invoice' }),
  );
  const anyId = Number(
    (await sql<{ id: number }>`SELECT max(id) / 2 AS id FROM conversation_logs`.execute(db)).rows[0]?.id,
  );
  const byId = () =>
    db.selectFrom('conversation_logs').selectAll().where('id', '=', anyId).executeTakeFirst();
  await add('one log by id', byId, () => planOf(db, byId));
  await add(
    'count per PoC (whole table)',
    () => countLogs(db, {}, 'poc'),
    () => planOf(db, () => countLogs(db, {}, 'poc')),
  );
  for (const g of TREE_GROUPINGS) {
    await add(
      `count per ${g} of a PoC`,
      () => countLogs(db, { pocId: poc }, g),
      () => planOf(db, () => countLogs(db, { pocId: poc }, g)),
    );
  }
  await add('count per evaluation of a PoC, status 1 + rated', () =>
    countLogs(db, { pocId: poc, status: [1], rated: true }, 'evaluation'),
  );
  await add('count per PoC, text filter (no summary)', () => countLogs(db, { text: '#12345 ' }, 'poc'));
  await add('plain GROUP BY per PoC (no summary, compare)', () =>
    countLogs(db, {}, 'poc', { withoutSummary: true }),
  );
  printTable(rows);

  // What the Logs tree issues: root counts, then per grouping: expand the PoC (counts), expand each
  // group (first 200), "Load more…" (next 200 through the cursor). Every group of the grouping is a sample.
  const tree: Measured[] = [];
  tree.push(await measure('root: PoCs with counts', () => countLogs(db, {}, 'poc'), runs));
  for (const g of TREE_GROUPINGS) {
    const scope = { pocId: poc };
    tree.push(await measure(`expand PoC by ${g} (counts)`, () => countLogs(db, scope, g), runs));
    const groups = await countLogs(db, scope, g);
    const firstPages: number[] = [];
    const morePages: number[] = [];
    for (const group of groups.slice(0, 60)) {
      const filter = { ...narrowToGroup(scope, g, group.key), limit: 200 };
      let t = performance.now();
      const first = await listLogs(db, filter);
      firstPages.push(performance.now() - t);
      if (first.nextCursor) {
        t = performance.now();
        await listLogs(db, { ...filter, cursor: first.nextCursor });
        morePages.push(performance.now() - t);
      }
    }
    tree.push(summarise(`open a ${g} group: first 200 (${firstPages.length} groups)`, firstPages));
    if (morePages.length > 0)
      tree.push(summarise(`  "Load more…": next 200 (${morePages.length} groups)`, morePages));
  }
  // With a text filter the exact counts read the logs: the tree shows the groups at once (summaries,
  // without the text) and the counts when they arrive (ProgressiveCounts).
  const textFilter = { text: 'invoice' };
  const progressive = () =>
    new ProgressiveCounts({
      count: (filter, groupBy, signal) => countLogs(db, filter, groupBy, { signal }),
      summarized: countsFromSummary,
      onSettled: () => undefined,
    });
  // The reviewer moves on after each: the background count is cancelled on the server, and the next
  // sample starts once it is gone (waiting for that is not part of what the reviewer sees).
  const shownWhileCounting = async (name: string, filter: LogFilterInput, groupBy: LogGroupBy) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const counts = progressive();
      const moveOn = new AbortController();
      const t = performance.now();
      await counts.get('node', filter, groupBy, moveOn.signal);
      samples.push(performance.now() - t);
      moveOn.abort();
      await counts.idle();
    }
    tree.push(summarise(name, samples));
  };
  await shownWhileCounting('root, text filter: PoCs shown (counting…)', textFilter, 'poc');
  await shownWhileCounting(
    'expand PoC, text filter: groups shown (counting…)',
    { ...textFilter, pocId: poc },
    'evaluation',
  );
  tree.push(
    await measure(
      '  exact counts arrive (background)',
      () => countLogs(db, textFilter, 'poc'),
      Math.min(runs, 5),
    ),
  );
  tree.push(
    await measure(
      'open a group, text filter: first 200',
      () => listLogs(db, { ...textFilter, pocId: poc, evaluation: [3], limit: 200 }),
      runs,
    ),
  );
  console.log(`\n### ${label}: the Logs tree's queries (200 per page)\n`);
  printTable(tree);
}

function summarise(name: string, samples: number[]): Measured {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { name, p50: at(0.5), p95: at(0.95), plan: '' };
}

function printTable(rows: Measured[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'query'.padEnd(width)} |   p50 ms |   p95 ms | plan`);
  console.log(`|${'-'.repeat(width + 2)}|---------:|---------:|-----`);
  for (const r of rows) {
    console.log(
      `| ${r.name.padEnd(width)} | ${r.p50.toFixed(2).padStart(8)} | ${r.p95.toFixed(2).padStart(8)} | ${r.plan}`,
    );
  }
}

async function onPostgres(logs: number): Promise<void> {
  const name = `llamune_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminPostgresUrl() });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  // A throwaway database: room for the bulk index builds and the seeding sort.
  await admin(`ALTER DATABASE ${name} SET maintenance_work_mem = '512MB'`);
  await admin(`ALTER DATABASE ${name} SET work_mem = '64MB'`);
  const handle = await openDatabase({
    kind: 'postgres',
    url: postgresUrlFor(name),
    poolSize: 4,
    queryTimeoutMs: 0,
  });
  try {
    await run('PostgreSQL', handle.db, logs, 50);
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function onPglite(logs: number): Promise<void> {
  const handle = await openDatabase({ kind: 'memory', poolSize: 2 });
  try {
    await run('PGlite (in memory)', handle.db, logs, 20);
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== 'pglite') await onPostgres(Number(process.env.BENCH_LOGS ?? 1_000_000));
  if (only !== 'postgres') await onPglite(Number(process.env.BENCH_PGLITE_LOGS ?? 50_000));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
