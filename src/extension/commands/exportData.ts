// Llamune: Export Training Data… — from the palette, the Logs view's title bar (its current filter) or a
// PoC / group node (that node's filter): a list of the choices to adjust, a preview read with progress
// and cancel, then Write or Write and mark trained. The core does the work (src/core/export).
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isDomainError } from '../../core/errors';
import type { PreparedExport } from '../../core/export';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { editChoices } from '../export/choicesPicker';
import {
  choicesFromFilter,
  defaultFolderName,
  type ExportChoices,
  requestFor,
} from '../export/exportChoices';
import { ExportStrings as S } from '../export/exportStrings';
import { showPreview } from '../export/previewPicker';
import type { EvaluationPanel } from '../panel/panelHost';
import type { LogsNode } from '../views/logsNodes';
import type { LogsTreeProvider } from '../views/logsTree';
import type { CommandContext } from './context';

export function registerExportCommands(
  ctx: CommandContext,
  tree: LogsTreeProvider,
  panel: EvaluationPanel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.exportTrainingData',
      guarded(ctx.log, 'Export training data', (node?: LogsNode) =>
        exportTrainingData(ctx, tree, panel, node),
      ),
    ),
  ];
}

/** Returns the folder written, undefined when nothing was. */
async function exportTrainingData(
  ctx: CommandContext,
  tree: LogsTreeProvider,
  panel: EvaluationPanel,
  node?: LogsNode,
): Promise<string | undefined> {
  const core = loadCore();
  const db = await ctx.database.db();
  const pocs = await core.listPocs(db);
  if (pocs.length === 0) {
    void vscode.window.showInformationMessage(S.noPocs());
    return;
  }
  const filter = node?.kind === 'poc' || node?.kind === 'group' ? node.filter : tree.baseFilter();
  const firstPoc = pocs.find((p) => p.id === (filter.pocId ?? ctx.selection.state.pocId)) ?? pocs[0]!;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const folder = join(root, 'training-data', defaultFolderName(firstPoc.name, new Date()));
  const { choices, ignored } = choicesFromFilter(filter, { pocIds: [firstPoc.id], folder });
  if (ignored.length > 0) void vscode.window.showInformationMessage(S.ignored(ignored.join(', ')));

  while (await editChoices(choices, pocs)) {
    let overwrite = false;
    if ((await readdir(choices.folder).catch(() => [])).length > 0) {
      const replace = await vscode.window.showWarningMessage(
        S.folderNotEmpty(choices.folder),
        { modal: true },
        S.replace(),
      );
      if (replace !== S.replace()) continue;
      overwrite = true;
    }
    const prepared = await previewWithProgress(ctx, choices, overwrite);
    if (prepared === 'cancelled') {
      void vscode.window.showInformationMessage(S.cancelled());
      return;
    }
    if (!prepared) continue;
    const action = await showPreview(prepared.preview, panel);
    if (!action) {
      await core.discardExport(prepared);
      continue;
    }
    const committed = await core.commitExport(db, prepared, { markTrained: action === 'mark', overwrite });
    ctx.database.notifyChanged('logs', committed.marked);
    const lines = [S.written(committed.files.length, committed.folder)];
    if (action === 'mark') lines.push(S.marked(committed.marked.length));
    if (committed.changedSincePreview.length > 0) lines.push(S.changed(committed.changedSincePreview.length));
    // Not awaited: a caller (Train Adapter) goes on with the folder while the message stays.
    void vscode.window
      .showInformationMessage(lines.join(' '), S.openManifest(), S.reveal())
      .then((choice) => {
        if (choice === S.openManifest())
          return vscode.window.showTextDocument(vscode.Uri.file(committed.manifestPath), { preview: true });
        if (choice === S.reveal())
          return vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(committed.manifestPath));
        return undefined;
      });
    return committed.folder;
  }
  return undefined;
}

/** Reads and stages the export with a cancellable progress notification; undefined after an error. */
async function previewWithProgress(
  ctx: CommandContext,
  choices: ExportChoices,
  overwrite: boolean,
): Promise<PreparedExport | 'cancelled' | undefined> {
  const core = loadCore();
  const connection = await ctx.database.connection();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: S.reading(), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await core.prepareExportInWorker(connection, requestFor(choices), {
          workerScript: join(__dirname, 'exportWorker.js'),
          folder: choices.folder,
          overwrite,
          signal: controller.signal,
          onProgress: (done, total) => {
            const percent = (done / total) * 100;
            progress.report({ increment: percent - reported, message: `${Math.floor(percent)}%` });
            reported = percent;
          },
        });
      } catch (error) {
        if (controller.signal.aborted) return 'cancelled' as const;
        if (!isDomainError(error)) throw error;
        ctx.log.warn(`Export: ${error.message}`);
        void vscode.window.showErrorMessage(error.message);
        return undefined;
      } finally {
        subscription.dispose();
      }
    },
  );
}
