// Runs the migrations in migrations/ with Kysely's Migrator, all of them in one transaction on one
// connection that first takes a transaction-level advisory lock: processes migrating at once (several
// `serve`s starting together) run one after the other, and a failed run leaves nothing behind.
//
// Kysely's own lock is a session-level advisory lock taken before its transaction and released after it.
// Behind a pooler in transaction mode (PgBouncer) those are three transactions that may each get another
// server connection: the unlock then missed, the lock stayed held on a pooled server connection, and the
// next serve to start waited for it until its query deadline. So Kysely's lock is not taken here.
import { type Kysely, type MigrationResultSet, Migrator, PostgresAdapter, sql } from 'kysely';
import { migrations } from './migrationList';
import type { Database } from './schema';

class MigrationLockInTransaction extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}
const noSessionLock = new MigrationLockInTransaction();

/** `db` as the Migrator sees it: the same, with an adapter that takes no lock of its own. */
function withoutKyselysLock(db: Kysely<Database>): Kysely<Database> {
  const bind = <T extends object>(target: T, key: string | symbol) => {
    const value = Reflect.get(target, key, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(db, {
    get: (target, key) =>
      key === 'getExecutor'
        ? () =>
            new Proxy(target.getExecutor(), {
              get: (executor, name) => (name === 'adapter' ? noSessionLock : bind(executor, name)),
            })
        : bind(target, key),
  });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`BEGIN`.execute(connection);
    try {
      await sql`SELECT pg_advisory_xact_lock(hashtext('llamune.migrations'))`.execute(connection);
      const migrator = new Migrator({
        db: withoutKyselysLock(connection),
        provider: { getMigrations: async () => migrations },
        // The transaction is this one, opened above.
        disableTransactions: true,
      });
      const result: MigrationResultSet = await migrator.migrateToLatest();
      if (result.error) {
        const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
        const reason = result.error instanceof Error ? result.error.message : String(result.error);
        throw new Error(`Migration ${failed ?? ''} failed: ${reason}`, { cause: result.error });
      }
      await sql`COMMIT`.execute(connection);
      return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}
