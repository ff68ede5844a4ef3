// The Logs tree's summary tables (migrations/0002, kept by triggers) against count(*) over the logs
// themselves: every key with its count, zero-count keys ignored.
import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';

const CODES = 'evaluation, status, coalesce(priority, 0) AS priority, evaluated_at IS NOT NULL AS rated';
const KEYS: Record<string, { key: string; fromLogs: string }> = {
  conversation_log_counts_by_session: {
    key: 'session_id, poc_id, model_id, user_id, evaluation, status, priority, rated',
    fromLogs: `l.session_id, s.poc_id, s.model_id, s.user_id, ${CODES}`,
  },
  conversation_log_counts_by_day: {
    key: 'poc_id, day, user_id, evaluation, status, priority, rated',
    fromLogs: `s.poc_id, l."timestamp"::date AS day, s.user_id, ${CODES}`,
  },
  conversation_log_counts_by_poc: {
    key: 'poc_id, evaluation, status, priority, rated',
    fromLogs: `s.poc_id, ${CODES}`,
  },
};

// biome-ignore lint/suspicious/noExplicitAny: the summaries are outside the app's typed schema
export async function expectSummariesExact(db: Kysely<any>): Promise<void> {
  for (const [table, { key, fromLogs }] of Object.entries(KEYS)) {
    const { rows: summary } = await sql
      .raw<Record<string, unknown>>(
        `SELECT ${key}, sum(n)::int AS n FROM ${table} GROUP BY ${key} HAVING sum(n) <> 0 ORDER BY ${key}`,
      )
      .execute(db);
    const { rows: counted } = await sql
      .raw<Record<string, unknown>>(
        `SELECT ${key}, count(*)::int AS n FROM (SELECT ${fromLogs} FROM conversation_logs l
         JOIN sessions s ON s.id = l.session_id) d GROUP BY ${key} ORDER BY ${key}`,
      )
      .execute(db);
    expect(summary, table).toEqual(counted);
  }
}
