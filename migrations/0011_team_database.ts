// A team's database (issue 17).
//
// 1. Times stay UTC whatever the session's TimeZone is. The design's DEFAULT NOW() columns store the
// session's local time in a TIMESTAMP, so a connection through a pooler (which refuses our
// `TimeZone=UTC` startup option) or to a server set to Asia/Tokyo would write local times. A BEFORE row
// trigger on each design table turns a value equal to the session's local "now" (what a DEFAULT or
// `SET col = now()` gives, to the microsecond) into UTC "now" — for this product and for any other
// writer (llamune_learning). It fires only when the session is not on UTC time and such a value is
// there (the WHEN clause, evaluated without calling the function), so UTC sessions and writers that
// send UTC times pay nothing.
//
// 2. Summaries as cheap to keep as a plain write. The summary tables of 0002 were updated in place by
// every write, and every rating of a busy PoC updated the same few rows: writers queued on those rows'
// locks until each other's commit (PUT /logs/:id at 32 connections: 11 % of GET's throughput). Now a
// write only appends its changes, summed per key and with unchanged keys skipped, to one delta table;
// now and then a writer folds the deltas into the summaries (one folder at a time, in its own
// transaction's snapshot, so nothing is counted twice or lost). The summary names become views adding
// the two, so every reader reads exactly what it read before — exact for the training app's direct
// UPDATEs too, since the same statement triggers record them.
// No design column changes. Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

const TIME_COLUMNS: Record<string, string[]> = {
  poc: ['created_at'],
  users: ['created_at'],
  models: ['trained_at', 'created_at'],
  sessions: ['started_at', 'ended_at'],
  conversation_logs: ['timestamp', 'evaluated_at', 'updated_at'],
};

const quoted = (column: string) => `"${column}"`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await utcTimesUp(db);
  await countDeltasUp(db);
}

export async function down(db: AnyDb): Promise<void> {
  await countDeltasDown(db);
  await utcTimesDown(db);
}

async function utcTimesUp(db: AnyDb): Promise<void> {
  for (const [table, columns] of Object.entries(TIME_COLUMNS)) {
    // An UPDATE that leaves a column as it was never touches it (its old value is not "now").
    const fixes = columns.map(
      (c) => `
        IF NEW.${quoted(c)} = local_now AND (TG_OP = 'INSERT' OR NEW.${quoted(c)} IS DISTINCT FROM OLD.${quoted(c)}) THEN
          NEW.${quoted(c)} := utc_now;
        END IF;`,
    );
    await sql
      .raw(`
        CREATE FUNCTION ${table}_utc_times() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          local_now CONSTANT timestamp := localtimestamp;
          utc_now CONSTANT timestamp := now() AT TIME ZONE 'UTC';
        BEGIN
          ${fixes.join('')}
          RETURN NEW;
        END $$`)
      .execute(db);
    const anyLocalNow = columns.map((c) => `NEW.${quoted(c)} = localtimestamp`).join(' OR ');
    await sql
      .raw(`
        CREATE TRIGGER ${table}_utc_times BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW
        WHEN (localtimestamp <> (now() AT TIME ZONE 'UTC') AND (${anyLocalNow}))
        EXECUTE FUNCTION ${table}_utc_times()`)
      .execute(db);
  }
}

async function utcTimesDown(db: AnyDb): Promise<void> {
  for (const table of Object.keys(TIME_COLUMNS)) {
    await sql.raw(`DROP TRIGGER ${table}_utc_times ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION ${table}_utc_times()`).execute(db);
  }
}

// The summaries of 0002: each key, and the columns a key determines.
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
const DELTAS = 'conversation_log_count_deltas';
const DELTA_KEY = ['session_id', 'poc_id', 'model_id', 'user_id', 'day', ...CODES];
const FOLDED = (table: string) => `${table}_folded`;
// A writer folds after about one statement in FOLD_EVERY (random, so no counter row becomes hot).
const FOLD_EVERY = 64;

/** One row per log of `table` (a transition table, or the logs), with every key column and +1 / -1. */
const logRows = (table: string, sign: string) => `
  SELECT l.session_id, s.poc_id, s.model_id, s.user_id, l."timestamp"::date AS day, l.evaluation, l.status,
         coalesce(l.priority, 0)::smallint AS priority, l.evaluated_at IS NOT NULL AS rated, ${sign}1::bigint AS n
  FROM ${table} l JOIN sessions s ON s.id = l.session_id`;

const TRIGGER_ROWS: Record<string, string> = {
  insert: logRows('new_rows', ''),
  update: `${logRows('old_rows', '-')} UNION ALL ${logRows('new_rows', '')}`,
  delete: logRows('old_rows', '-'),
};

