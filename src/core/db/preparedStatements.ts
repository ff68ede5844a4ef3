// Statements that repeat are prepared once per connection (named statements), so that PostgreSQL parses
// and plans them once rather than on every call: measured with pgbench, GET /logs/:id's query costs the
// server 223 µs unnamed and 46 µs prepared. Real PostgreSQL only: PGlite serves every socket connection
// from its one backend, where two connections' statement names would collide.
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

export interface PreparedStatementOptions {
  /** Distinct statements a connection prepares at most; beyond them, statements run unnamed. */
  maxPerConnection?: number;
}

// Only plannable statements can be prepared; a leading comment marks a one-off (cancellable.ts tags).
const preparable = /^\s*(select|insert|update|delete|with)\b/i;
const transactionStart = /^\s*(begin|start\s+transaction)\b/i;
const transactionEnd = /^\s*(commit|rollback|end|abort)\b/i;
// "cached plan must not change result type": a table under a prepared `SELECT *` gained or lost a column.
const FEATURE_NOT_SUPPORTED = '0A000';

/** pg's own record of what this connection has prepared (internal to pg 8, read and pruned here). */
interface PgConnectionInternals {
  parsedStatements: Record<string, string>;
}

export function withPreparedStatements(pool: pg.Pool, options: PreparedStatementOptions = {}): PostgresPool {
  const maxPerConnection = options.maxPerConnection ?? 200;
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

      async function run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        if (transactionStart.test(text)) inTransaction = true;
        else if (transactionEnd.test(text)) inTransaction = false;
        const name = nameFor(text);
        const prepared = name !== undefined && parsed[name] !== undefined;
        if (name === undefined || (!prepared && Object.keys(parsed).length >= maxPerConnection)) {
          return (await client.query(text, values)) as unknown as PostgresQueryResult<R>;
        }
        try {
          return (await client.query({ name, text, values })) as unknown as PostgresQueryResult<R>;
        } catch (error) {
          if ((error as { code?: string }).code !== FEATURE_NOT_SUPPORTED || !prepared) throw error;
          // The statement is stale. In a transaction it cannot be replaced (the transaction is now
          // aborted): the connection goes when released, and its statements with it.
          if (inTransaction) {
            discard = true;
            throw error;
          }
          await client.query(`DEALLOCATE ${name}`);
          delete parsed[name];
          return (await client.query({ name, text, values })) as unknown as PostgresQueryResult<R>;
        }
      }

      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        text: string | PostgresCursor<R>,
        parameters?: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof text !== 'string') {
          client.query(text as unknown as pg.Submittable); // pg returns the submitted object itself
          return text;
        }
        return run<R>(text, [...(parameters ?? [])]);
      }
      return {
        query,
        release: (destroy?: boolean) => client.release(destroy || discard),
      };
    },
    end: () => pool.end(),
  };
}
