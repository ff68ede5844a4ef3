// Commands: Open Evaluation Panel, Ask About Selection (quick ask from the editor).
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { EvaluationPanel } from '../panel/panelHost';
import type { CommandContext } from './context';
import { quickAskQuestion } from './quickAskText';
import { startSessionFlow } from './sessions';

export function registerPanelCommands(ctx: CommandContext, panel: EvaluationPanel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('llamune.openPanel', () => panel.show()),
    vscode.commands.registerCommand(
      'llamune.askAboutSelection',
      guarded(ctx.log, 'Ask About Selection', async () => {
        const editor = vscode.window.activeTextEditor;
        const selected = editor?.document.getText(editor.selection) ?? '';
        if (!editor || selected.trim() === '') {
          void vscode.window.showInformationMessage(Strings.selectionEmpty());
          return;
        }
        const instruction = await vscode.window.showInputBox({
          prompt: Strings.instructionPrompt(),
          ignoreFocusOut: true,
        });
        if (instruction === undefined) return;
        const question = quickAskQuestion(selected, instruction, editor.document.languageId);
        if (!(await hasOpenSession(ctx))) {
          const session = await startSessionFlow(ctx, { askForPrompt: false });
          if (!session) return;
        }
        await panel.ask(question);
      }),
    ),
  ];
}

async function hasOpenSession(ctx: CommandContext): Promise<boolean> {
  const sessionId = ctx.selection.state.sessionId;
  if (sessionId === undefined) return false;
  const { getSession } = loadCore();
  const user = await ctx.database.user();
  const session = await getSession(await ctx.database.db(), sessionId, { userId: user.id }).catch(
    () => undefined,
  );
  return Boolean(session && !session.ended_at);
}
