// Named statements on a real PostgreSQL: prepared once per connection and reused, a table that changes
// under a prepared `SELECT *` is prepared again, the per-connection cap holds, a pooler's symptoms
// (statements vanishing or clashing) turn naming off, and one-off statements (a cancellable query's
// tag) and the setting's "off" prepare nothing.
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executeCancellable } from '../../src/core/db/cancellable';
import { type DatabaseHandle, openDatabase } from '../../src/core/db/open';
import { createPool } from '../../src/core/db/pgPool';
import { statementName, withPreparedStatements } from '../../src/core/db/preparedStatements';
import { withQueryDeadline } from '../../src/core/db/queryDeadline';
import { postgresUrlFor } from '../support/postgresUrl';
import { adminQuery } from '../support/testDatabase';

// biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the product's schema
type AnyDb = Kysely<any>;

/** The statements this connection has prepared (with a pool of one, every query's connection). */
async function prepared(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`
    SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`.execute(db);
  return rows.map((r) => r.statement);
}

describe('prepared statements [postgres]', () => {
  const name = `llamune_test_${randomBytes(6).toString('hex')}`;
  const url = postgresUrlFor(name);
  const opened: DatabaseHandle[] = [];
  const open = async (options: { preparedStatements?: boolean; poolSize?: number } = {}) => {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 1, ...options });
    opened.push(handle);
    return handle.db as AnyDb;
  };

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  /** A one-connection pool that records when it decides a pooler is in the way. */
  const openWatched = () => {
    const detected: string[] = [];
    const pool = withPreparedStatements(createPool({ connectionString: url, max: 1 }), {
      onPoolerDetected: (error) => detected.push(error.message),
    });
    const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
    return { db, detected };
  };

  const createNotes = async (db: AnyDb) => {
    await sql`DROP TABLE IF EXISTS notes`.execute(db);
    await sql`CREATE TABLE notes (id int PRIMARY KEY, body text)`.execute(db);
    await sql`INSERT INTO notes VALUES (1, 'one'), (2, 'two')`.execute(db);
  };
  const note = (db: AnyDb, id: number) => db.selectFrom('notes').selectAll().where('id', '=', id).execute();

  it('prepares a repeated statement once per connection and runs it with new values', async () => {
    const db = await open();
    await createNotes(db);
    expect(await note(db, 1)).toEqual([{ id: 1, body: 'one' }]);
    expect(await note(db, 2)).toEqual([{ id: 2, body: 'two' }]);
    expect(await note(db, 3)).toEqual([]);
    const statements = await prepared(db);
    expect(statements.filter((s) => s === 'select * from "notes" where "id" = $1')).toHaveLength(1);
  });

  it('prepares again when the table under a prepared SELECT * gains a column', async () => {
    const db = await open();
    await createNotes(db);
    expect(await note(db, 1)).toEqual([{ id: 1, body: 'one' }]);
    // Another process migrates the table: PostgreSQL refuses the old plan ("cached plan must not
    // change result type"); the statement is deallocated and prepared anew, the caller sees rows.
    await sql`ALTER TABLE notes ADD COLUMN memo text DEFAULT 'new'`.execute(db);
    expect(await note(db, 1)).toEqual([{ id: 1, body: 'one', memo: 'new' }]);
    expect(await note(db, 2)).toEqual([{ id: 2, body: 'two', memo: 'new' }]);
  });

  it('names nothing inside a transaction, so a changed table cannot fail it; outside, the name is reused', async () => {
    const db = await open();
    await createNotes(db);
    await note(db, 1);
    await sql`ALTER TABLE notes ADD COLUMN memo text`.execute(db);
    expect(await db.transaction().execute((trx) => note(trx, 2))).toEqual([
      { id: 2, body: 'two', memo: null },
    ]);
    expect(await note(db, 1)).toEqual([{ id: 1, body: 'one', memo: null }]);
    const statements = await prepared(db);
    expect(statements.filter((s) => s.startsWith('select * from "notes"'))).toHaveLength(1);
  });

  it('names a statement by its text: the same in every process, so a pooler’s server never runs another', () => {
    const text = 'select * from "notes" where "id" = $1';
    expect(statementName(text)).toBe(statementName(`${text}`));
    expect(statementName(text)).toMatch(/^llamune_[0-9a-f]{16}$/);
    expect(statementName(text)).not.toBe(statementName('select * from "notes" where "id" = $2'));
  });

  it('prepares at most maxPerConnection statements; the others run unnamed and still answer', async () => {
    const db = await open();
    await createNotes(db);
    for (let n = 0; n < 205; n++) {
      const { rows } = await sql<{ n: number }>`SELECT ${sql.lit(n)}::int AS n FROM notes LIMIT 1`.execute(
        db,
      );
      expect(rows).toEqual([{ n }]);
    }
    expect((await prepared(db)).length).toBe(200);
  });

  it('does not prepare one-off statements (a cancellable query’s tag) or statements that cannot be', async () => {
    const db = await open();
    await createNotes(db);
    const signal = new AbortController().signal;
    await executeCancellable(db, db.selectFrom('notes').select('id').where('id', '=', 1), signal);
    await sql`SET application_name = 'llamune-test'`.execute(db);
    const statements = await prepared(db);
    expect(statements.some((s) => s.includes('llamune:cancellable'))).toBe(false);
    expect(statements.some((s) => /^set /i.test(s))).toBe(false);
  });

  it('behind a pooler (a statement vanished or already existed) turns naming off and answers anyway', async () => {
    const { db, detected } = openWatched();
    try {
      await createNotes(db);
      // Another "server" already holds the name the next statement gets (42P05 on Parse).
      await sql
        .raw(`PREPARE ${statementName('select * from "notes" where "id" = $1')} AS SELECT 2`)
        .execute(db);
      expect(await note(db, 1)).toEqual([{ id: 1, body: 'one' }]);
      expect(detected).toEqual([expect.stringMatching(/already exists/)]);
      // From then on nothing is prepared, and statements prepared before that vanish harmlessly.
      await sql`DEALLOCATE ALL`.execute(db);
      expect(await note(db, 2)).toEqual([{ id: 2, body: 'two' }]);
      expect(await note(db, 2)).toEqual([{ id: 2, body: 'two' }]);
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(db);
      expect(rows).toEqual([{ n: 0 }]);
      expect(detected).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it('a statement that vanished from the server (26000) runs again unnamed', async () => {
    const { db, detected } = openWatched();
    try {
      await createNotes(db);
      expect(await note(db, 1)).toEqual([{ id: 1, body: 'one' }]);
      await sql`DEALLOCATE ALL`.execute(db);
      expect(await note(db, 1)).toEqual([{ id: 1, body: 'one' }]);
      expect(detected).toEqual([expect.stringMatching(/does not exist/)]);
    } finally {
      await db.destroy();
    }
  });

  it('prepares nothing when turned off', async () => {
    const db = await open({ preparedStatements: false });
    await createNotes(db);
    await note(db, 1);
    await note(db, 2);
    expect(await prepared(db)).toEqual([]);
  });

  it('run(): one statement on its own, named and reused, and still answered behind a pooler', async () => {
    const detected: string[] = [];
    const pool = withPreparedStatements(createPool({ connectionString: url, max: 1 }), {
      onPoolerDetected: (error) => detected.push(error.message),
    });
    const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
    try {
      await createNotes(db);
      const text = 'SELECT body FROM notes WHERE id = $1';
      expect((await pool.run(text, [1])).rows).toEqual([{ body: 'one' }]);
      expect((await pool.run(text, [2])).rows).toEqual([{ body: 'two' }]);
      expect((await prepared(db)).filter((s) => s === text)).toHaveLength(1);
      // The statement vanishes from the server: run again unnamed, and naming is off from then on.
      await sql`DEALLOCATE ALL`.execute(db);
      expect((await pool.run(text, [1])).rows).toEqual([{ body: 'one' }]);
      expect(detected).toEqual([expect.stringMatching(/does not exist/)]);
    } finally {
      await db.destroy();
    }
  });

  it('run() under a deadline: past it, database_unavailable, and the connection is closed, not reused', async () => {
    const statements = withPreparedStatements(createPool({ connectionString: url, max: 1 }));
    const pool = withQueryDeadline(statements, 300);
    try {
      const pid = 'SELECT pg_backend_pid() AS pid';
      const [{ pid: first }] = (await pool.run!<{ pid: number }>(pid, [])).rows as [{ pid: number }];
      await expect(pool.run!('SELECT pg_sleep(60)', [])).rejects.toMatchObject({
        code: 'database_unavailable',
      });
      // The one connection was closed at the deadline (not after the sleep, past the test's time limit):
      // the next statement has a new server process.
      const [{ pid: next }] = (await pool.run!<{ pid: number }>(pid, [])).rows as [{ pid: number }];
      expect(next).not.toBe(first);
    } finally {
      await pool.end();
    }
  });
});
