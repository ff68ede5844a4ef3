// Llamune: Train Adapter… — from the palette or a model in the Evaluate view: the model to train from,
// the training data (an export folder, or an export run first), mlx_lm.lora's main choices in one list
// (Enter starts), then the run in the training view (TrainingController). The trainer is
// `llamune.training.command` (mlx_lm.lora by default, on Apple Silicon).
import { access, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { defaultChoices, type TrainingChoices, trainingArgsFor } from '../training/trainingChoices';
import type { TrainingController } from '../training/trainingController';
import { TrainingStrings as S } from '../training/trainingStrings';
import type { EvaluateNode } from '../views/evaluateNodes';
import type { CommandContext } from './context';
import { pickFolder, pickModel } from './registerVersion';

export function registerTrainingCommands(
  ctx: CommandContext,
  training: TrainingController,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.trainAdapter',
      guarded(ctx.log, 'Train adapter', (node?: EvaluateNode) => trainAdapter(ctx, training, node)),
    ),
    vscode.commands.registerCommand(
      'llamune.cancelTraining',
      guarded(ctx.log, 'Cancel training', () => training.cancel()),
    ),
    vscode.commands.registerCommand('llamune.showTraining', () => training.show()),
  ];
}

async function trainAdapter(
  ctx: CommandContext,
  training: TrainingController,
  node?: EvaluateNode,
): Promise<void> {
  if (training.running) {
    const choice = await vscode.window.showWarningMessage(S.busy(), S.show(), S.cancel());
    if (choice === S.show()) training.show();
    if (choice === S.cancel()) await training.cancel();
    return;
  }
  const core = loadCore();
  const db = await ctx.database.db();
  const fromModelId =
    node?.kind === 'model' ? Number(node.id.split(':')[1]) : await pickModel(ctx, S.fromPlaceholder());
  if (fromModelId === undefined) return;
  const from = await core.getModel(db, fromModelId);
  const data = await pickData();
  if (!data) return;

  const baseModel = core.baseModelOf(from);
  const nextVersion = (await core.highestVersion(db, baseModel)) + 1;
  const choices = defaultChoices(data, baseModel, nextVersion);
  if (!(await editChoices(choices, baseModel, nextVersion))) return;
  if (await holdsAdapter(choices.adapterPath)) {
    const go = await vscode.window.showWarningMessage(
      S.adapterExists(choices.adapterPath),
      { modal: true },
      S.overwrite(),
    );
    if (!go) return;
  }
  await training.start(
    {
      fromModelId,
      fromLabel: `${from.model_name} v${from.version}`,
      baseModel,
      nextVersion,
      args: trainingArgsFor(from, data, choices),
    },
    ctx.config.settings['training.command'],
  );
}

/** An export folder holding train.jsonl and valid.jsonl, chosen or written now; undefined if none. */
async function pickData(): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: S.chooseExport(), exportFirst: false },
      { label: S.exportFirst(), detail: S.exportFirstDetail(), exportFirst: true },
    ],
    { title: S.title(), placeHolder: S.dataPlaceholder() },
  );
  if (!choice) return undefined;
  const folder = choice.exportFirst
    ? await vscode.commands.executeCommand<string | undefined>('llamune.exportTrainingData')
    : await pickFolder(S.dataPlaceholder(), S.useFolder());
  if (!folder) return undefined;
  const missing = [];
  for (const name of ['train.jsonl', 'valid.jsonl'])
    if (
      !(await access(join(folder, name)).then(
        () => true,
        () => false,
      ))
    )
      missing.push(name);
  if (missing.length > 0) {
    void vscode.window.showErrorMessage(S.notAnExport(folder, missing.join(', ')));
    return undefined;
  }
  return folder;
}

async function holdsAdapter(folder: string): Promise<boolean> {
  return (await stat(join(folder, 'adapters.safetensors')).catch(() => undefined))?.isFile() ?? false;
}

type Field = Exclude<keyof TrainingChoices, 'extraArgs' | 'adapterPath'>;

/** The choices as one list: Enter on the first line starts, any other line is edited. */
async function editChoices(
  choices: TrainingChoices,
  baseModel: string,
  nextVersion: number,
): Promise<boolean> {
  const core = loadCore();
  const numbers: { field: Field; label: () => string }[] = [
    { field: 'iters', label: S.iters },
    { field: 'batchSize', label: S.batchSize },
    { field: 'learningRate', label: S.learningRate },
    { field: 'numLayers', label: S.numLayers },
  ];
  while (true) {
    const items = [
      {
        label: `$(play) ${S.start()}`,
        detail: S.startDetail(baseModel, nextVersion),
        edit: 'start' as const,
      },
      ...numbers.map(({ field, label }) => ({
        label: label(),
        description: String(choices[field]),
        edit: field,
      })),
      {
        label: S.extraArgs(),
        description: choices.extraArgs || S.extraArgsNone(),
        edit: 'extraArgs' as const,
      },
      { label: S.adapterPath(), description: choices.adapterPath, edit: 'adapterPath' as const },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: S.title(), ignoreFocusOut: true });
    if (!picked) return false;
    if (picked.edit === 'start') return true;
    const field = picked.edit;
    const value = await vscode.window.showInputBox({
      title: S.title(),
      prompt: field === 'extraArgs' ? S.extraArgsPrompt() : picked.label,
      value: String(choices[field]),
      ignoreFocusOut: true,
      validateInput: (text) => {
        if (field === 'extraArgs') return undefined;
        if (field === 'adapterPath') return isAbsolute(text.trim()) ? undefined : S.absolutePath();
        return core.trainingArgProblem(field, text);
      },
    });
    if (value === undefined) continue;
    if (field === 'extraArgs') choices.extraArgs = value.trim();
    else if (field === 'adapterPath') choices.adapterPath = value.trim();
    else choices[field] = Number(value);
  }
}
