// PostgreSQL stopped in the middle of a load: the API answers 503 with a detail, never crashes, writes
// nothing half-way, and serves again once the database is back — in process on a direct connection,
// and as two `serve` processes, one behind a real PgBouncer that is restarted during the outage.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedLog, seedSession } from '../../support/fixtures';
import { type PgBouncer, startPgBouncer } from '../team/pgBouncer';
import { expectSummariesExact } from '../team/summaries';
import { startTestApi, type TestApi } from './apiHarness';
import { type ServeProcess, startServes } from './serveProcess';
import { startThrowawayCluster, type ThrowawayCluster } from './throwawayCluster';
import { waitFor } from './waitFor';

let cluster: ThrowawayCluster | undefined;
let handle: DatabaseHandle | undefined;
let standIn: StandIn | undefined;
let api: TestApi | undefined;
let bouncer: PgBouncer | undefined;
const serves: ServeProcess[] = [];
beforeAll(async () => {
  cluster = await startThrowawayCluster();
  handle = await openDatabase({ kind: 'postgres', url: cluster.url });
  await migrateToLatest(handle.db);
  standIn = await startStandIn('mlx');
  api = await startTestApi(handle.db, { baseUrl: standIn.baseUrl });
}, 120_000);
afterAll(async () => {
  await Promise.all(serves.map((serve) => serve.stop()));
  await bouncer?.destroy();
  await api?.close();
  await handle?.close();
  await standIn?.stop();
  await cluster?.destroy();
});

