// A team's database (issue 17): times stay UTC whatever the session's TimeZone is. The design's
// DEFAULT NOW() columns store the session's local time in a TIMESTAMP, so a connection through a
// pooler (which refuses our `TimeZone=UTC` startup option) or to a server set to Asia/Tokyo would
// write local times. A BEFORE row trigger on each design table turns a value equal to the session's
// local "now" (what a DEFAULT or `SET col = now()` gives, to the microsecond) into UTC "now" — for this
// product and for any other writer (llamune_learning). It fires only when the session is not on UTC
// time and such a value is there (the WHEN clause, evaluated without calling the function), so UTC
// sessions and writers that send UTC times pay nothing. No design column changes.
// Frozen in time: Kysely<any>, no app imports.
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
export async function up(db: Kysely<any>): Promise<void> {
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

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(TIME_COLUMNS)) {
    await sql.raw(`DROP TRIGGER ${table}_utc_times ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION ${table}_utc_times()`).execute(db);
  }
}
