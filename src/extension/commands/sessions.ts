// Commands: Start Session, End Session. Starting asks for what is missing (PoC, model) and for the
// system prompt, prefilled with the PoC's default.
import * as vscode from 'vscode';
import type { SessionDetails } from '../../core/domain/sessions';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { CommandContext } from './context';
import { selectModel } from './models';
import { selectPoc } from './pocs';

export function registerSessionCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.startSession',
      guarded(ctx.log, 'Start Session', () => startSessionFlow(ctx)),
    ),
    vscode.commands.registerCommand(
      'llamune.endSession',
      guarded(ctx.log, 'End Session', () => endSessionFlow(ctx)),
    ),
  ];
}

/**
 * Starts a session with the current PoC and model (asking for them when none is chosen).
 * `systemPrompt` given: no prompt box (the panel sends its own); undefined: ask, prefilled.
 */
export async function startSessionFlow(
  ctx: CommandContext,
  options: { systemPrompt?: string | null; askForPrompt?: boolean } = {},
): Promise<SessionDetails | undefined> {
  const { getPoc, startSession } = loadCore();
  const db = await ctx.database.db();
  const pocId = ctx.selection.state.pocId ?? (await selectPoc(ctx));
  if (pocId === undefined) return undefined;
  const modelId = ctx.selection.state.modelId ?? (await selectModel(ctx));
  if (modelId === undefined) return undefined;
  let systemPrompt = options.systemPrompt;
  if (systemPrompt === undefined) {
    const poc = await getPoc(db, pocId).catch(async (error) => {
      await ctx.selection.setPoc(undefined);
      throw error;
    });
    if (options.askForPrompt === false) {
      systemPrompt = poc.default_system_prompt;
    } else {
      const typed = await vscode.window.showInputBox({
        title: Strings.sessionGroup(),
        prompt: Strings.systemPromptPrompt(),
        value: poc.default_system_prompt ?? '',
        ignoreFocusOut: true,
      });
      if (typed === undefined) return undefined;
      systemPrompt = typed;
    }
  }
  const user = await ctx.database.user();
  const session = await startSession(db, {
    user_id: user.id,
    poc_id: pocId,
    model_id: modelId,
    system_prompt: systemPrompt,
  });
  await ctx.selection.setSession(session.id);
  ctx.database.notifyChanged('sessions');
  ctx.log.info(
    `Session ${session.id} started: ${session.poc_name} / ${session.model_name} v${session.model_version}`,
  );
  void vscode.window.showInformationMessage(Strings.sessionStarted(session.poc_name, session.model_name));
  return session;
}

export async function endSessionFlow(ctx: CommandContext): Promise<void> {
  const sessionId = ctx.selection.state.sessionId;
  if (sessionId === undefined) {
    void vscode.window.showInformationMessage(Strings.noSession());
    return;
  }
  const user = await ctx.database.user();
  try {
    await loadCore().endSession(await ctx.database.db(), sessionId, { userId: user.id });
  } finally {
    // Ended now or before (a conflict): either way this window has no open session any more.
    await ctx.selection.setSession(undefined);
    ctx.database.notifyChanged('sessions');
  }
  void vscode.window.showInformationMessage(Strings.sessionEnded());
}
