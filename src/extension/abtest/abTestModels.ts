// The two models / versions an A/B test compares: picked one after the other from the lineage (bases
// with their versions under them), the second from those left.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import { AbTestStrings as S } from './abTestStrings';

export async function pickTwoModels(ctx: CommandContext): Promise<[number, number] | undefined> {
  const core = loadCore();
  const rows = [...core.walkLineage(await core.modelLineage(await ctx.database.db()))].map(
    ({ node, depth }) => ({
      label: `${'  '.repeat(depth)}${depth > 0 ? '└ ' : ''}${node.model.base_model ?? node.model.model_name} v${node.model.version}`,
      description: [node.model.model_name, node.model.adapter_path ? 'LoRA' : undefined]
        .filter(Boolean)
        .join(' · '),
      id: node.model.id,
    }),
  );
  if (rows.length < 2) {
    void vscode.window.showInformationMessage(S.twoModelsNeeded());
    return undefined;
  }
  const first = await vscode.window.showQuickPick(rows, {
    title: S.title(),
    placeHolder: S.firstModel(),
    matchOnDescription: true,
  });
  if (!first) return undefined;
  const second = await vscode.window.showQuickPick(
    rows.filter((row) => row.id !== first.id),
    { title: S.title(), placeHolder: S.secondModel(), matchOnDescription: true },
  );
  return second ? [first.id, second.id] : undefined;
}
