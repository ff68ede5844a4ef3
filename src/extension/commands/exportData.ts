// Llamune: Export Training Data… — from the palette, the Logs view's title bar (its current filter) or a
// PoC / group node (that node's filter): a list of the choices to adjust, a preview read with progress
// and cancel, then Write or Write and mark trained. The core does the work (src/core/export).
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { Poc } from '../../core/db/schema';
import { isDomainError } from '../../core/errors';
import type { ExportFormat, ExportPreview, PreparedExport } from '../../core/export';
import { loadCore } from '../core';
import { guarded } from '../errors';
import {
  type Code,
  choicesFromFilter,
  defaultFolderName,
  type ExportChoices,
  formatSplit,
  parseSplit,
  requestFor,
} from '../export/exportChoices';
import { ExportStrings as S } from '../export/exportStrings';
import type { EvaluationPanel } from '../panel/panelHost';
import type { LogsNode } from '../views/logsNodes';
import { LogsStrings } from '../views/logsStrings';
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

const CODE_NAMES = () => ({
  evaluation: { 1: LogsStrings.good(), 2: LogsStrings.insufficient(), 3: LogsStrings.wrong() },
  status: { 1: LogsStrings.unprocessed(), 2: LogsStrings.trained(), 3: LogsStrings.verified() },
  priority: { 1: LogsStrings.high(), 2: LogsStrings.medium(), 3: LogsStrings.low() },
});

async function exportTrainingData(
  ctx: CommandContext,
  tree: LogsTreeProvider,
  panel: EvaluationPanel,
  node?: LogsNode,
): Promise<void> {
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
    const choice = await vscode.window.showInformationMessage(lines.join(' '), S.openManifest(), S.reveal());
    if (choice === S.openManifest())
      await vscode.window.showTextDocument(vscode.Uri.file(committed.manifestPath), { preview: true });
    else if (choice === S.reveal())
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(committed.manifestPath));
    return;
  }
}

/** The list of choices; resolves true on Preview, false when dismissed. Edits `choices` in place. */
async function editChoices(choices: ExportChoices, pocs: Poc[]): Promise<boolean> {
  const names = CODE_NAMES();
  const codes = (list: Code[] | undefined, labels: Record<Code, string>) =>
    list ? list.map((c) => labels[c]).join(', ') : S.all();
  while (true) {
    type Item = vscode.QuickPickItem & { edit: string };
    const items: Item[] = [
      { label: `$(eye) ${S.preview()}`, detail: S.previewDetail(), edit: 'preview' },
      {
        label: S.pocs(),
        description: pocs
          .filter((p) => choices.pocIds.includes(p.id))
          .map((p) => p.name)
          .join(', '),
        edit: 'pocs',
      },
      {
        label: S.evaluation(),
        description: codes(choices.evaluations, names.evaluation),
        edit: 'evaluation',
      },
      { label: S.status(), description: codes(choices.statuses, names.status), edit: 'status' },
      { label: S.priority(), description: codes(choices.priorities, names.priority), edit: 'priority' },
      {
        label: S.dates(),
        description:
          choices.from || choices.to
            ? `${choices.from?.toISOString().slice(0, 10) ?? ''} … ${choices.to ? new Date(choices.to.getTime() - 86_400_000).toISOString().slice(0, 10) : ''}`
            : S.anyTime(),
        edit: 'dates',
      },
      { label: S.formats(), description: choices.formats.join(', '), edit: 'formats' },
      {
        label: S.split(),
        description: `${formatSplit(choices.split)} · ${S.seed(choices.seed)}`,
        edit: 'split',
      },
      { label: S.maxTokens(), description: String(choices.maxTokens), edit: 'maxTokens' },
      { label: S.folder(), description: choices.folder, edit: 'folder' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: S.title(),
      placeHolder: S.settingsHint(),
      ignoreFocusOut: true,
    });
    if (!picked) return false;
    if (picked.edit === 'preview') return true;
    await editOne(picked.edit, choices, pocs);
  }
}

