// The versions a re-test asks: a multi-select QuickPick of the models as their lineage nests them (the
// newest version of the selected model's line picked to start with). One run per version chosen.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import { RetestStrings as S } from './retestStrings';

/** The chosen model ids; undefined when the user dismissed the pick or chose none (told so). */
export async function pickTargets(ctx: CommandContext, placeHolder: string): Promise<number[] | undefined> {
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
    id: node.model.id,
    picked: node.model.id === current,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: S.title(),
    placeHolder,
    canPickMany: true,
    matchOnDescription: true,
  });
  if (picked === undefined) return undefined;
  if (picked.length === 0) {
    void vscode.window.showInformationMessage(S.noTarget());
    return undefined;
  }
  return picked.map((item) => item.id);
}
