// `llamune-poc user …`: API users. A new key is printed once, alone on the last line of stdout.
import type { Command } from 'commander';
import { createUser, listUsers, rotateApiKey } from '../../core/domain/users';
import { type CliIo, withDatabase } from '../io';
import { formatJson, formatTable } from '../output';

export function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('Manage API users and their keys.');

  user
    .command('create')
    .description('Create a user and print its new API key (shown only this once).')
    .argument('<name>', 'user name (at most 50 characters, no spaces)')
    .action(async (name: string) => {
      const { apiKey, user: created } = await withDatabase(({ db }) => createUser(db, name));
      io.err(`Created user "${created.username}" (id ${created.id}). Its API key, shown only this once:`);
      io.out(apiKey);
    });

  user
    .command('rotate-key')
    .description("Replace a user's API key (the old key stops working) and print the new one.")
    .argument('<name>', 'user name')
    .action(async (name: string) => {
      const { apiKey } = await withDatabase(({ db }) => rotateApiKey(db, name));
      io.err(`New API key for "${name}", shown only this once:`);
      io.out(apiKey);
    });

  user
    .command('list')
    .description('List users (never their keys).')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const users = await withDatabase(({ db }) => listUsers(db));
      const rows = users.map(({ id, username, created_at }) => ({ id, username, created_at }));
      io.out(
        flags.json
          ? formatJson(rows)
          : formatTable(
              ['ID', 'USERNAME', 'CREATED'],
              rows.map((u) => [u.id, u.username, u.created_at]),
            ),
      );
    });
}
