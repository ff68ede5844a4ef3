// Turns a failure to reach the database into a sentence that says what to do, and tells such failures
// from others (each surface answers them as "the database is unavailable", e.g. HTTP 503).
import { DomainError } from '../errors';

interface PgLikeError {
  code?: string;
  message?: string;
}

export function describeConnectionError(error: unknown, where: string): DomainError {
  const e = (error ?? {}) as PgLikeError;
  const message = e.message ?? String(error);
  let advice: string;
  switch (e.code) {
    case 'ECONNREFUSED':
      advice = `Nothing accepts connections at ${where}. Is the PostgreSQL server running, and are the host and port right?`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      advice = `The host in ${where} cannot be found. Check the connection string.`;
      break;
    case 'ETIMEDOUT':
      advice = `Connecting to ${where} timed out. Check the host, the port and any firewall.`;
      break;
    case '28P01':
      advice = `PostgreSQL refused the password for ${where}. Set the right password.`;
      break;
    case '28000':
      advice = `PostgreSQL refused the user of ${where}: ${message}. Check the user name and pg_hba.conf.`;
      break;
    case '3D000':
      advice = `The database in ${where} does not exist: ${message}. Create it (createdb) or fix the name.`;
      break;
    default:
      advice = /password must be a string|SASL/.test(message)
        ? `PostgreSQL at ${where} asks for a password and none was given. Set the password.`
        : `Cannot connect to ${where}: ${message}`;
  }
  return new DomainError('unavailable', advice, 'database_unavailable', { cause: error });
}

// Errors pg raises when the server is gone or going: connection refused/reset, shutdown, no client in
// time, and SQLSTATE class 08 — what a pooler (PgBouncer) answers when it cannot reach PostgreSQL
// ("server login has been failing", "query_wait_timeout", "server conn crashed?").
const databaseDownCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08P01',
]);
const databaseDownMessage =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|Connection ended/i;

/** Whether `error` says the database (or the pooler in front of it) cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && databaseDownCodes.has(code)) || databaseDownMessage.test(error.message);
}
