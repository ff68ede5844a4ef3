// Times stay UTC whatever the session's TimeZone is: a database set to Asia/Tokyo, reached with no
// startup option (as through PgBouncer), gets the same UTC instants from the product's writes, from
// the design's DEFAULT NOW() columns and from another app's `SET col = now()`.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import { evaluateLog, getLog, setLogStatus } from '../../../src/core/domain/logs';
import { endSession, getSession } from '../../../src/core/domain/sessions';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedLog, seedSession } from '../../support/fixtures';
import { postgresUrlFor } from '../../support/postgresUrl';
import { adminQuery } from '../../support/testDatabase';
import { startTestApi, type TestApi } from '../api/apiHarness';

const name = `llamune_tokyo_${randomBytes(6).toString('hex')}`;
let handle: DatabaseHandle;
let standIn: StandIn;
let api: TestApi;
/** Another app's connection to the same database, in the database's own TimeZone (Tokyo). */
let other: pg.Client;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${name}`);
  await adminQuery(`ALTER DATABASE ${name} SET timezone = 'Asia/Tokyo'`);
  handle = await openDatabase({ kind: 'postgres', url: postgresUrlFor(name) });
  await migrateToLatest(handle.db);
  other = new pg.Client({ connectionString: postgresUrlFor(name) });
  await other.connect();
  standIn = await startStandIn('mlx');
  api = await startTestApi(handle.db, { baseUrl: standIn.baseUrl });
}, 60_000);
afterAll(async () => {
  await api?.close();
  await standIn?.stop();
  await other?.end();
  await handle?.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

/** A UTC instant close to now (the clock here and the server's are the same machine's). */
function expectNow(value: Date | null | undefined, before: number) {
  expect(value).toBeInstanceOf(Date);
  const t = (value as Date).getTime();
  expect(t).toBeGreaterThanOrEqual(before - 1_000);
  expect(t).toBeLessThanOrEqual(Date.now() + 1_000);
}

/** The stored wall-clock text of a TIMESTAMP, read as UTC. */
async function stored(table: string, column: string, id: number): Promise<Date> {
  const { rows } = await other.query(`SELECT "${column}"::text AS v FROM ${table} WHERE id = $1`, [id]);
  return new Date(`${String(rows[0].v).replace(' ', 'T')}Z`);
}

it('the product’s session is on Tokyo time: no TimeZone is sent at connect', async () => {
  const { rows } = await sql<{ TimeZone: string }>`SHOW TimeZone`.execute(handle.db);
  expect(rows[0]?.TimeZone).toBe('Asia/Tokyo');
});

it('writes from the domain code are UTC instants, read back the same', async () => {
  const before = Date.now();
  const { user, poc, model, session } = await seedSession(handle.db);
  const log = await seedLog(handle.db, session.id);
  const rated = await evaluateLog(handle.db, log.id, { evaluation: 2, reason: 'r', correct_answer: 'c' });
  const [marked] = await setLogStatus(handle.db, { ids: [log.id], status: 2 });
  const ended = await endSession(handle.db, session.id);

  for (const value of [user.created_at, poc.created_at, model.created_at, session.started_at, log.timestamp])
    expectNow(value, before);
  expectNow(rated.evaluated_at, before);
  expectNow(marked?.updated_at, before);
  expectNow(ended.ended_at, before);
  // The same instants as the stored wall-clock text, and as read again.
  expect(await stored('conversation_logs', 'timestamp', log.id)).toEqual(log.timestamp);
  expect(await stored('conversation_logs', 'evaluated_at', log.id)).toEqual(rated.evaluated_at);
  expect(await stored('sessions', 'ended_at', session.id)).toEqual(ended.ended_at);
  expect((await getLog(handle.db, log.id)).timestamp).toEqual(log.timestamp);
  expect((await getSession(handle.db, session.id)).started_at).toEqual(session.started_at);
  // The Logs tree's day summary counts the log on its UTC day.
  const { rows } = await sql<{ day: string }>`
    SELECT DISTINCT day::text AS day FROM conversation_log_counts_by_day WHERE poc_id = ${poc.id} AND n > 0`.execute(
    handle.db,
  );
  expect(rows.map((r) => r.day)).toEqual([log.timestamp.toISOString().slice(0, 10)]);
});

it('the REST API answers with the UTC instants it stored', async () => {
  const { apiKey, session } = await seedSession(handle.db);
  const before = Date.now();
  const chat = await api.call('POST', '/chat', {
    key: apiKey,
    body: { session_id: session.id, question: 'q' },
  });
  expect(chat.status).toBe(201);
  expectNow(new Date(chat.body.timestamp), before);
  expect(await stored('conversation_logs', 'timestamp', chat.body.log_id)).toEqual(
    new Date(chat.body.timestamp),
  );
  const rate = await api.call('PUT', `/logs/${chat.body.log_id}`, { key: apiKey, body: { evaluation: 1 } });
  expect(rate.status).toBe(200);
  expect(await stored('conversation_logs', 'updated_at', chat.body.log_id)).toEqual(
    new Date(rate.body.updated_at),
  );
});

it('another app in a Tokyo session: DEFAULT NOW() and SET col = now() store UTC; other values stay', async () => {
  const before = Date.now();
  const { rows: inserted } = await other.query(`
    WITH p AS (INSERT INTO poc (name, domain) VALUES ('Tokyo', '会計') RETURNING id),
         m AS (INSERT INTO models (model_name, trained_at) VALUES ('m', '2024-01-02 03:04:05') RETURNING id),
         u AS (INSERT INTO users (username, api_key) VALUES ('tokyo', repeat('a', 64)) RETURNING id)
    INSERT INTO sessions (user_id, poc_id, model_id) SELECT u.id, p.id, m.id FROM p, m, u
    RETURNING id, poc_id, model_id, user_id`);
  const session = inserted[0];
  const { rows: logs } = await other.query(
    `INSERT INTO conversation_logs (session_id, question, answer, evaluation) VALUES ($1, 'q', 'a', 1) RETURNING id`,
    [session.id],
  );
  const logId = logs[0].id;
  await other.query(`UPDATE conversation_logs SET memo = 'm', updated_at = now() WHERE id = $1`, [logId]);
  for (const [table, column, id] of [
    ['poc', 'created_at', session.poc_id],
    ['users', 'created_at', session.user_id],
    ['models', 'created_at', session.model_id],
    ['sessions', 'started_at', session.id],
    ['conversation_logs', 'timestamp', logId],
    ['conversation_logs', 'updated_at', logId],
  ] as const)
    expectNow(await stored(table, column, id), before);
  expect(await stored('models', 'trained_at', session.model_id)).toEqual(new Date('2024-01-02T03:04:05Z'));
  // An update that leaves a time as it was does not touch it.
  const timestamp = await stored('conversation_logs', 'timestamp', logId);
  await other.query(`UPDATE conversation_logs SET memo = 'again' WHERE id = $1`, [logId]);
  expect(await stored('conversation_logs', 'timestamp', logId)).toEqual(timestamp);
});
