// Llamune: Register Model Version… — from the palette, a model in the Evaluate view (trained from that
// one) or the end of a training run (everything filled in): the model it was trained from, the adapter
// folder (checked: what it lacks is said, what it says about itself is shown), the export it was
// trained on, a note and a time; the core numbers it and records the lineage (src/core/domain/versions).
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { VersionStrings as S } from '../versions/versionStrings';
import type { EvaluateNode } from '../views/evaluateNodes';
import type { CommandContext } from './context';

/** What a finished training run already knows. */
export interface RegisterVersionArgs {
  fromModelId: number;
  adapterPath: string;
  dataPath?: string;
}

export function registerVersionCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.registerModelVersion',
      guarded(ctx.log, 'Register model version', (arg?: EvaluateNode | RegisterVersionArgs) =>
        registerModelVersion(ctx, arg),
      ),
    ),
  ];
}

export async function registerModelVersion(
  ctx: CommandContext,
  arg?: EvaluateNode | RegisterVersionArgs,
): Promise<number | undefined> {
  const core = loadCore();
  const db = await ctx.database.db();
  const given = arg && 'fromModelId' in arg ? arg : undefined;
  const fromNode = arg && 'kind' in arg && arg.kind === 'model' ? Number(arg.id.split(':')[1]) : undefined;
  const fromModelId = given?.fromModelId ?? fromNode ?? (await pickModel(ctx));
  if (fromModelId === undefined) return undefined;
  const adapterPath = given?.adapterPath ?? (await pickFolder(S.adapterTitle(), S.adapterOpen()));
  if (adapterPath === undefined) return undefined;
  const dataPath = given ? given.dataPath : await pickExport();
  if (dataPath === null) return undefined;

  const input = { from_model_id: fromModelId, adapter_path: adapterPath, data_path: dataPath };
  const check = await core.checkVersion(db, input);
  if (check.warnings.length > 0) {
    const go = await vscode.window.showWarningMessage(
      check.warnings.join('\n'),
      { modal: true },
      S.registerAnyway(),
    );
    if (!go) return undefined;
  }
  const description = await vscode.window.showInputBox({
    title: S.title(),
    prompt: S.descriptionPrompt(
      check.baseModel,
      check.nextVersion,
      core.describeAdapter(check.adapter.config),
    ),
    ignoreFocusOut: true,
  });
  if (description === undefined) return undefined;
  const trainedAt = await vscode.window.showInputBox({
    title: S.title(),
    prompt: S.trainedAtPrompt(),
    value: check.adapter.writtenAt.toISOString(),
    validateInput: (value) => (Number.isNaN(Date.parse(value)) ? S.badTime() : undefined),
    ignoreFocusOut: true,
  });
  if (trainedAt === undefined) return undefined;

  const { model, parent, training } = await core.registerVersion(db, {
    ...input,
    description,
    trained_at: trainedAt,
    force: check.warnings.length > 0,
  });
  await ctx.selection.setModel(model.id);
  ctx.database.notifyChanged('models');
  const from = `${parent.model_name} v${parent.version}`;
  const base = model.base_model ?? model.model_name;
  // The next step of the loop: re-ask the PoC's wrong answers (and a sample of good ones) of the new version.
  void vscode.window
    .showInformationMessage(
      training?.logs == null
        ? S.registered(base, model.version, from)
        : S.registeredOn(base, model.version, from, training.logs),
      S.retestGate(),
    )
    .then((choice) => choice && vscode.commands.executeCommand('llamune.retestGate', model.id));
  return model.id;
}

export async function pickModel(
  ctx: CommandContext,
  placeHolder = S.fromPlaceholder(),
): Promise<number | undefined> {
  const core = loadCore();
  const roots = await core.modelLineage(await ctx.database.db());
  if (roots.length === 0) {
    void vscode.window.showInformationMessage(S.noModels());
    return undefined;
  }
  const current = ctx.selection.state.modelId;
  const items = [...core.walkLineage(roots)].map(({ node, depth }) => ({
    label: `${'  '.repeat(depth)}${depth > 0 ? '└ ' : ''}${node.model.base_model ?? node.model.model_name} v${node.model.version}`,
    description: [node.model.model_name, node.model.adapter_path ? 'LoRA' : undefined]
      .filter(Boolean)
      .join(' · '),
    detail: node.model.adapter_path ?? undefined,
    id: node.model.id,
    picked: node.model.id === current,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: S.title(),
    placeHolder,
    matchOnDescription: true,
  });
  return picked?.id;
}

export async function pickFolder(title: string, openLabel: string): Promise<string | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title,
      openLabel,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
    })) ?? [];
  return uri?.fsPath;
}

/** The export folder, undefined when not from an export, null when cancelled. */
async function pickExport(): Promise<string | undefined | null> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: S.chooseExport(), detail: S.chooseExportDetail(), choose: true },
      { label: S.noExport(), detail: S.noExportDetail(), choose: false },
    ],
    { title: S.title(), placeHolder: S.dataPlaceholder() },
  );
  if (!choice) return null;
  if (!choice.choose) return undefined;
  return (await pickFolder(S.chooseExportDetail(), S.exportOpen())) ?? null;
}
