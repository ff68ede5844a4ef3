// One pg pool for every mode (real PostgreSQL and the embedded PGlite behind a socket), so that there is
// a single code path. All times are UTC (SPEC §3) whatever the session's TimeZone: the TIMESTAMP parser
// and the serialisation of JS Dates sent as parameters here, `utcNow()` in SQL. The session's TimeZone
// is left alone: poolers (PgBouncer) refuse the `options=-c TimeZone=UTC` startup parameter.
import pg from 'pg';

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

/** TIMESTAMP (without time zone) holds UTC by convention: parse it as UTC, not as local time. */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
    // count(*) and friends: exact as JS numbers up to 2^53, far beyond any table here.
    if (oid === INT8_OID) return Number;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Where a pool connects: a URL, or host and port (the embedded server's socket). */
export interface ConnectionParams {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}

export interface PoolOptions extends ConnectionParams {
  max: number;
  applicationName?: string;
  /** How long a caller waits for a connection (default 10 s). */
  connectTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  // pg turns Date parameters into local-time strings unless told otherwise; TIMESTAMP columns would then
  // store local time. This flag is read when a value is prepared, so it must be set globally.
  pg.defaults.parseInputDatesAsUTC = true;
  const { connectTimeoutMs, ...connection } = options;
  const pool = new pg.Pool({
    ...connection,
    application_name: options.applicationName ?? 'llamune-poc',
    types,
    connectionTimeoutMillis: connectTimeoutMs || 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (database restarted) must not crash the process; the next
  // query gets a fresh connection and its own error.
  pool.on('error', () => {});
  // A checked-out client whose server goes away also emits 'error' (its query fails on its own); pg-pool
  // listens only while a client is idle, so without this the process would crash mid-outage.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
