// Kysely reaches the embedded server through this pool wrapper, so that a broken connection (the
// server process died) surfaces as one clear `unavailable` error rather than pg's bare socket errors.
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { DomainError } from '../../errors';
import { poolClientQuery } from '../poolClientQuery';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const CONNECTION_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;

/** Whether the error is about the connection itself, not about a statement. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.test(error.message);
}

export function explainLostServer(pool: pg.Pool, describe: () => string): PostgresPool {
  const explain = (error: unknown): unknown =>
    isConnectionError(error)
      ? new DomainError(
          'unavailable',
          `Lost the connection to the embedded database server (${describe()}): ${(error as Error).message}. ` +
            'If it stopped, close and open the database again to start a new one.',
          'embedded_server_lost',
          { cause: error },
        )
      : error;

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect().catch((error: unknown) => {
        throw explain(error);
      });
      const run = <R>(text: string, values: unknown[]) =>
        client.query(text, values).then(
          (result) => result as unknown as PostgresQueryResult<R>,
          (error: unknown) => {
            throw explain(error);
          },
        );
      return {
        query: poolClientQuery(client, run),
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