it('answers 503 with a detail while PostgreSQL is down, and serves again when it is back', async () => {
  const { apiKey, session } = await seedSession(handle!.db);
  const log = await seedLog(handle!.db, session.id);
  const statuses: number[] = [];
  const details: string[] = [];
  let written = 0;
  let running = true;
  const worker = async (i: number) => {
    while (running) {
      const response =
        i % 2
          ? await api!.call('GET', `/logs/${log.id}`, { key: apiKey })
          : await api!.call('POST', '/chat', {
              key: apiKey,
              body: { session_id: session.id, question: `q${i}` },
            });
      statuses.push(response.status);
      if (response.status === 201) written += 1;
      if (response.status >= 500)
        details.push(`${response.status} ${response.body.code}: ${response.body.detail}`);
    }
  };
  const workers = Array.from({ length: 8 }, (_, i) => worker(i));

  await waitFor(() => statuses.filter((s) => s < 300).length >= 20, 'answers before the outage', 30_000);
  await cluster!.stop();
  await waitFor(() => details.length >= 20, '503s during the outage', 30_000);
  const health = await api!.call('GET', '/health');
  expect(health).toMatchObject({ status: 503, body: { code: 'database_unavailable' } });
  await cluster!.start();
  const healthy = await waitFor(
    async () => (await api!.call('GET', '/health')).status === 200,
    'recovery',
    30_000,
  );
  expect(healthy).toBe(true);
  const afterRecovery = statuses.length;
  await waitFor(
    () => statuses.slice(afterRecovery).filter((s) => s < 300).length >= 20,
    'answers after',
    30_000,
  );
  running = false;
  await Promise.all(workers);

  expect(details.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
  for (const detail of details)
    expect(detail).toMatch(/^503 database_unavailable: The database is not available: \S/);
  const rows = await handle!.db.selectFrom('conversation_logs').select('id').execute();
  expect(rows.length).toBe(written + 1);
}, 120_000);

/** The statement deadline serve runs with by default (LLAMUNE_DB_QUERY_TIMEOUT_MS), and a margin. */
const STATED_TIMEOUT_MS = 10_000;
const MARGIN_MS = 5_000;

interface Outcome {
  serve: number;
  what: 'chat' | 'rate';
  status: number;
  ms: number;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body
  body: any;
  question: string;
  logId?: number;
  evaluation?: number;
}

it('two serves, one behind PgBouncer: PostgreSQL stopped mid-load and PgBouncer restarted — 503s in time, /health says so, both recover, nothing acknowledged lost', async () => {
  bouncer = await startPgBouncer({ server: cluster!.url, poolMode: 'transaction' });
  const model = { LLAMUNE_LLM_BASE_URL: standIn!.baseUrl, LLAMUNE_LLM_PROVIDER: 'openai' };
  serves.push(
    ...(await startServes([
      { DATABASE_URL: bouncer.url('postgres'), ...model },
      { DATABASE_URL: cluster!.url, ...model },
    ])),
  );
  const { apiKey, session } = await seedSession(handle!.db, { username: 'outage-serves' });
  const request = async (serve: number, method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const response = await fetch(serves[serve]!.url + path, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), ms: performance.now() - started };
  };
  const health = async (serve: number) => (await request(serve, 'GET', '/health')).status;

  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const worker = async (w: number) => {
    while (running) {
      const serve = w % 2;
      const question = `outage question ${w}-${n++}`;
      const chat = await request(serve, 'POST', '/chat', { session_id: session.id, question });
      outcomes.push({ serve, what: 'chat', question, ...chat, logId: chat.body.log_id });
      if (chat.status === 201) {
        const evaluation = (n % 3) + 1;
        const body = evaluation === 1 ? { evaluation } : { evaluation, reason: 'r', correct_answer: 'c' };
        const rate = await request(1 - serve, 'PUT', `/logs/${chat.body.log_id}`, body);
        outcomes.push({
          serve: 1 - serve,
          what: 'rate',
          question,
          ...rate,
          logId: chat.body.log_id,
          evaluation,
        });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50)); // pacing, not synchronisation
      }
    }
  };
  const ok = (from = 0) => outcomes.slice(from).filter((o) => o.status < 300).length;
  const unavailable = (serve: number, from = 0) =>
    outcomes.slice(from).filter((o) => o.serve === serve && o.status === 503).length;
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));

  await waitFor(() => ok() >= 20, 'answers before the outage', 30_000);
  await cluster!.stop();
  await waitFor(() => unavailable(0) >= 3 && unavailable(1) >= 3, '503s from both serves', 60_000);
  expect(await health(0)).toBe(503);
  expect(await health(1)).toBe(503);
  // The pooler restarts while the database is still down.
  await bouncer.stop();
  const restarted = outcomes.length;
  await bouncer.start();
  await waitFor(() => unavailable(0, restarted) >= 3, '503s through the restarted PgBouncer', 60_000);
  await cluster!.start();
  await waitFor(async () => (await health(0)) === 200 && (await health(1)) === 200, 'recovery', 60_000);
  const recovered = outcomes.length;
  await waitFor(() => ok(recovered) >= 20, 'answers after the outage', 60_000);
  running = false;
  await Promise.all(workers);

  // Nothing but answers and 503s, each 503 saying why, none later than the stated timeout.
  expect(outcomes.filter((o) => ![200, 201, 503].includes(o.status))).toEqual([]);
  for (const o of outcomes.filter((o) => o.status === 503)) {
    expect(o.body.code).toBe('database_unavailable');
    expect(o.body.detail).toMatch(/^The database is not available: \S/);
  }
  const slowest = Math.max(...outcomes.map((o) => o.ms));
  expect(slowest).toBeLessThan(STATED_TIMEOUT_MS + MARGIN_MS);
  // Neither serve was restarted.
  for (const serve of serves) expect(serve.child.exitCode).toBeNull();

  // Every acknowledged chat and rating is in the database; nothing refused is.
  const rows = await handle!.db
    .selectFrom('conversation_logs')
    .select(['id', 'question', 'evaluation', 'evaluated_at'])
    .where('session_id', '=', session.id)
    .execute();
  const byQuestion = new Map(rows.map((row) => [row.question, row]));
  const answered = outcomes.filter((o) => o.what === 'chat' && o.status === 201);
  expect(rows.length).toBe(answered.length);
  for (const o of answered) expect(byQuestion.get(o.question)?.id).toBe(o.logId);
  for (const o of outcomes.filter((o) => o.what === 'chat' && o.status !== 201))
    expect(byQuestion.has(o.question)).toBe(false);
  for (const o of outcomes.filter((o) => o.what === 'rate')) {
    const row = byQuestion.get(o.question)!;
    if (o.status === 200) expect([row.evaluation, row.evaluated_at !== null]).toEqual([o.evaluation, true]);
    else expect(row.evaluated_at).toBeNull();
  }
  await expectSummariesExact(handle!.db);
  console.info(
    `outage: ${outcomes.length} requests, ${answered.length} chats answered, ` +
      `${outcomes.filter((o) => o.status === 503).length} × 503, slowest ${Math.round(slowest)} ms`,
  );
}, 240_000);
