// Synthetic but realistic data for the database benchmark: PoCs, users, model versions, sessions that
// overlap in time, and logs in time order (ids follow timestamps) with Japanese and English text.
// Seeded in SQL (INSERT … SELECT over generate_series), so a million rows take seconds, not minutes.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/core/db/schema';

export interface SeedSize {
  pocs: number;
  users: number;
  sessions: number;
  logs: number;
}

const JA =
  '請求書の発行日と支払期日の関係について、会計基準に照らして説明してください。売上の計上時期は、' +
  '出荷基準と検収基準のどちらを採用するかで異なります。消費税の仕入税額控除を受けるには、適格請求書の' +
  '保存が必要です。契約書の損害賠償条項では、上限額と免責事由を明確に定めることが重要です。個人情報の' +
  '第三者提供には、原則として本人の同意が必要ですが、法令に基づく場合などの例外があります。減価償却の' +
  '方法には定額法と定率法があり、税法上の耐用年数に従って計算します。';
const EN =
  'Explain how the invoice date relates to the payment due date under the applicable accounting ' +
  'standard. Revenue recognition depends on whether the company uses shipment or acceptance as the ' +
  'trigger. To claim the input tax credit, the qualified invoice must be kept on file. In a contract, ' +
  'the limitation of liability clause should state the cap and the exclusions clearly. Disclosure of ' +
  'personal data to third parties generally requires consent, with exceptions provided by law. ';

export async function seedLogs(db: Kysely<Database>, size: SeedSize): Promise<void> {
  // One connection throughout: the temporary text table and the planner settings live on it.
  await db.connection().execute((conn) => seedOn(conn, size));
}

async function seedOn(db: Kysely<Database>, size: SeedSize): Promise<void> {
  const ja = JA.repeat(12);
  const en = EN.repeat(8);
  const year = 365 * 86_400;
  await sql`SELECT setseed(0.42)`.execute(db);
  await sql`
    INSERT INTO poc (name, domain, created_at)
    SELECT 'PoC ' || g || (CASE WHEN g % 2 = 0 THEN ' 経理' ELSE ' 法務' END),
           CASE WHEN g % 2 = 0 THEN 'accounting' ELSE 'legal' END, now() - interval '400 days'
    FROM generate_series(1, ${size.pocs}) g`.execute(db);
  await sql`
    INSERT INTO users (username, api_key)
    SELECT 'user' || g, encode(sha256(('key' || g)::bytea), 'hex') FROM generate_series(1, ${size.users}) g`.execute(
    db,
  );
  // Five base models, three fine-tuned versions each.
  await sql`
    INSERT INTO models (model_name, version, base_model, trained_at)
    SELECT 'mlx-community/model-' || b || CASE WHEN v > 1 THEN '-lora' || v ELSE '' END, v,
           'mlx-community/model-' || b, CASE WHEN v > 1 THEN now() - (400 - v * 100) * interval '1 day' END
    FROM generate_series(1, 5) b, generate_series(1, 3) v`.execute(db);
  // Sessions spread over a year, each open for up to three days, so several overlap at any time.
  await sql`
    INSERT INTO sessions (user_id, poc_id, model_id, system_prompt, started_at, ended_at)
    SELECT 1 + (g * 7919) % ${size.users}, 1 + (g * 104729) % ${size.pocs}, 1 + (g * 31) % 15,
           'あなたは業務アシスタントです。', start, start + interval '3 days'
    FROM (SELECT g, now() - make_interval(secs => ${year} * (1 - g::float8 / ${size.sessions}) + 3 * 86400) AS start
          FROM generate_series(1, ${size.sessions}) g) s`.execute(db);
  // Bulk load: the log indexes are dropped and rebuilt after (one sort each instead of a million
  // random inserts), from their own definitions, so the benchmark measures the real schema.
  const indexes = await sql<{ name: string; definition: string }>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE tablename = 'conversation_logs' AND indexname <> 'conversation_logs_pkey'`.execute(db);
  for (const index of indexes.rows) await sql`DROP INDEX ${sql.ref(index.name)}`.execute(db);
  // 2,000 texts cut from the samples at varied offsets and lengths (cutting per log would walk the
  // multibyte strings a million times); a log takes one by its number, its question made unique.
  await sql`
    CREATE TEMPORARY TABLE seed_text AS
    SELECT i, lang,
           CASE WHEN lang THEN substr(${ja}, 1 + (i * 13) % 400, 20 + (i * 7) % 120)
                ELSE substr(${en}, 1 + (i * 13) % 800, 60 + (i * 7) % 300) END AS question,
           CASE WHEN lang THEN substr(${ja}, 1 + (i * 17) % 300, 100 + (i * 11) % 600)
                ELSE substr(${en}, 1 + (i * 17) % 600, 300 + (i * 11) % 1200) END AS answer,
           substr(${ja}, 1 + i % 200, 30 + i % 80) AS reason,
           CASE WHEN lang THEN substr(${ja}, 1 + i % 300, 100 + i % 400)
                ELSE substr(${en}, 1 + i % 500, 200 + i % 600) END AS correct_answer
    FROM (SELECT i, i % 5 < 3 AS lang FROM generate_series(0, 1999) i) g`.execute(db);
  await sql`ALTER TABLE seed_text ADD PRIMARY KEY (i)`.execute(db);
  // Logs: a session and a moment within its three days, sorted by time (narrow rows, before the text is
  // added) so that ids follow timestamps.
  // A nested loop over the text's key keeps the time order (a hash join would not).
  await sql`SET enable_hashjoin = off`.execute(db);
  await sql`SET enable_mergejoin = off`.execute(db);
  await sql`
    INSERT INTO conversation_logs (session_id, question, answer, "timestamp", evaluation, reason, correct_answer,
                                   priority, status, memo, evaluated_at, updated_at, latency_ms)
    SELECT session_id, t.question || ' #' || k, t.answer, ts, evaluation,
           CASE WHEN evaluation > 1 THEN t.reason END,
           CASE WHEN evaluation > 1 THEN t.correct_answer END,
           CASE WHEN evaluation > 1 THEN (CASE WHEN r3 < 0.2 THEN 1 WHEN r3 < 0.7 THEN 2 ELSE 3 END) END,
           CASE WHEN NOT rated THEN 1 WHEN r4 < 0.7 THEN 1 WHEN r4 < 0.9 THEN 2 ELSE 3 END,
           CASE WHEN r4 < 0.05 THEN 'メモ: 要確認' END,
           CASE WHEN rated THEN ts + interval '2 minutes' END,
           CASE WHEN rated THEN ts + interval '2 minutes' END,
           200 + (k * 37) % 5000
    FROM (
      SELECT k, session_id, ts, rated, r3, r4,
             CASE WHEN NOT rated THEN 1 WHEN r2 < 0.6 THEN 1 WHEN r2 < 0.85 THEN 2 ELSE 3 END::smallint AS evaluation
      FROM (
        SELECT k, session_id, ts, random() >= 0.1 AS rated, random() AS r2, random() AS r3, random() AS r4
        FROM (
          SELECT k, s.id AS session_id, s.started_at + random() * interval '3 days' AS ts
          FROM generate_series(1, ${size.logs}) k
          JOIN sessions s ON s.id = 1 + (k * 7) % ${size.sessions}
          ORDER BY ts
        ) timed
      ) drawn
    ) rated
    JOIN seed_text t ON t.i = ((k % 2000) * 7919) % 2000`.execute(db);
  await sql`RESET enable_hashjoin`.execute(db);
  await sql`RESET enable_mergejoin`.execute(db);
  await sql`DROP TABLE seed_text`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.definition).execute(db);
}
