// The product behind a real PgBouncer (Debian's 1.18), in transaction and in session mode, with no
// setting changed: the CLI, `serve` and the domain code work through it; prepared statements fall back
// by themselves where the pooler loses them (transaction mode: 1.18 has no protocol-level prepared
// statements) and stay prepared where it keeps them (session mode).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import { statementName } from '../../../src/core/db/preparedStatements';
import { countLogs, listLogs } from '../../../src/core/domain/logQueries';
import { evaluateLog, getLog, setLogStatus } from '../../../src/core/domain/logs';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedLog, seedSession } from '../../support/fixtures';
import { adminPostgresUrl } from '../../support/postgresUrl';
import { runCli } from '../../support/runCli';
import { adminQuery } from '../../support/testDatabase';
import { type ServeProcess, startServe } from '../api/serveProcess';
import { type PgBouncer, type PoolMode, startPgBouncer } from './pgBouncer';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(async () => {
  await standIn?.stop();
});

describe.each<PoolMode>(['transaction', 'session'])('through PgBouncer in %s mode', (poolMode) => {
  const name = `llamune_bouncer_${randomBytes(6).toString('hex')}`;
  let bouncer: PgBouncer;
  let url: string;
  const opened: DatabaseHandle[] = [];
  const open = async (poolSize = 10) => {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize });
    opened.push(handle);
    return handle;
  };

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    // A server on local time: what the product writes must still be UTC.
    await adminQuery(`ALTER DATABASE ${name} SET timezone = 'Asia/Tokyo'`);
    // The package's default pool size (20): in session mode each of the product's connections holds a
    // server connection for as long as it is open, so the pooler's pool must be as large as ours.
    bouncer = await startPgBouncer({ server: adminPostgresUrl(), poolMode });
    url = bouncer.url(name);
  }, 60_000);
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });
  afterAll(async () => {
    await bouncer?.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('refuses the TimeZone startup option the pool used to send; the product connects', async () => {
    const old = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await expect(old.connect()).rejects.toThrow(/unsupported startup parameter: options/);
    await old.end().catch(() => {});
    const handle = await open();
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
  });

  it('the CLI migrates, creates, lists and triages through it', async () => {
    const env = { DATABASE_URL: url };
    const migrate = await runCli(['migrate'], env);
    expect(migrate).toMatchObject({ code: 0 });
    const user = await runCli(['user', 'create', 'alice'], env);
    expect(user.code).toBe(0);
    const poc = await runCli(['poc', 'create', '--name', 'PoC', '--domain', '会計', '--json'], env);
    expect(poc.code, poc.stderr).toBe(0);
    const model = await runCli(['model', 'add', '--name', 'm', '--base-model', 'b', '--json'], env);
    expect(model.code, model.stderr).toBe(0);
    const list = await runCli(['logs', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    // Transaction mode: a command may meet a statement another connection prepared on its server, and
    // say once that it stopped preparing; session mode never loses one.
    for (const step of [migrate, user, poc, model, list]) {
      if (poolMode === 'session') expect(step.stderr).not.toMatch(/prepared statement/);
    }
  }, 60_000);

  it('several migrations at once through it run one after another and leave no lock held', async () => {
    const fresh = `llamune_bouncer_migrate_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${fresh}`);
    const handles = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: bouncer.url(fresh), poolSize: 4 })),
    );
    try {
      const applied = await Promise.all(handles.map((h) => migrateToLatest(h.db)));
      // Each migration ran once: one run applied them all, the others found nothing to do.
      expect(applied.map((names) => names.length).sort()).toEqual([0, 0, applied.flat().length]);
      // Again, twice at once, on a migrated database (what several serves starting together do).
      expect(await Promise.all(handles.map((h) => migrateToLatest(h.db)))).toEqual([[], [], []]);
      // No advisory lock is held on any of the pooler's server connections (they are still open): a lock
      // left there made the next serve's migration wait until its query deadline.
      const admin = new pg.Client({ connectionString: adminPostgresUrl() });
      await admin.connect();
      try {
        const count = async (text: string) => (await admin.query<{ n: number }>(text, [fresh])).rows[0]!.n;
        expect(
          await count(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                        WHERE l.locktype = 'advisory' AND d.datname = $1`),
        ).toBe(0);
        expect(
          await count('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1'),
        ).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await adminQuery(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`);
    }
  });

  it('the domain code: sessions, logs, ratings, a transaction, pages and counts', async () => {
    const { db } = await open();
    await migrateToLatest(db);
    const { session } = await seedSession(db);
    const logs = await Promise.all(Array.from({ length: 30 }, (_, i) => seedLog(db, session.id, `q${i}`)));
    await Promise.all(
      logs.map((log, i) =>
        evaluateLog(
          db,
          log.id,
          i % 2 ? { evaluation: 1 } : { evaluation: 3, reason: 'r', correct_answer: 'c' },
        ),
      ),
    );
    await setLogStatus(db, { ids: logs.slice(0, 10).map((l) => l.id), status: 2 });
    const page = await listLogs(db, { sessionId: session.id, limit: 20 });
    expect(page.items).toHaveLength(20);
    const counts = await countLogs(db, { sessionId: session.id }, 'evaluation');
    expect(Object.fromEntries(counts.map((c) => [String(c.key), c.count]))).toEqual({ '1': 15, '3': 15 });
  });

  it('`serve` answers chats, ratings and reads through it, with no setting changed', async () => {
    const { db } = await open();
    await migrateToLatest(db);
    const { apiKey, session } = await seedSession(db, { username: `serve-${poolMode}` });
    let serve: ServeProcess | undefined;
    try {
      serve = await startServe({
        DATABASE_URL: url,
        LLAMUNE_LLM_BASE_URL: standIn.baseUrl,
        LLAMUNE_LLM_PROVIDER: 'openai',
      });
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(serve!.url + path, {
          method,
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };
      const results = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const before = Date.now();
          const chat = await call('POST', '/chat', { session_id: session.id, question: `q${i}` });
          if (chat.status !== 201) return [chat.status];
          const skew = Date.parse(chat.body.timestamp) - before;
          if (skew < -1_000 || skew > 30_000) return ['timestamp not UTC now', chat.body.timestamp];
          const rate = await call('PUT', `/logs/${chat.body.log_id}`, { evaluation: 1 });
          const read = await call('GET', `/logs/${chat.body.log_id}`);
          return [chat.status, rate.status, read.status, read.body.evaluated_at ? 'rated' : 'unrated'];
        }),
      );
      expect(results.filter((r) => r.join() !== '201,200,200,rated')).toEqual([]);
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM conversation_logs WHERE session_id = ${session.id}`.execute(db);
      expect(rows).toEqual([{ n: 40 }]);
      expect(serve.stderr.filter((line) => / 5\d\d /.test(line))).toEqual([]);
    } finally {
      await serve?.stop();
    }
  }, 60_000);

  it(
    poolMode === 'transaction'
      ? 'a prepared statement lost to another server turns naming off once; the query still answers'
      : 'prepared statements stay on the session’s server and are reused',
    async () => {
      // A database of its own: server connections no other test has prepared anything on.
      const own = `${name}_own`;
      await adminQuery(`CREATE DATABASE ${own}`);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const handle = await openDatabase({ kind: 'postgres', url: bouncer.url(own), poolSize: 1 });
      opened.push(handle);
      const { db } = handle;
      await migrateToLatest(db);
      const { session } = await seedSession(db);
      const log = await seedLog(db, session.id);
      expect(warn).not.toHaveBeenCalled(); // one client, one server: nothing lost so far
      expect((await getLog(db, log.id)).id).toBe(log.id); // prepared on the server it ran on
      // Another client takes that server and keeps it (PgBouncer reuses the last released server).
      const holder = new pg.Client({ connectionString: bouncer.url(own) });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1');
        for (let i = 0; i < 3; i++) expect((await getLog(db, log.id)).id).toBe(log.id);
        const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(db);
        const getLogStatement = statementName('select * from "conversation_logs" where "id" = $1');
        if (poolMode === 'transaction') {
          expect(warn).toHaveBeenCalledTimes(1);
          expect(String(warn.mock.calls[0]?.[0])).toMatch(
            /prepared statement .* does not exist.*LLAMUNE_DB_PREPARED_STATEMENTS=off/,
          );
        } else {
          expect(warn).not.toHaveBeenCalled();
          expect(rows.map((r) => r.name)).toContain(getLogStatement);
        }
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
        await handle.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${own} WITH (FORCE)`);
      }
    },
  );

  it('with prepared statements turned off nothing is prepared and nothing is detected', async () => {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 4, preparedStatements: false });
    opened.push(handle);
    await migrateToLatest(handle.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { session } = await seedSession(handle.db);
    const logs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => seedLog(handle.db, session.id, `q${i}`)),
    );
    for (const log of logs) expect((await getLog(handle.db, log.id)).id).toBe(log.id);
    expect(warn).not.toHaveBeenCalled();
  });
});
