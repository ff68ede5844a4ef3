// Statements that repeat are prepared once per connection (named statements), so that PostgreSQL parses
// and plans them once rather than on every call: measured with pgbench, GET /logs/:id's query costs the
// server 223 µs unnamed and 46 µs prepared. Real PostgreSQL only: PGlite serves every socket connection
// from its one backend, where two connections' statement names would collide. Behind a pooler that
// hands one connection different servers (PgBouncer in transaction mode), statements vanish or clash:
// the first sign of that turns naming off for the whole pool, and the statement runs again unnamed.
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { poolClientQuery } from './poolClientQuery';

export interface PreparedStatementOptions {
  /** Distinct statements a connection prepares at most; beyond them, statements run unnamed. */
  maxPerConnection?: number;
  /** Told once when naming is turned off because the server lost or already had a statement. */
  onPoolerDetected?: (error: Error) => void;
}

// Only plannable statements can be prepared; a leading comment marks a one-off (cancellable.ts tags).
const preparable = /^\s*(select|insert|update|delete|with)\b/i;
const transactionStart = /^\s*(begin|start\s+transaction)\b/i;
const transactionEnd = /^\s*(commit|rollback|end|abort)\b/i;
// "cached plan must not change result type": a table under a prepared `SELECT *` gained or lost a column.
const FEATURE_NOT_SUPPORTED = '0A000';
// "prepared statement … does not exist" / "… already exists": another server behind the same connection.
const POOLER_CODES = new Set(['26000', '42P05']);

/** pg's own record of what this connection has prepared (internal to pg 8, read and pruned here). */
interface PgConnectionInternals {
  parsedStatements: Record<string, string>;
}

export function withPreparedStatements(pool: pg.Pool, options: PreparedStatementOptions = {}): PostgresPool {
  const maxPerConnection = options.maxPerConnection ?? 200;
  let naming = true;
  // One name per statement text, shared by every connection (each prepares it on first use).
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxPerConnection * 4 && preparable.test(text)) {
      name = `llamune_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const internals = (client as unknown as { connection?: Partial<PgConnectionInternals> }).connection;
      // A pg whose internals moved on: every statement runs unnamed, as without this wrapper.
      if (typeof internals?.parsedStatements !== 'object') return client as unknown as PostgresPoolClient;
      const parsed: Record<string, string> = internals.parsedStatements;
      let inTransaction = false;
      let discard = false;
      const send = async <R>(query: pg.QueryConfig) =>
        (await client.query(query)) as unknown as PostgresQueryResult<R>;

      async function run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        if (transactionStart.test(text)) inTransaction = true;
        else if (transactionEnd.test(text)) inTransaction = false;
        const name = naming ? nameFor(text) : undefined;
        const prepared = name !== undefined && parsed[name] !== undefined;
        if (name === undefined || (!prepared && Object.keys(parsed).length >= maxPerConnection)) {
          return send<R>({ text, values });
        }
        try {
          // Awaited here, so that its failure reaches the catch below.
          return await send<R>({ name, text, values });
        } catch (error) {
          const code = (error as { code?: string }).code;
          const stale = code === FEATURE_NOT_SUPPORTED && prepared;
          const pooler = code !== undefined && POOLER_CODES.has(code);
          if (!stale && !pooler) throw error;
          if (pooler && naming) {
            naming = false;
            options.onPoolerDetected?.(error as Error);
          }
          // Both errors come before the statement ran, so running it again is safe — but not in a
          // transaction, which the error aborted: the connection goes when released, and with it
          // whatever the server holds for it.
          if (inTransaction) {
            discard = true;
            throw error;
          }
          delete parsed[name];
          if (pooler) return send<R>({ text, values });
          await client.query(`DEALLOCATE ${name}`);
          return send<R>({ name, text, values });
        }
      }

      return {
        query: poolClientQuery(client, run),
        release: (destroy?: boolean) => client.release(destroy || discard),
      };
    },
    end: () => pool.end(),
  };
}
