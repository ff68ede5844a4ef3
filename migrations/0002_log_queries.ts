// Indexes for the log views' filters, and group counts at a million logs: two small summary tables
// kept exact by statement triggers on conversation_logs (llamune_learning's direct UPDATEs of
// `status` keep them right too). New tables and indexes only (SPEC §3); no design column changes.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// Logs per session and code combination (poc, model and user copied from the session, which never
// changes them), and per PoC, user and day. priority 0 stands for NULL so that the unique keys can
// be ON CONFLICT targets on every server version.
const CODES = 'evaluation, status, priority, rated';
const BY_SESSION_KEY = `session_id, ${CODES}`;
const BY_DAY_KEY = `poc_id, day, user_id, ${CODES}`;

/** One row per log of `table` (a transition table, or the logs), with its keys and +1 / -1. */
const deltas = (table: string, sign: string) => `
  SELECT l.session_id, s.poc_id, s.model_id, s.user_id, l."timestamp"::date AS day, l.evaluation, l.status,
         coalesce(l.priority, 0)::smallint AS priority, l.evaluated_at IS NOT NULL AS rated, ${sign}1::bigint AS n
  FROM ${table} l JOIN sessions s ON s.id = l.session_id`;

// Summed per key and applied in key order: a statement never hits one row twice, and concurrent writers
// lock summary rows in the same order (by_session first, then by_day), so they cannot deadlock.
const apply = (rows: string) => `
  INSERT INTO conversation_log_counts_by_session AS c (${BY_SESSION_KEY}, poc_id, model_id, user_id, n)
  SELECT ${BY_SESSION_KEY}, min(poc_id), min(model_id), min(user_id), sum(n) FROM (${rows}) d
  GROUP BY ${BY_SESSION_KEY} HAVING sum(n) <> 0 ORDER BY ${BY_SESSION_KEY}
  ON CONFLICT (${BY_SESSION_KEY}) DO UPDATE SET n = c.n + excluded.n;
  INSERT INTO conversation_log_counts_by_day AS c (${BY_DAY_KEY}, n)
  SELECT ${BY_DAY_KEY}, sum(n) FROM (${rows}) d
  GROUP BY ${BY_DAY_KEY} HAVING sum(n) <> 0 ORDER BY ${BY_DAY_KEY}
  ON CONFLICT (${BY_DAY_KEY}) DO UPDATE SET n = c.n + excluded.n;`;

const TRIGGERS: [op: string, rows: string, referencing: string][] = [
  ['insert', deltas('new_rows', ''), 'NEW TABLE AS new_rows'],
  [
    'update',
    `${deltas('old_rows', '-')} UNION ALL ${deltas('new_rows', '')}`,
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
  ],
  ['delete', deltas('old_rows', '-'), 'OLD TABLE AS old_rows'],
];

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE conversation_log_counts_by_session (
      session_id integer NOT NULL,
      evaluation smallint NOT NULL,
      status smallint NOT NULL,
      priority smallint NOT NULL,
      rated boolean NOT NULL,
      poc_id integer NOT NULL,
      model_id integer NOT NULL,
      user_id integer NOT NULL,
      n bigint NOT NULL
    )`.execute(db);
  await sql
    .raw(`CREATE UNIQUE INDEX conversation_log_counts_by_session_key
          ON conversation_log_counts_by_session (${BY_SESSION_KEY})`)
    .execute(db);
  await sql`CREATE INDEX conversation_log_counts_by_session_poc_idx
            ON conversation_log_counts_by_session (poc_id)`.execute(db);
  await sql`
    CREATE TABLE conversation_log_counts_by_day (
      poc_id integer NOT NULL,
      day date NOT NULL,
      user_id integer NOT NULL,
      evaluation smallint NOT NULL,
      status smallint NOT NULL,
      priority smallint NOT NULL,
      rated boolean NOT NULL,
      n bigint NOT NULL
    )`.execute(db);
  await sql
    .raw(
      `CREATE UNIQUE INDEX conversation_log_counts_by_day_key ON conversation_log_counts_by_day (${BY_DAY_KEY})`,
    )
    .execute(db);

  for (const [op, rows, referencing] of TRIGGERS) {
    await sql
      .raw(`
        CREATE FUNCTION conversation_log_counts_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${apply(rows)}
          RETURN NULL;
        END $$`)
      .execute(db);
    await sql
      .raw(`
        CREATE TRIGGER conversation_log_counts_${op} AFTER ${op.toUpperCase()} ON conversation_logs
        REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION conversation_log_counts_${op}()`)
      .execute(db);
  }
  await sql`
    CREATE FUNCTION conversation_log_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE conversation_log_counts_by_session, conversation_log_counts_by_day;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER conversation_log_counts_truncate AFTER TRUNCATE ON conversation_logs
    FOR EACH STATEMENT EXECUTE FUNCTION conversation_log_counts_truncate()`.execute(db);

  // Logs already there (creating the triggers locked the table until this transaction ends).
  for (const statement of apply(deltas('conversation_logs', '')).split(';')) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }

  // Newest-first pages filtered on codes and sessions: checked on the narrow index's tuples, so a
  // page reads a few index pages instead of thousands of wide rows.
  await sql`
    CREATE INDEX conversation_logs_list_idx ON conversation_logs (id)
    INCLUDE (session_id, evaluation, status, priority, evaluated_at, "timestamp")`.execute(db);
  // A date range (the tree's day groups) without walking every newer log first.
  await db.schema
    .createIndex('conversation_logs_timestamp_idx')
    .on('conversation_logs')
    .column('timestamp')
    .execute();
  // What nobody has rated yet: few rows, wanted newest first.
  await sql`CREATE INDEX conversation_logs_unrated_idx ON conversation_logs (id DESC) WHERE evaluated_at IS NULL`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversation_logs_list_idx').execute();
  await db.schema.dropIndex('conversation_logs_unrated_idx').execute();
  await db.schema.dropIndex('conversation_logs_timestamp_idx').execute();
  for (const op of ['insert', 'update', 'delete', 'truncate']) {
    await sql.raw(`DROP TRIGGER conversation_log_counts_${op} ON conversation_logs`).execute(db);
    await sql.raw(`DROP FUNCTION conversation_log_counts_${op}()`).execute(db);
  }
  await sql`DROP TABLE conversation_log_counts_by_day, conversation_log_counts_by_session`.execute(db);
}
