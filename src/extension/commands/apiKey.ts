// Command: Create API Key — a new key for this user (the old one stops working), kept in SecretStorage.
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { CommandContext } from './context';

export function registerApiKeyCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.createApiKey',
      guarded(ctx.log, 'Create API Key', async () => {
        const user = await ctx.database.user();
        const { apiKey } = await loadCore().rotateApiKey(await ctx.database.db(), user.username);
        await ctx.secrets.setApiKey(user.username, apiKey);
        const choice = await vscode.window.showInformationMessage(
          Strings.apiKeyCreated(user.username),
          Strings.copyKey(),
        );
        if (choice) {
          await vscode.env.clipboard.writeText(apiKey);
          void vscode.window.showInformationMessage(Strings.keyCopied());
        }
        return apiKey;
      }),
    ),
  ];
}
