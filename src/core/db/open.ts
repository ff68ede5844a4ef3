// openDatabase(config): a typed Kysely over pg, whatever the data lives in.
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { runKeptStatementsOnPool } from './compiledOnce';
import { type DatabaseConfig, databaseConfigSchema } from './config';
import { describeConnectionError } from './connectionErrors';
import { type ConnectionParams, createPool } from './pgPool';
import { withPreparedStatements } from './preparedStatements';
import { withQueryDeadline } from './queryDeadline';
import type { Database } from './schema';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** For messages: where the data is, never with a password. */
  description: string;
  /** How another pool reaches the same data (e.g. a worker thread's own connection). */
  connection: ConnectionParams;
  close(): Promise<void>;
}

export async function openDatabase(input: DatabaseConfig): Promise<DatabaseHandle> {
  const config = databaseConfigSchema.parse(input);
  switch (config.kind) {
    case 'postgres': {
      const connection = { connectionString: withPassword(config.url, config.password) };
      const pool = createPool({
        ...connection,
        max: config.poolSize,
        connectTimeoutMs: config.queryTimeoutMs || undefined,
      });
      // Fail here, with advice, rather than on the first query somewhere else.
      try {
        const client = await pool.connect();
        client.release();
      } catch (error) {
        await pool.end().catch(() => {});
        throw describeConnectionError(error, redactUrl(config.url));
      }
      const statements = config.preparedStatements
        ? withPreparedStatements(pool, {
            onPoolerDetected: (error) =>
              console.warn(
                `Llamune: the database lost or already had a prepared statement (${error.message}): a connection ` +
                  'pooler in transaction mode? Statements now run unprepared; turn prepared statements off ' +
                  '(LLAMUNE_DB_PREPARED_STATEMENTS=off, llamune.database.preparedStatements) to skip this check.',
              ),
          })
        : pool;
      const kyselyPool = config.queryTimeoutMs
        ? withQueryDeadline(statements, config.queryTimeoutMs)
        : statements;
      return handle(kyselyPool, `PostgreSQL ${redactUrl(config.url)}`, connection, async () => {});
    }
    case 'embedded': {
      const { connectEmbedded } = await import('./embedded/client');
      const { explainLostServer } = await import('./embedded/lostServer');
      const lease = await connectEmbedded({
        dataDir: config.dataDir,
        serverScript: config.serverScript,
        idleTimeoutMs: config.idleTimeoutMs,
      });
      const pool = createPool({ ...lease.connection, max: config.poolSize });
      const where = `pid ${lease.server.pid}, ${lease.connection.host}:${lease.connection.port}, ${config.dataDir}`;
      return handle(
        explainLostServer(pool, () => where),
        `embedded PGlite in ${config.dataDir}`,
        lease.connection,
        () => lease.release(),
      );
    }
    case 'memory': {
      const { startInMemoryPglite } = await import('./memory');
      const pglite = await startInMemoryPglite(config.loadDataDir);
      const connection = { host: '127.0.0.1', port: pglite.port, user: 'postgres', database: 'postgres' };
      const pool = createPool({ ...connection, max: config.poolSize });
      return handle(pool, 'PGlite in memory', connection, () => pglite.stop());
    }
  }
}

function handle(
  pool: PostgresPool,
  description: string,
  connection: ConnectionParams,
  afterClose: () => Promise<void>,
): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  runKeptStatementsOnPool(db, pool);
  let closing: Promise<void> | undefined;
  return {
    db,
    description,
    connection,
    close() {
      closing ??= db.destroy().then(afterClose);
      return closing;
    },
  };
}

/** pg ignores a separate password when a connection string is given, so it goes into the URL. */
export function withPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
