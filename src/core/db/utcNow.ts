// The current time for TIMESTAMP (without time zone) columns, which hold UTC by convention (SPEC §3):
// explicit about UTC, so that it is right whatever TimeZone the session has — a pooler (PgBouncer)
// does not pass our own setting on, and a server or database may be set to local time.
import { sql } from 'kysely';

/** `now()` (the transaction's start) as UTC wall-clock time. */
export const utcNow = () => sql<Date>`(now() AT TIME ZONE 'UTC')`;
