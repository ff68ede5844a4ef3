// Llamune: Blind A/B Test… (the Logs view's selection or a PoC / group, a sample of a PoC's questions,
// or a question file; then two models / versions) and Llamune: Open Blind A/B Test…. The answers are
// asked one at a time behind a cancellable progress notification (cancel = pause; resume later), then
// the A/B view opens for this window's user to vote.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import { guarded } from '../errors';
import type { ModelServerController } from '../modelServer/controller';
import type { LogsNode } from '../views/logsNodes';
import { databaseBackend } from './abTestBackend';
import { pickTwoModels } from './abTestModels';
import { chooseSource } from './abTestSource';
import { AbTestStrings as S } from './abTestStrings';
import { AbTestView } from './abTestView';

interface Deps {
  ctx: CommandContext;
  modelServer: ModelServerController;
  view: AbTestView;
}

export function registerAbTestCommands(
  ctx: CommandContext,
  modelServer: ModelServerController,
  logsView: vscode.TreeView<LogsNode>,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  const view = new AbTestView({
    extensionUri,
    panelTitle: S.panelTitle(),
    locale: vscode.env.language.toLowerCase().startsWith('ja') ? 'ja' : 'en',
    warn: (message) => ctx.log.warn(message),
  });
  const deps: Deps = { ctx, modelServer, view };
  return [
    view,
    vscode.commands.registerCommand(
      'llamune.abTest',
      guarded(ctx.log, 'Blind A/B test', async (node?: LogsNode, selected?: LogsNode[]) => {
        const source = await chooseSource(ctx, node, selected ?? [...logsView.selection]);
        if (!source) return;
        const models = await pickTwoModels(ctx);
        if (!models) return;
        const db = await ctx.database.db();
        const user = await ctx.database.user();
        const { runId } = await loadCore().createAbRun(db, {
          model_ids: models,
          user_id: user.id,
          source,
        });
        await askAndOpen(deps, runId);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.openAbTest',
      guarded(ctx.log, 'Open blind A/B test', async () => {
        const runs = await loadCore().listAbRuns(await ctx.database.db());
        if (runs.length === 0) {
          void vscode.window.showInformationMessage(S.noRuns());
          return;
        }
        const picked = await vscode.window.showQuickPick(
          runs.map((run) => ({
            label: run.title,
            description: S.runDescription(S.status[run.status](), run.created_at.toLocaleString()),
            detail: run.paused_reason ?? undefined,
            id: run.id,
          })),
          { title: S.title(), placeHolder: S.runPlaceholder() },
        );
        if (picked) await askAndOpen(deps, picked.id);
      }),
    ),
  ];
}

/** Asks what the run has not asked yet (cancel pauses), then opens the view to vote. */
async function askAndOpen(deps: Deps, runId: number): Promise<void> {
  const { ctx } = deps;
  const core = loadCore();
  const db = await ctx.database.db();
  const user = await ctx.database.user();
  const run = await core.abRunView(db, runId, user.id);
  if (run.status !== 'done') {
    const asker = await deps.modelServer.asker();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: run.title, cancellable: true },
      async (progress, token) => {
        const pause = new AbortController();
        token.onCancellationRequested(() => pause.abort());
        let last = 0;
        return core.runAbTest(db, asker, runId, {
          signal: pause.signal,
          onProgress: (p) => {
            progress.report({
              message: S.progress(p.answered, p.total),
              increment: ((p.answered - last) / p.total) * 100,
            });
            last = p.answered;
            if (p.error) ctx.log.warn(`A/B run ${runId}, item ${p.error}`);
          },
        });
      },
    );
    ctx.database.notifyChanged('logs');
    if (outcome.status === 'paused') {
      const choice = await vscode.window.showWarningMessage(
        S.paused(outcome.reason ?? ''),
        S.resume(),
        S.openAnyway(),
      );
      if (choice === S.resume()) return askAndOpen(deps, runId);
      if (choice !== S.openAnyway()) return;
    }
  }
  deps.view.show(databaseBackend(core, db, runId, user.id), run.title);
}
