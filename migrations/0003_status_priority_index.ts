// A reviewer's triage filter — a status and a priority, newest first (e.g. verified + high) — walks
// only the matching index tuples in id order, instead of every log of the PoC (52 ms → 1 ms at 1M logs).
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX conversation_logs_status_priority_idx ON conversation_logs (status, priority, id DESC)
    INCLUDE (session_id, evaluation, evaluated_at)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversation_logs_status_priority_idx').execute();
}
