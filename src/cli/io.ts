// The CLI's streams and the shared database lifetime for one command.
import { join } from 'node:path';
import { databaseConfigFromEnv } from '../core/db/location';
import { migrateToLatest } from '../core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../core/db/open';

export interface CliIo {
  /** Results: what a script reads. */
  out(text: string): void;
  /** Messages for the person at the terminal. */
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Opens the configured database (DATABASE_URL, else the embedded one), migrated; always closes it. */
export async function withDatabase<T>(body: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(databaseConfigFromEnv(join(__dirname, 'pglite-server.mjs')));
  try {
    await migrateToLatest(handle.db);
    return await body(handle);
  } finally {
    await handle.close();
  }
}

/** A flag value that failed validation: exit code 2, like any other usage error. */
export class UsageError extends Error {}
