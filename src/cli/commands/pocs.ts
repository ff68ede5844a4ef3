// `llamune-poc poc …`: the PoCs (business domains) people evaluate models on.
import type { Command } from 'commander';
import { createPoc, listPocs } from '../../core/domain/pocs';
import { type CliIo, withDatabase } from '../io';
import { formatJson, formatTable } from '../output';

export function registerPocCommands(program: Command, io: CliIo): void {
  const poc = program.command('poc').description('Manage PoCs.');

  poc
    .command('create')
    .description('Create a PoC.')
    .requiredOption('--name <name>', 'PoC name (at most 100 characters)')
    .requiredOption('--domain <domain>', 'business domain, e.g. 会計 (at most 100 characters)')
    .option('--system-prompt <text>', 'default system prompt for new sessions')
    .option('--json', 'print the new PoC as JSON')
    .action(async (flags: { name: string; domain: string; systemPrompt?: string; json?: boolean }) => {
      const created = await withDatabase(({ db }) =>
        createPoc(db, { name: flags.name, domain: flags.domain, default_system_prompt: flags.systemPrompt }),
      );
      io.err(`Created PoC "${created.name}".`);
      io.out(flags.json ? formatJson(created) : String(created.id));
    });

  poc
    .command('list')
    .description('List PoCs.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const pocs = await withDatabase(({ db }) => listPocs(db));
      io.out(
        flags.json
          ? formatJson(pocs)
          : formatTable(
              ['ID', 'NAME', 'DOMAIN', 'DEFAULT SYSTEM PROMPT', 'CREATED'],
              pocs.map((p) => [p.id, p.name, p.domain, p.default_system_prompt, p.created_at]),
            ),
      );
    });
}