async function editOne(what: string, choices: ExportChoices, pocs: Poc[]): Promise<void> {
  const names = CODE_NAMES();
  const pickCodes = async (labels: Record<Code, string>, chosen: Code[] | undefined, title: string) => {
    const picked = await vscode.window.showQuickPick(
      ([1, 2, 3] as const).map((code) => ({
        label: labels[code],
        code,
        picked: chosen?.includes(code) ?? false,
      })),
      { canPickMany: true, title },
    );
    return picked && (picked.length > 0 ? picked.map((p) => p.code) : undefined);
  };
  const ask = (prompt: string, value: string, validate: (v: string) => string | undefined) =>
    vscode.window.showInputBox({
      title: S.title(),
      prompt,
      value,
      validateInput: validate,
      ignoreFocusOut: true,
    });
  switch (what) {
    case 'pocs': {
      const picked = await vscode.window.showQuickPick(
        pocs.map((p) => ({
          label: p.name,
          description: p.domain,
          id: p.id,
          picked: choices.pocIds.includes(p.id),
        })),
        { canPickMany: true, title: S.pocs() },
      );
      if (picked && picked.length > 0) choices.pocIds = picked.map((p) => p.id);
      return;
    }
    case 'evaluation': {
      const picked = await pickCodes(names.evaluation, choices.evaluations, S.evaluation());
      if (picked !== undefined || choices.evaluations) choices.evaluations = picked;
      return;
    }
    case 'status': {
      const picked = await pickCodes(names.status, choices.statuses, S.status());
      if (picked) choices.statuses = picked;
      return;
    }
    case 'priority': {
      choices.priorities = await pickCodes(names.priority, choices.priorities, S.priority());
      return;
    }
    case 'dates': {
      const day = (v: string) =>
        v.trim() === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim())))
          ? undefined
          : S.badDate();
      const from = await ask(S.fromPrompt(), choices.from?.toISOString().slice(0, 10) ?? '', day);
      if (from === undefined) return;
      const last = choices.to ? new Date(choices.to.getTime() - 86_400_000).toISOString().slice(0, 10) : '';
      const to = await ask(S.toPrompt(), last, day);
      if (to === undefined) return;
      choices.from = from.trim() ? new Date(`${from.trim()}T00:00:00Z`) : undefined;
      // The last day is included: the request's bound is the next midnight.
      choices.to = to.trim() ? new Date(Date.parse(`${to.trim()}T00:00:00Z`) + 86_400_000) : undefined;
      return;
    }
    case 'formats': {
      const picked = await vscode.window.showQuickPick(
        (['sft', 'dpo', 'csv'] as ExportFormat[]).map((f) => ({
          label: f,
          picked: choices.formats.includes(f),
        })),
        { canPickMany: true, title: S.formats() },
      );
      if (picked && picked.length > 0) choices.formats = picked.map((p) => p.label as ExportFormat);
      return;
    }
    case 'split': {
      const split = await ask(S.splitPrompt(), formatSplit(choices.split), (v) => {
        const parsed = parseSplit(v);
        return typeof parsed === 'string' ? S.badSplit(parsed) : undefined;
      });
      if (split === undefined) return;
      const seed = await ask(S.seedPrompt(), String(choices.seed), (v) =>
        /^\d{1,9}$/.test(v.trim()) ? undefined : S.wholeNumber(),
      );
      if (seed === undefined) return;
      choices.split = parseSplit(split) as ExportChoices['split'];
      choices.seed = Number(seed.trim());
      return;
    }
    case 'maxTokens': {
      const value = await ask(S.maxTokensPrompt(), String(choices.maxTokens), (v) =>
        /^[1-9]\d{0,6}$/.test(v.trim()) ? undefined : S.wholeNumber(),
      );
      if (value !== undefined) choices.maxTokens = Number(value.trim());
      return;
    }
    case 'folder': {
      const value = await ask(S.folderPrompt(), choices.folder, (v) =>
        isAbsolute(v.trim()) ? undefined : S.absolutePath(),
      );
      if (value !== undefined) choices.folder = value.trim();
      return;
    }
  }
}

/** Reads and stages the export with a cancellable progress notification; undefined after an error. */
async function previewWithProgress(
  ctx: CommandContext,
  choices: ExportChoices,
  overwrite: boolean,
): Promise<PreparedExport | 'cancelled' | undefined> {
  const core = loadCore();
  const db = await ctx.database.db();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: S.reading(), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await core.prepareExport(db, requestFor(choices), {
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

/** The preview as a list that stays open while logs are opened from it; resolves the chosen action. */
function showPreview(preview: ExportPreview, panel: EvaluationPanel): Promise<'write' | 'mark' | undefined> {
  type Item = vscode.QuickPickItem & { action?: 'write' | 'mark'; logId?: number };
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const shown = 200;
  const exported = preview.total_logs - preview.skipped.length;
  const items: Item[] = [
    { label: `$(save) ${S.write()}`, action: 'write' },
    { label: `$(check-all) ${S.writeAndMark()}`, action: 'mark' },
    separator(S.files()),
    ...preview.files.map((file) => ({
      label: `$(file) ${file.name}`,
      description: S.lines(file.lines),
      detail: file.samples[0]?.slice(0, 300),
    })),
    separator(S.ratings()),
    {
      label: `${LogsStrings.good()} ${preview.per_rating.good} · ${LogsStrings.insufficient()} ${preview.per_rating.insufficient} · ${LogsStrings.wrong()} ${preview.per_rating.wrong}`,
      description: preview.per_poc.map((p) => `${p.name} ${p.logs}`).join(' · '),
    },
    ...preview.warnings.map((warning) => ({ label: `$(warning) ${warning}` })),
    ...(preview.held_out_kept > 0 ? [{ label: `$(lock) ${S.heldOut(preview.held_out_kept)}` }] : []),
  ];
  if (preview.skipped.length > 0) {
    items.push(separator(S.skipped(preview.skipped.length)));
    for (const skip of preview.skipped.slice(0, shown))
      items.push({
        label: `$(circle-slash) #${skip.log_id}`,
        description: S.reason(skip.reason),
        detail: skip.detail,
        logId: skip.log_id,
      });
    if (preview.skipped.length > shown) items.push({ label: S.more(preview.skipped.length - shown) });
  }
  if (preview.conflicts.length > 0) {
    items.push(separator(S.conflicts(preview.conflicts.length)));
    for (const conflict of preview.conflicts.slice(0, shown))
      items.push({
        label: `$(git-compare) ${conflict.question.slice(0, 80)}`,
        description: conflict.log_ids.map((id) => `#${id}`).join(', '),
        logId: conflict.log_ids[0],
      });
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = S.previewTitle(exported, preview.total_logs);
  pick.items = items;
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let result: 'write' | 'mark' | undefined;
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item?.action) {
        result = item.action;
        pick.hide();
      } else if (item?.logId !== undefined) {
        void panel.openLog(item.logId);
      }
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
