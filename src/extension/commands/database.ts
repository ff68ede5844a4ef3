// Command: Configure Database — embedded or a PostgreSQL URL, the password into SecretStorage.
import * as vscode from 'vscode';
import * as z from 'zod';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { CommandContext } from './context';
import { validateWith } from './validation';

const urlWithoutPassword = () =>
  z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/.+/, Strings.dbUrlInvalid())
    .refine((s) => {
      try {
        return !new URL(s).password;
      } catch {
        return false;
      }
    }, Strings.dbUrlHasPassword());

export function registerDatabaseCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.configureDatabase',
      guarded(ctx.log, 'Configure Database', () => configure(ctx)),
    ),
  ];
}

async function configure(ctx: CommandContext): Promise<void> {
  const current = ctx.config.settings['database.connectionString'];
  const choice = await vscode.window.showQuickPick(
    [
      {
        label: Strings.dbEmbedded(),
        detail: Strings.dbEmbeddedDetail(),
        mode: 'embedded' as const,
        picked: !current,
      },
      {
        label: Strings.dbPostgres(),
        detail: Strings.dbPostgresDetail(),
        mode: 'postgres' as const,
        picked: Boolean(current),
      },
    ],
    { title: Strings.dbChooseTitle() },
  );
  if (!choice) return;
  if (choice.mode === 'embedded') {
    await ctx.config.update('database.connectionString', '');
  } else {
    const url = await vscode.window.showInputBox({
      title: Strings.configureDatabase(),
      prompt: Strings.dbUrlPrompt(),
      placeHolder: Strings.dbUrlPlaceholder(),
      value: current,
      validateInput: validateWith(urlWithoutPassword()),
      ignoreFocusOut: true,
    });
    if (url === undefined) return;
    const password = await vscode.window.showInputBox({
      title: Strings.configureDatabase(),
      prompt: Strings.dbPasswordPrompt(),
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
    await ctx.secrets.setDatabasePassword(password);
    await ctx.config.update('database.connectionString', url.trim());
  }
  // The settings change reopens the database; a password change alone needs it done here.
  await ctx.database.reopen();
  void vscode.window.showInformationMessage(Strings.dbSaved(await ctx.database.description()));
}
