// A statement that gets neither a connection nor its answer in time fails, rather than hanging the
// request that waits for it: with PostgreSQL gone, a pooler in front of it (PgBouncer) keeps a query
// queued for its query_wait_timeout (120 s by default) before saying anything. The connection of a
// statement past its deadline is closed, not reused: a pooler then drops the queued query (it never
// runs later), and the pool opens a fresh connection for the next caller. Statements inside an explicit
// transaction have no deadline (a migration may take long; its BEGIN already got a server, and a server
// lost mid-transaction fails the connection at once).
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { DomainError } from '../errors';
import type { StatementControl, StatementPool } from './preparedStatements';
import { transactionTracker } from './transactionStatements';

/** Every statement in this one error shape: 503 `database_unavailable` over HTTP. */
export function databaseTimeout(timeoutMs: number): DomainError {
  return new DomainError(
    'unavailable',
    `The database is not available: no answer within ${timeoutMs / 1000} s. Is PostgreSQL (or the pooler in front of it) running?`,
    'database_unavailable',
  );
}

/** The deadline around `promise`; past it, `onExpired` is told and the caller gets the timeout error. */
function within<T>(
  promise: Promise<T>,
  timeoutMs: number,
  waitMs: number,
  onExpired: (e: DomainError) => void,
) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const expired = databaseTimeout(timeoutMs);
      onExpired(expired);
      reject(expired);
    }, waitMs);
    promise.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function withQueryDeadline(
  pool: PostgresPool,
  timeoutMs: number,
): PostgresPool & Partial<StatementPool> {
  const inner = pool as PostgresPool & Partial<StatementPool>;
  return {
    // One statement on its own: the deadline runs from asking for a connection to the answer, and a
    // connection it expired on is closed, never reused (as below).
    ...(inner.run && {
      run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        const control: StatementControl = { givenUp: false };
        const running = inner.run!<R>(text, values, control);
        return within(running, timeoutMs, timeoutMs, () => {
          control.givenUp = true;
          control.onGiveUp?.();
        });
      },
    }),
    async connect(): Promise<PostgresPoolClient> {
      // One deadline from asking for a connection to the first statement's answer.
      const deadline = Date.now() + timeoutMs;
      const client = await pool.connect();
      const transaction = transactionTracker();
      let expired: DomainError | undefined;
      let bounded = true;

      function run<R>(text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        if (expired) return Promise.reject(expired);
        const inside = transaction.see(text);
        const running = client.query<R>(text, parameters);
        if (inside) return running;
        // The first statement has what is left of the deadline; later ones (after a COMMIT) a whole one.
        const wait = bounded ? Math.max(deadline - Date.now(), 100) : timeoutMs;
        bounded = false;
        return within(running, timeoutMs, wait, (error) => {
          expired = error;
        });
      }

      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        text: string | PostgresCursor<R>,
        parameters?: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        // A cursor (streaming) reads at its own pace; it is passed on as is.
        if (typeof text !== 'string') return client.query(text);
        return run<R>(text, parameters ?? []);
      }

      return {
        query,
        // Past its deadline the connection may still hold the query (a pooler's queue): close it.
        release: (destroy?: boolean) => client.release(destroy || expired !== undefined),
      };
    },
    end: () => pool.end(),
  };
}
