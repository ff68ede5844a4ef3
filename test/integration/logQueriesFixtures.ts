// Fixtures for the log query tests, inserted directly with Kysely, and a brute-force reading of the
// same rows in JavaScript that every query result is checked against.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/schema';
import type { LogFilter } from '../../src/core/domain/logFilter';
import type { LogGroupBy } from '../../src/core/domain/logQueries';

export interface FixtureLog {
  id: number;
  session_id: number;
  poc_id: number;
  model_id: number;
  user_id: number;
  question: string;
  answer: string;
  reason: string | null;
  timestamp: Date;
  evaluation: 1 | 2 | 3;
  priority: 1 | 2 | 3 | null;
  status: 1 | 2 | 3;
  evaluated_at: Date | null;
}

// Texts with LIKE wildcards, a backslash, mixed case and Japanese, so that the text filter is tested
// on what users actually type.
const QUESTIONS = [
  'What is 50% of the budget?',
  'Explain snake_case vs camelCase',
  'Path C:\\temp\\file please',
  '請求書の発行日はいつですか',
  'HELLO World question',
  'plain question',
];
const ANSWERS = [
  'It is 50 percent.',
  'a_b is snake case',
  'hello there',
  '支払期日は翌月末です',
  'plain answer',
];

export const DAY = 86_400_000;
export const BASE_TIME = Date.UTC(2026, 10, 1, 6, 0, 0);

/** Deterministic pseudo-random numbers (mulberry32), so a failure is reproducible. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Fixture {
  pocs: number[];
  users: number[];
  models: number[];
  sessions: { id: number; poc_id: number; model_id: number; user_id: number }[];
}

export async function insertFixture(db: Kysely<Database>): Promise<Fixture> {
  const pocs = (
    await db
      .insertInto('poc')
      .values([
        { name: '経理 PoC', domain: 'accounting' },
        { name: 'Legal PoC', domain: 'legal' },
        { name: 'Empty PoC', domain: 'hr' },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id);
  const users = (
    await db
      .insertInto('users')
      .values([
        { username: 'alice', api_key: 'a'.repeat(64) },
        { username: 'bob', api_key: 'b'.repeat(64) },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id);
  const models = (
    await db
      .insertInto('models')
      .values([
        { model_name: 'qwen', version: 1, base_model: 'qwen' },
        { model_name: 'qwen-lora', version: 2, base_model: 'qwen' },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id);
  const sessions = [];
  for (let i = 0; i < 6; i++) {
    const values = { poc_id: pocs[i % 2]!, model_id: models[i % 2]!, user_id: users[Math.floor(i / 3)]! };
    const row = await db.insertInto('sessions').values(values).returning('id').executeTakeFirstOrThrow();
    sessions.push({ id: row.id, ...values });
  }
  return { pocs, users, models, sessions };
}

/** Inserts `count` logs with every combination of codes, spread over five days (some at midnight). */
export async function insertLogs(db: Kysely<Database>, fixture: Fixture, count: number, seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const rows = [];
  for (let i = 0; i < count; i++) {
    const evaluation = pick([1, 2, 3] as const);
    const rated = next() < 0.8;
    const minutes = next() < 0.1 ? 0 : Math.floor(next() * 1440);
    const timestamp = new Date(
      BASE_TIME - (BASE_TIME % DAY) + Math.floor(next() * 5) * DAY + minutes * 60_000,
    );
    rows.push({
      session_id: pick(fixture.sessions).id,
      question: pick(QUESTIONS),
      answer: pick(ANSWERS),
      timestamp,
      evaluation: rated ? evaluation : 1,
      reason: rated && evaluation > 1 ? pick(['wrong 50% figure', 'missing detail', '根拠が不足']) : null,
      correct_answer: rated && evaluation > 1 ? 'the right answer' : null,
      priority: rated && evaluation > 1 ? pick([1, 2, 3, null] as const) : null,
      status: pick([1, 1, 2, 3] as const),
      evaluated_at: rated ? new Date(timestamp.getTime() + 60_000) : null,
    });
  }
  await db.insertInto('conversation_logs').values(rows).execute();
}

/** Every log with its session's ids, read plainly. */
export async function allLogs(db: Kysely<Database>): Promise<FixtureLog[]> {
  return db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select([
      'l.id',
      'l.session_id',
      's.poc_id',
      's.model_id',
      's.user_id',
      'l.question',
      'l.answer',
      'l.reason',
      'l.timestamp',
      'l.evaluation',
      'l.priority',
      'l.status',
      'l.evaluated_at',
    ])
    .orderBy('l.id', 'desc')
    .execute();
}

/** The filter, applied in JavaScript. */
export function matches(log: FixtureLog, f: Omit<LogFilter, 'limit'>): boolean {
  const text = f.text?.toLowerCase();
  return (
    (f.pocId === undefined || log.poc_id === f.pocId) &&
    (f.sessionId === undefined || log.session_id === f.sessionId) &&
    (f.modelId === undefined || log.model_id === f.modelId) &&
    (f.userId === undefined || log.user_id === f.userId) &&
    // A rating is what a person gave: an unrated log is only matched by null (Unrated).
    (!f.evaluation || f.evaluation.includes(log.evaluated_at === null ? null : log.evaluation)) &&
    (!f.status || f.status.includes(log.status)) &&
    (!f.priority || f.priority.includes(log.priority)) &&
    (f.rated === undefined || (log.evaluated_at !== null) === f.rated) &&
    (text === undefined ||
      [log.question, log.answer, log.reason ?? ''].some((t) => t.toLowerCase().includes(text))) &&
    (!f.from || log.timestamp >= f.from) &&
    (!f.to || log.timestamp < f.to)
  );
}

export function keyOf(log: FixtureLog, groupBy: LogGroupBy): number | string | boolean | null {
  switch (groupBy) {
    case 'poc':
      return log.poc_id;
    case 'session':
      return log.session_id;
    case 'model':
      return log.model_id;
    case 'user':
      return log.user_id;
    case 'evaluation':
      return log.evaluated_at === null ? null : log.evaluation;
    case 'status':
      return log.status;
    case 'priority':
      return log.priority;
    case 'rated':
      return log.evaluated_at !== null;
    case 'day':
      return log.timestamp.toISOString().slice(0, 10);
  }
}

/** Counts per key, as a plain object keyed by String(key), for order-free comparison. */
export function bruteCounts(logs: FixtureLog[], f: Omit<LogFilter, 'limit'>, groupBy: LogGroupBy) {
  const counts: Record<string, number> = {};
  for (const log of logs.filter((l) => matches(l, f))) {
    const key = String(keyOf(log, groupBy));
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
