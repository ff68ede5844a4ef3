// Turns a failure to reach the database into a sentence that says what to do.
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
