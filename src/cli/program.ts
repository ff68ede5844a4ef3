// The CLI's command tree. Each command group lives in its own module; this file only assembles them
// and maps failures to exit codes (2: bad usage, 1: the command failed).
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { databaseConfigFromEnv } from '../core/db/location';
import { migrateToLatest } from '../core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../core/db/open';
import { isDomainError } from '../core/errors';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Opens the configured database, migrated, for one command; always closes it. */
export async function withDatabase<T>(io: CliIo, body: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(databaseConfigFromEnv(join(__dirname, 'pglite-server.mjs')));
  try {
    await migrateToLatest(handle.db);
    return await body(handle);
  } finally {
    await handle.close();
  }
}

export class UsageError extends Error {}

export function buildProgram(io: CliIo): Command {
  const program = new Command('llamune-poc')
    .description('Llamune PoC: evaluate local LLMs — database, users, PoCs, models and logs from the shell.')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('migrate')
    .description('Create or update the database schema (a no-op when it is up to date).')
    .action(async () => {
      await withDatabase(io, async (handle) => {
        io.err(`Database: ${handle.description}`);
      });
      io.err('The schema is up to date.');
    });

  return program;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || (isDomainError(error) && error.kind === 'invalid')) {
      io.err(`error: ${(error as Error).message}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
