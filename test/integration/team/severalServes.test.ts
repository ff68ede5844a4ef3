// Three `serve` processes on one database — two through PgBouncer in transaction mode, one direct —
// and 200 concurrent chats and ratings spread over them (some refused on purpose): every 2xx has
// exactly its row, no row exists without a 2xx, and the Logs tree's summaries equal count(*).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import { endSession, startSession } from '../../../src/core/domain/sessions';
import { createUser } from '../../../src/core/domain/users';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedSession } from '../../support/fixtures';
import { adminPostgresUrl, postgresUrlFor } from '../../support/postgresUrl';
import { adminQuery } from '../../support/testDatabase';
import { type ServeProcess, startServes } from '../api/serveProcess';
import { type PgBouncer, startPgBouncer } from './pgBouncer';
import { expectSummariesExact } from './summaries';

const name = `llamune_serves_${randomBytes(6).toString('hex')}`;
let handle: DatabaseHandle;
let bouncer: PgBouncer;
let standIn: StandIn;
const serves: ServeProcess[] = [];

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${name}`);
  handle = await openDatabase({ kind: 'postgres', url: postgresUrlFor(name) });
  await migrateToLatest(handle.db);
  bouncer = await startPgBouncer({ server: adminPostgresUrl(), poolMode: 'transaction' });
  standIn = await startStandIn('mlx');
  const model = { LLAMUNE_LLM_BASE_URL: standIn.baseUrl, LLAMUNE_LLM_PROVIDER: 'openai' };
  const urls = [bouncer.url(name), bouncer.url(name), postgresUrlFor(name)];
  serves.push(...(await startServes(urls.map((url) => ({ DATABASE_URL: url, ...model })))));
}, 120_000);
afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await standIn?.stop();
  await bouncer?.destroy();
  await handle?.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

interface Outcome {
  question: string;
  chat: number;
  logId?: number;
  rating?: { status: number; evaluation: number };
}

async function call(serve: ServeProcess, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(serve.url + path, {
    method,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** POST /chat, plain or streamed; the log id when it was answered. */
async function chat(serve: ServeProcess, key: string, sessionId: number, question: string, stream: boolean) {
  const { status, text } = await call(serve, key, 'POST', '/chat', {
    session_id: sessionId,
    question,
    stream,
  });
  if (!stream) return { status, logId: status === 201 ? (JSON.parse(text).log_id as number) : undefined };
  const done = /event: done\ndata: (.*)\n/.exec(text);
  return { status: done ? 201 : 500, logId: done ? (JSON.parse(done[1]!).log_id as number) : undefined };
}

it('200 concurrent chats and ratings over three serves: every 2xx has its row, none without', async () => {
  const db = handle.db;
  const alice = await seedSession(db, { username: 'alice' });
  const ended = await startSession(db, {
    user_id: alice.user.id,
    poc_id: alice.poc.id,
    model_id: alice.model.id,
    system_prompt: 's',
  });
  await endSession(db, ended.id);
  const bob = await createUser(db, 'bob');
  const bobSession = await startSession(db, {
    user_id: bob.user.id,
    poc_id: alice.poc.id,
    model_id: alice.model.id,
    system_prompt: 's',
  });

  const outcomes = await Promise.all(
    Array.from({ length: 200 }, async (_, i): Promise<Outcome> => {
      const serve = serves[i % 3]!;
      const rater = serves[(i + 1) % 3]!;
      const question = `question ${i} ${randomBytes(3).toString('hex')}`;
      const mine =
        i % 4 === 3
          ? { key: bob.apiKey, session: bobSession.id }
          : { key: alice.apiKey, session: alice.session.id };
      const kind = i % 10;
      if (kind === 0) {
        const refused = await chat(serve, alice.apiKey, ended.id, question, false); // 409: ended
        return { question, chat: refused.status };
      }
      const answered = await chat(serve, mine.key, mine.session, question, kind === 1 || kind === 5);
      if (answered.logId === undefined) return { question, chat: answered.status };
      const evaluation = kind === 2 ? 4 : (i % 3) + 1; // 4: refused with 422
      const key = kind === 6 ? (mine.key === bob.apiKey ? alice.apiKey : bob.apiKey) : mine.key; // 6: not yours, 404
      const body =
        evaluation === 1 || evaluation === 4
          ? { evaluation }
          : { evaluation, reason: 'r', correct_answer: 'c' };
      const rating = await call(rater, key, 'PUT', `/logs/${answered.logId}`, body);
      return {
        question,
        chat: answered.status,
        logId: answered.logId,
        rating: { status: rating.status, evaluation },
      };
    }),
  );

  const rows = await db
    .selectFrom('conversation_logs')
    .select(['id', 'question', 'evaluation', 'evaluated_at'])
    .execute();
  const byQuestion = new Map<string, typeof rows>();
  for (const row of rows) byQuestion.set(row.question, [...(byQuestion.get(row.question) ?? []), row]);
  const answered = outcomes.filter((o) => o.chat >= 200 && o.chat < 300);
  expect(outcomes.filter((o) => ![201, 409].includes(o.chat))).toEqual([]);
  expect(answered).toHaveLength(180);
  for (const outcome of outcomes) {
    const found = byQuestion.get(outcome.question) ?? [];
    if (outcome.chat !== 201) {
      expect(found, outcome.question).toEqual([]);
      continue;
    }
    expect(
      found.map((row) => row.id),
      outcome.question,
    ).toEqual([outcome.logId]);
    const row = found[0]!;
    if (outcome.rating?.status === 200) {
      expect({ evaluation: row.evaluation, rated: row.evaluated_at !== null }).toEqual({
        evaluation: outcome.rating.evaluation,
        rated: true,
      });
    } else {
      expect(row.evaluated_at, `${outcome.question}: rating answered ${outcome.rating?.status}`).toBeNull();
    }
  }
  expect(rows).toHaveLength(answered.length);
  const ratingStatuses = outcomes.flatMap((o) => (o.rating ? [o.rating.status] : []));
  expect(new Set(ratingStatuses)).toEqual(new Set([200, 404, 422]));
  await expectSummariesExact(db);
  // Every instance served its share, and none answered a 5xx.
  for (const serve of serves) {
    expect(serve.stderr.filter((line) => / (POST|PUT) \S+ 2\d\d /.test(line)).length).toBeGreaterThan(50);
    expect(serve.stderr.filter((line) => / 5\d\d /.test(line))).toEqual([]);
  }
}, 120_000);
