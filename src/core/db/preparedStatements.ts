// Statements that repeat are prepared once per connection (named statements), so that PostgreSQL parses
// and plans them once rather than on every call: measured with pgbench, GET /logs/:id's query costs the
// server 223 µs unnamed and 46 µs prepared. Real PostgreSQL only: PGlite serves every socket connection
// from its one backend, where two connections' statement names would collide.
// Behind a pooler that hands one client connection different servers (PgBouncer in transaction mode
// before 1.21), a statement prepared on one server is missing on the next or already there: the first
// sign of that turns naming off for the whole pool, and the statement runs again unnamed. So that this
// is always safe: a name is a hash of its text (on any server, from any process, a name means one
// statement), and statements in an explicit transaction are never named (an error there would abort
// the caller's transaction instead of being retried).
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { poolClientQuery } from './poolClientQuery';
import { transactionTracker } from './transactionStatements';

export interface PreparedStatementOptions {
  /** Distinct statements a connection prepares at most; beyond them, statements run unnamed. */
  maxPerConnection?: number;
  /** Told once when naming is turned off because the server lost or already had a statement. */
  onPoolerDetected?: (error: Error) => void;
}

// Only plannable statements can be prepared; a leading comment marks a one-off (cancellable.ts tags).
const preparable = /^\s*(select|insert|update|delete|with)\b/i;
// "cached plan must not change result type": a table under a prepared `SELECT *` gained or lost a column.
const FEATURE_NOT_SUPPORTED = '0A000';
// "prepared statement … does not exist" / "… already exists": another server behind the same connection.
const POOLER_CODES = new Set(['26000', '42P05']);

const codeOf = (error: unknown) => (error as { code?: string } | undefined)?.code;
const isPoolerError = (error: unknown) => POOLER_CODES.has(codeOf(error) ?? '');

/** A caller's hold on a statement run on its own: giving it up closes its connection at once. */
export interface StatementControl {
  givenUp: boolean;
  /** Set by run() while it holds a connection. */
  onGiveUp?: () => void;
}

/** A pool for Kysely that also runs one statement on its own, outside any transaction. */
export interface StatementPool extends PostgresPool {
  run<R>(text: string, values: unknown[], control?: StatementControl): Promise<PostgresQueryResult<R>>;
}

/** The name a statement is prepared under: the same text gets the same name in every process. */
export function statementName(text: string): string {
  return `llamune_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** pg's own record of what this connection has prepared (internal to pg 8, read and pruned here). */
interface PgConnectionInternals {
  parsedStatements: Record<string, string>;
}

export function withPreparedStatements(pool: pg.Pool, options: PreparedStatementOptions = {}): StatementPool {
  const maxPerConnection = options.maxPerConnection ?? 200;
  let naming = true;
  // One name per statement text, shared by every connection (each prepares it on first use).
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxPerConnection * 4 && preparable.test(text)) {
      name = statementName(text);
      names.set(text, name);
    }
    return name;
  };

  const turnNamingOff = (error: Error) => {
    if (!naming) return;
    naming = false;
    options.onPoolerDetected?.(error);
  };

  const parsedOf = (client: pg.PoolClient): Record<string, string> | undefined => {
    const internals = (client as unknown as { connection?: Partial<PgConnectionInternals> }).connection;
    // A pg whose internals moved on: every statement runs unnamed, as without this wrapper.
    return typeof internals?.parsedStatements === 'object' ? internals.parsedStatements : undefined;
  };
  const send = <R>(client: pg.PoolClient, query: pg.QueryConfig) =>
    client.query(query) as unknown as Promise<PostgresQueryResult<R>>;

  /** `text` on `client`, named unless it is inside a transaction or naming is off. */
  async function runOn<R>(
    client: pg.PoolClient,
    parsed: Record<string, string>,
    text: string,
    values: unknown[],
    inTransaction: boolean,
  ): Promise<PostgresQueryResult<R>> {
    const name = naming && !inTransaction ? nameFor(text) : undefined;
    const prepared = name !== undefined && parsed[name] !== undefined;
    if (name === undefined || (!prepared && Object.keys(parsed).length >= maxPerConnection)) {
      return send<R>(client, { text, values });
    }
    try {
      // Awaited here, so that its failure reaches the catch below.
      return await send<R>(client, { name, text, values });
    } catch (error) {
      const stale = codeOf(error) === FEATURE_NOT_SUPPORTED && prepared;
      if (!stale && !isPoolerError(error)) throw error;
      // Both errors come before the statement ran (and outside a transaction), so running it
      // again is safe.
      delete parsed[name];
      let poolerError = error as Error;
      if (stale) {
        try {
          await client.query(`DEALLOCATE ${name}`);
          return await send<R>(client, { name, text, values });
        } catch (again) {
          if (!isPoolerError(again)) throw again;
          poolerError = again as Error;
        }
      }
      turnNamingOff(poolerError);
      return send<R>(client, { text, values });
    }
  }

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const parsed = parsedOf(client);
      if (parsed === undefined) return client as unknown as PostgresPoolClient;
      const transaction = transactionTracker();
      return {
        query: poolClientQuery(client, (text, values) =>
          runOn(client, parsed, text, values, transaction.see(text)),
        ),
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    async run<R>(
      text: string,
      values: unknown[],
      control?: StatementControl,
    ): Promise<PostgresQueryResult<R>> {
      const client = await pool.connect();
      let released = false;
      // A connection given up on may still hold the statement (a pooler's queue): it is closed, not reused.
      const release = (destroy: boolean) => {
        if (released) return;
        released = true;
        client.release(destroy);
      };
      try {
        if (control) {
          if (control.givenUp) throw new Error('The statement was given up before it had a connection.');
          control.onGiveUp = () => release(true);
        }
        const parsed = parsedOf(client);
        if (parsed === undefined) return await send<R>(client, { text, values });
        return await runOn<R>(client, parsed, text, values, false);
      } finally {
        release(control?.givenUp ?? false);
      }
    },
    end: () => pool.end(),
  };
}
