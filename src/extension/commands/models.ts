// Commands: Register Model, Select Model.
import * as vscode from 'vscode';
import * as z from 'zod';
import { requiredText } from '../../core/domain/codes';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { CommandContext } from './context';
import { validateWith } from './validation';

export function registerModelCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'llamune.registerModel',
      guarded(ctx.log, 'Register Model', () => registerFlow(ctx)),
    ),
    vscode.commands.registerCommand(
      'llamune.selectModel',
      guarded(ctx.log, 'Select Model', (id?: unknown) =>
        selectModel(ctx, typeof id === 'number' ? id : undefined),
      ),
    ),
  ];
}

async function registerFlow(ctx: CommandContext): Promise<void> {
  const title = Strings.registerModel();
  const modelName = await vscode.window.showInputBox({
    title,
    prompt: Strings.modelNamePrompt(),
    placeHolder: Strings.modelNamePlaceholder(),
    validateInput: validateWith(requiredText(100)),
    ignoreFocusOut: true,
  });
  if (modelName === undefined) return;
  const baseModel = await vscode.window.showInputBox({
    title,
    prompt: Strings.modelBasePrompt(),
    validateInput: validateWith(z.string().trim().max(100)),
    ignoreFocusOut: true,
  });
  if (baseModel === undefined) return;
  const providers = [
    { label: Strings.modelProviderDefault(), value: null },
    { label: 'MLX', description: 'mlx_lm.server', value: 'mlx' as const },
    { label: 'Ollama', value: 'ollama' as const },
    { label: 'OpenAI-compatible', description: 'llama.cpp, vLLM, LM Studio', value: 'openai' as const },
  ];
  const provider = await vscode.window.showQuickPick(providers, {
    title,
    placeHolder: Strings.modelProviderTitle(),
  });
  if (!provider) return;
  const adapterPath = await vscode.window.showInputBox({
    title,
    prompt: Strings.modelAdapterPrompt(),
    ignoreFocusOut: true,
  });
  if (adapterPath === undefined) return;

  const { registerModel, registerNextVersion } = loadCore();
  const db = await ctx.database.db();
  const input = { model_name: modelName, provider: provider.value, adapter_path: adapterPath };
  // A base model that already has versions gets the next one; otherwise this is version 1.
  const model = baseModel.trim()
    ? await registerNextVersion(db, { ...input, base_model: baseModel })
    : await registerModel(db, input);
  await ctx.selection.setModel(model.id);
  ctx.database.notifyChanged('models');
  void vscode.window.showInformationMessage(Strings.modelRegistered(model.model_name, model.version));
}

export async function selectModel(ctx: CommandContext, id?: number): Promise<number | undefined> {
  if (id === undefined) {
    const models = await loadCore().listModels(await ctx.database.db());
    if (models.length === 0) {
      const choice = await vscode.window.showWarningMessage(Strings.noModels(), Strings.registerModel());
      if (choice) await vscode.commands.executeCommand('llamune.registerModel');
      return undefined;
    }
    const current = ctx.selection.state.modelId;
    const picked = await vscode.window.showQuickPick(
      models.map((m) => ({
        label: m.model_name,
        description: [Strings.versionLabel(m.version), m.provider, m.base_model].filter(Boolean).join(' · '),
        detail: m.adapter_path ?? m.description ?? undefined,
        picked: m.id === current,
        id: m.id,
      })),
      { title: Strings.selectModel(), matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return undefined;
    id = picked.id;
  }
  await ctx.selection.setModel(id);
  return id;
}
