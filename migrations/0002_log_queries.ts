// Indexes for the log views' filters, and group counts at a million logs: small summary tables kept
// exact by statement triggers on conversation_logs (llamune_learning's direct UPDATEs of `status` keep
// them right too). New tables and indexes only (SPEC §3); no design column changes.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// Logs per code combination and: session (with the session's PoC, model and user, which a session
// never changes), PoC + day + user, and PoC. priority 0 stands for NULL so that the unique keys can be
// ON CONFLICT targets on every server version.
const CODES = ['evaluation', 'status', 'priority', 'rated'];
const SUMMARIES: { table: string; key: string[]; extra: string[] }[] = [
  {
    table: 'conversation_log_counts_by_session',
    key: ['session_id', ...CODES],
    extra: ['poc_id', 'model_id', 'user_id'],
  },
  { table: 'conversation_log_counts_by_day', key: ['poc_id', 'day', 'user_id', ...CODES], extra: [] },
  { table: 'conversation_log_counts_by_poc', key: ['poc_id', ...CODES], extra: [] },
];
const TYPES: Record<string, string> = {
  session_id: 'integer',
  poc_id: 'integer',
  model_id: 'integer',
  user_id: 'integer',
  day: 'date',
  evaluation: 'smallint',
  status: 'smallint',
  priority: 'smallint',
  rated: 'boolean',
};

/** One row per log of `table` (a transition table, or the logs), with every key column and +1 / -1. */
const deltas = (table: string, sign: string) => `
  SELECT l.session_id, s.poc_id, s.model_id, s.user_id, l."timestamp"::date AS day, l.evaluation, l.status,
         coalesce(l.priority, 0)::smallint AS priority, l.evaluated_at IS NOT NULL AS rated, ${sign}1::bigint AS n
  FROM ${table} l JOIN sessions s ON s.id = l.session_id`;

// Summed per key and applied in key order, table after table: a statement never hits one row twice,
// and concurrent writers lock summary rows in one global order, so they cannot deadlock.
const apply = (rows: string) =>
  SUMMARIES.map(({ table, key, extra }) => {
    const k = key.join(', ');
    const columns = [k, ...extra, 'n'].join(', ');
    const values = [k, ...extra.map((e) => `min(${e})`), 'sum(n)'].join(', ');
    return `
      INSERT INTO ${table} AS c (${columns})
      SELECT ${values} FROM (${rows}) d
      GROUP BY ${k} HAVING sum(n) <> 0 ORDER BY ${k}
      ON CONFLICT (${k}) DO UPDATE SET n = c.n + excluded.n`;
  });

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
  for (const { table, key, extra } of SUMMARIES) {
    const columns = [...key, ...extra].map((c) => `${c} ${TYPES[c]} NOT NULL`).join(', ');
    await sql.raw(`CREATE TABLE ${table} (${columns}, n bigint NOT NULL)`).execute(db);
    await sql.raw(`CREATE UNIQUE INDEX ${table}_key ON ${table} (${key.join(', ')})`).execute(db);
  }
  await sql`CREATE INDEX conversation_log_counts_by_session_poc_idx
            ON conversation_log_counts_by_session (poc_id)`.execute(db);

  for (const [op, rows, referencing] of TRIGGERS) {
    await sql
      .raw(`
        CREATE FUNCTION conversation_log_counts_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${apply(rows).join(';\n')};
          RETURN NULL;
        END $$`)
      .execute(db);
    await sql
      .raw(`
        CREATE TRIGGER conversation_log_counts_${op} AFTER ${op.toUpperCase()} ON conversation_logs
        REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION conversation_log_counts_${op}()`)
      .execute(db);
  }
  await sql
    .raw(`
      CREATE FUNCTION conversation_log_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${SUMMARIES.map((s) => s.table).join(', ')};
        RETURN NULL;
      END $$`)
    .execute(db);
  await sql`
    CREATE TRIGGER conversation_log_counts_truncate AFTER TRUNCATE ON conversation_logs
    FOR EACH STATEMENT EXECUTE FUNCTION conversation_log_counts_truncate()`.execute(db);

  // Logs already there (creating the triggers locked the table until this transaction ends): read once
  // into a small temporary table, then rolled up into each summary.
  await sql
    .raw(`
      CREATE TEMPORARY TABLE log_count_backfill AS
      SELECT session_id, poc_id, model_id, user_id, day, evaluation, status, priority, rated, sum(n) AS n
      FROM (${deltas('conversation_logs', '')}) d
      GROUP BY session_id, poc_id, model_id, user_id, day, evaluation, status, priority, rated`)
    .execute(db);
  for (const statement of apply('SELECT * FROM log_count_backfill')) await sql.raw(statement).execute(db);
  await sql`DROP TABLE log_count_backfill`.execute(db);

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
  for (const index of [
    'conversation_logs_list_idx',
    'conversation_logs_timestamp_idx',
    'conversation_logs_unrated_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  for (const op of ['insert', 'update', 'delete', 'truncate']) {
    await sql.raw(`DROP TRIGGER conversation_log_counts_${op} ON conversation_logs`).execute(db);
    await sql.raw(`DROP FUNCTION conversation_log_counts_${op}()`).execute(db);
  }
  for (const { table } of SUMMARIES) await sql.raw(`DROP TABLE ${table}`).execute(db);
}
