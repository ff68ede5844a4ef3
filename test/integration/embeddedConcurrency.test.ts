// PGlite behind its socket server runs one message at a time for every connection. The extended
// protocol sends a statement as several messages (Parse, Bind, Execute, Sync): another connection's
// messages must never come between them, or one connection's Bind finds another's statement
// ("portal "" does not exist", or silently the wrong query). src/core/db/embedded/statementQueue.ts.
import { once } from 'node:events';
import { connect } from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type InProcessPglite, startInMemoryPglite } from '../../src/core/db/memory';

let pglite: InProcessPglite;
let pool: pg.Pool;

beforeEach(async () => {
  pglite = await startInMemoryPglite();
  pool = new pg.Pool({
    host: '127.0.0.1',
    port: pglite.port,
    user: 'postgres',
    database: 'postgres',
    max: 10,
  });
});

afterEach(async () => {
  await pool.end();
  await pglite.stop();
});

/** What went wrong among settled outcomes that should all be `true`. */
const problems = (outcomes: PromiseSettledResult<boolean>[]) =>
  outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [`#${i}: ${String(o.reason)}`] : o.value ? [] : [`#${i}: wrong row`],
  );

it('keeps statements and transactions of 600 concurrent callers apart; rolled back ones leave nothing', async () => {
  await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
  const outcomes = await Promise.allSettled(
    Array.from({ length: 600 }, async (_, i) => {
      if (i % 3 !== 0) {
        const { rows } = await pool.query('SELECT $1::int AS v, $2::text AS w', [i, `w${i}`]);
        return rows[0].v === i && rows[0].w === `w${i}`;
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO t VALUES ($1, $2)', [i, `v${i}`]);
        const { rows } = await client.query('SELECT v FROM t WHERE id = $1', [i]);
        await client.query(i % 2 === 0 ? 'COMMIT' : 'ROLLBACK');
        return rows[0]?.v === `v${i}`;
      } finally {
        client.release();
      }
    }),
  );
  expect(problems(outcomes)).toEqual([]);
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM t ORDER BY id');
  expect(rows.map((r) => r.id)).toEqual(
    Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 0),
  );
});

/** A raw protocol connection: startup, then whatever messages the test sends. */
async function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  const readyCount = () => [...received].filter((b, i) => b === 0x5a && received[i + 4] === 5).length;
  const waitReady = async (n: number) => {
    while (readyCount() < n) await once(socket, 'data');
  };
  socket.write(Buffer.concat([startup, params]));
  await waitReady(1);
  const message = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0);
    head.writeInt32BE(4 + body.length, 1);
    return Buffer.concat([head, body]);
  };
  return { socket, message, waitReady };
}

it('frees the database when a connection goes away mid-statement or mid-transaction', async () => {
  await pool.query('CREATE TABLE t (id int PRIMARY KEY)');
  // Parse and Bind, then gone before its Sync: the others are not left waiting for it.
  const midStatement = await rawConnection(pglite.port);
  midStatement.socket.write(
    Buffer.concat([
      midStatement.message('P', Buffer.from('\0INSERT INTO t VALUES (1)\0\0\0')),
      midStatement.message('B', Buffer.from('\0\0\0\0\0\0\0\0')),
    ]),
  );
  midStatement.socket.destroy();
  // BEGIN and an INSERT, then gone: rolled back, as a server's backend would.
  const midTransaction = await rawConnection(pglite.port);
  midTransaction.socket.write(midTransaction.message('Q', Buffer.from('BEGIN; INSERT INTO t VALUES (2);\0')));
  await midTransaction.waitReady(2);
  midTransaction.socket.destroy();

  const { rows } = await pool.query<{ id: number }>('SELECT id FROM t ORDER BY id');
  expect(rows).toEqual([]);
  await pool.query('INSERT INTO t VALUES ($1)', [3]);
  expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);
});
