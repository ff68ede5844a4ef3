// The CLI's command tree. Each command group lives in its own module; this file assembles them and
// maps failures to exit codes (2: bad usage or input, 1: the command failed).
import { Command, CommanderError } from 'commander';
import { isDomainError } from '../core/errors';
import { registerAbCommands } from './commands/ab';
import { registerExportCommand } from './commands/export';
import { registerLogCommands } from './commands/logs';
import { registerModelCommands } from './commands/models';
import { registerPocCommands } from './commands/pocs';
import { registerRetestCommands } from './commands/retest';
import { registerReviewCommands } from './commands/review';
import { registerServeCommand } from './commands/serve';
import { registerUserCommands } from './commands/users';
import { type CliIo, processIo, UsageError, withDatabase } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command('llamune-poc')
    .description(
      'Llamune PoC: evaluate local LLMs. Uses DATABASE_URL when set, else the embedded database\n' +
        '(in LLAMUNE_DATA_DIR, default: your data directory).',
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('migrate')
    .description('Create or update the database schema (a no-op when it is up to date).')
    .action(async () => {
      const description = await withDatabase(async (handle) => handle.description);
      io.err(`The schema of ${description} is up to date.`);
    });

  registerUserCommands(program, io);
  registerPocCommands(program, io);
  registerRetestCommands(program, io);
  registerAbCommands(program, io);
  registerModelCommands(program, io);
  registerLogCommands(program, io);
  registerExportCommand(program, io);
  registerReviewCommands(program, io);
  registerServeCommand(program, io);

  // Subcommands inherit the output and exit behaviour.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.copyInheritedSettings(command);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // --help and --version end through here too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`error: ${message}`);
    if (error instanceof UsageError || (isDomainError(error) && error.kind === 'invalid')) return 2;
    return 1;
  }
}