/** Sums `from` per summary key into each summary table `into(table)`, key by key in key order. */
const sumInto = (from: string, into: (table: string) => string) =>
  SUMMARIES.map(({ table, key, extra }) => {
    const k = key.join(', ');
    const columns = [k, ...extra, 'n'].join(', ');
    const values = [k, ...extra.map((e) => `min(${e})`), 'sum(n)'].join(', ');
    return `
      INSERT INTO ${into(table)} AS c (${columns})
      SELECT ${values} FROM ${from}
      GROUP BY ${k} HAVING sum(n) <> 0 ORDER BY ${k}
      ON CONFLICT (${k}) DO UPDATE SET n = c.n + excluded.n`;
  });

async function countDeltasUp(db: AnyDb): Promise<void> {
  const columns = DELTA_KEY.map(
    (c) =>
      `${c} ${c === 'day' ? 'date' : c === 'rated' ? 'boolean' : c.endsWith('_id') ? 'integer' : 'smallint'} NOT NULL`,
  );
  await sql.raw(`CREATE TABLE ${DELTAS} (${columns.join(', ')}, n bigint NOT NULL)`).execute(db);

  // The tables keep the folded counts under a new name; the old name reads folded + pending deltas.
  for (const { table, key, extra } of SUMMARIES) {
    await sql.raw(`ALTER TABLE ${table} RENAME TO ${FOLDED(table)}`).execute(db);
    await sql.raw(`ALTER INDEX ${table}_key RENAME TO ${FOLDED(table)}_key`).execute(db);
    const all = [...key, ...extra].join(', ');
    await sql
      .raw(`
        CREATE VIEW ${table} AS
        SELECT ${all}, sum(n)::bigint AS n
        FROM (SELECT ${all}, n FROM ${FOLDED(table)} UNION ALL SELECT ${all}, n FROM ${DELTAS}) counts
        GROUP BY ${all}`)
      .execute(db);
  }
  await sql`ALTER INDEX conversation_log_counts_by_session_poc_idx RENAME TO conversation_log_counts_by_session_folded_poc_idx`.execute(
    db,
  );

  // All deltas this transaction can see move into the summaries in one statement. Deltas of
  // transactions still open stay for the next fold; one folder at a time (the others skip).
  const moved = `moved AS (DELETE FROM ${DELTAS} RETURNING *)`;
  const [bySession, byDay, byPoc] = sumInto('moved', FOLDED);
  await sql
    .raw(`
      CREATE FUNCTION conversation_log_counts_fold(wait boolean DEFAULT false) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF wait THEN
          PERFORM pg_advisory_xact_lock(hashtext('llamune.conversation_log_counts_fold'));
        ELSIF NOT pg_try_advisory_xact_lock(hashtext('llamune.conversation_log_counts_fold')) THEN
          RETURN;
        END IF;
        WITH ${moved}, by_session AS (${bySession}), by_day AS (${byDay})
        ${byPoc};
      END $$`)
    .execute(db);

  // 0002's statement triggers stay; what they run changes.
  for (const [op, rows] of Object.entries(TRIGGER_ROWS)) {
    const k = DELTA_KEY.join(', ');
    await sql
      .raw(`
        CREATE OR REPLACE FUNCTION conversation_log_counts_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO ${DELTAS} (${k}, n)
          SELECT ${k}, sum(n) FROM (${rows}) d GROUP BY ${k} HAVING sum(n) <> 0;
          IF random() < ${1 / FOLD_EVERY} THEN
            PERFORM conversation_log_counts_fold();
          END IF;
          RETURN NULL;
        END $$`)
      .execute(db);
  }
  await sql
    .raw(`
      CREATE OR REPLACE FUNCTION conversation_log_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${[...SUMMARIES.map((s) => FOLDED(s.table)), DELTAS].join(', ')};
        RETURN NULL;
      END $$`)
    .execute(db);
}

async function countDeltasDown(db: AnyDb): Promise<void> {
  await sql`SELECT conversation_log_counts_fold(true)`.execute(db);
  // 0002's functions again: each write updates the summaries in place.
  for (const [op, rows] of Object.entries(TRIGGER_ROWS)) {
    await sql
      .raw(`
        CREATE OR REPLACE FUNCTION conversation_log_counts_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${sumInto(`(${rows}) d`, (table) => table).join(';\n')};
          RETURN NULL;
        END $$`)
      .execute(db);
  }
  await sql
    .raw(`
      CREATE OR REPLACE FUNCTION conversation_log_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${SUMMARIES.map((s) => s.table).join(', ')};
        RETURN NULL;
      END $$`)
    .execute(db);
  await sql`DROP FUNCTION conversation_log_counts_fold(boolean)`.execute(db);
  for (const { table } of SUMMARIES) {
    await sql.raw(`DROP VIEW ${table}`).execute(db);
    await sql.raw(`ALTER TABLE ${FOLDED(table)} RENAME TO ${table}`).execute(db);
    await sql.raw(`ALTER INDEX ${FOLDED(table)}_key RENAME TO ${table}_key`).execute(db);
  }
  await sql`ALTER INDEX conversation_log_counts_by_session_folded_poc_idx RENAME TO conversation_log_counts_by_session_poc_idx`.execute(
    db,
  );
  await sql.raw(`DROP TABLE ${DELTAS}`).execute(db);
}
