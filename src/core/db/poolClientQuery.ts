// Kysely's pool client `query`, for pool wrappers that change how a statement runs: a cursor (streaming)
// is submitted to pg as is — its own reads report their errors — and a statement goes to `run`.
import type { PostgresCursor, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

export type RunStatement = <R>(text: string, values: unknown[]) => Promise<PostgresQueryResult<R>>;

export function poolClientQuery(client: pg.PoolClient, run: RunStatement) {
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
  return query;
}
