// Commands: Create PoC, Select PoC.
import * as vscode from 'vscode';
import { requiredText } from '../../core/domain/codes';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { CommandContext } from './context';
import { validateWith } from './validation';

export function registerPocCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.createPoc',
      guarded(ctx.log, 'Create PoC', () => createPocFlow(ctx)),
    ),
    vscode.commands.registerCommand(
      'llamune.selectPoc',
      guarded(ctx.log, 'Select PoC', (id?: unknown) =>
        selectPoc(ctx, typeof id === 'number' ? id : undefined),
      ),
    ),
  ];
}

async function createPocFlow(ctx: CommandContext): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: Strings.createPoc(),
    prompt: Strings.pocNamePrompt(),
    placeHolder: Strings.pocNamePlaceholder(),
    validateInput: validateWith(requiredText(100)),
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  const domain = await vscode.window.showInputBox({
    title: Strings.createPoc(),
    prompt: Strings.pocDomainPrompt(),
    placeHolder: Strings.pocDomainPlaceholder(),
    validateInput: validateWith(requiredText(100)),
    ignoreFocusOut: true,
  });
  if (domain === undefined) return;
  const prompt = await vscode.window.showInputBox({
    title: Strings.createPoc(),
    prompt: Strings.pocPromptPrompt(),
    ignoreFocusOut: true,
  });
  if (prompt === undefined) return;
  const poc = await loadCore().createPoc(await ctx.database.db(), {
    name,
    domain,
    default_system_prompt: prompt,
  });
  await ctx.selection.setPoc(poc.id);
  ctx.database.notifyChanged('pocs');
  void vscode.window.showInformationMessage(Strings.pocCreated(poc.name));
}

/** Selects a PoC by id (from the tree) or with a quick pick; returns the chosen id. */
export async function selectPoc(ctx: CommandContext, id?: number): Promise<number | undefined> {
  if (id === undefined) {
    const pocs = await loadCore().listPocs(await ctx.database.db());
    if (pocs.length === 0) {
      const choice = await vscode.window.showWarningMessage(Strings.noPocs(), Strings.createPoc());
      if (choice) await vscode.commands.executeCommand('llamune.createPoc');
      return undefined;
    }
    const current = ctx.selection.state.pocId;
    const picked = await vscode.window.showQuickPick(
      pocs.map((poc) => ({
        label: poc.name,
        description: poc.domain,
        detail: poc.default_system_prompt ?? undefined,
        picked: poc.id === current,
        id: poc.id,
      })),
      { title: Strings.selectPoc(), matchOnDescription: true },
    );
    if (!picked) return undefined;
    id = picked.id;
  }
  await ctx.selection.setPoc(id);
  return id;
}
