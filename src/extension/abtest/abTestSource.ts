// Which questions an A/B test asks, as the user chose them: the Logs view's selection or a PoC / group
// node (its logs, newest first), else — from the palette — a random sample of a PoC's questions or a
// question file (parsed by the core's question-set reader; broken lines said, the rest used).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { CreateAbRunInput } from '../../core/abtest';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import type { LogsNode } from '../views/logsNodes';
import { logIdsOfNodes } from '../views/logsSelection';
import { AbTestStrings as S } from './abTestStrings';

/** Logs of a group compared at most (newest first). */
const GROUP_LIMIT = 1_000;

export type AbSource = CreateAbRunInput['source'];

/** The source from the Logs view's nodes, or asked for; undefined when the user backs out. */
export async function chooseSource(
  ctx: CommandContext,
  node: LogsNode | undefined,
  selected: readonly LogsNode[],
): Promise<AbSource | undefined> {
  const nodes =
    node && !selected.includes(node) ? [node] : selected.length > 0 ? [...selected] : node ? [node] : [];
  if (nodes.length > 0) {
    const logIds = await logIdsOf(ctx, nodes);
    if (logIds.length === 0) {
      void vscode.window.showInformationMessage(S.emptySelection());
      return undefined;
    }
    return { kind: 'logs', log_ids: logIds };
  }
  const picked = await vscode.window.showQuickPick(
    [
      { label: S.sourceSample(), choice: 'sample' as const },
      { label: S.sourceFile(), detail: S.sourceFileDetail(), choice: 'file' as const },
    ],
    { title: S.title(), placeHolder: S.sourcePlaceholder() },
  );
  if (!picked) return undefined;
  return picked.choice === 'sample' ? sample(ctx) : questionFile(ctx);
}

async function sample(ctx: CommandContext): Promise<AbSource | undefined> {
  const pocId = await pickPoc(ctx);
  if (pocId === undefined) return undefined;
  const size = await vscode.window.showInputBox({
    title: S.title(),
    prompt: S.samplePrompt(),
    value: '20',
    validateInput: (text) =>
      /^\d+$/.test(text.trim()) && +text >= 1 && +text <= 10_000 ? null : S.sampleInvalid(),
  });
  if (size === undefined) return undefined;
  return { kind: 'sample', poc_id: pocId, size: Number(size.trim()) };
}

async function questionFile(ctx: CommandContext): Promise<AbSource | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: S.title(),
      openLabel: S.openFile(),
      canSelectMany: false,
      filters: { Questions: ['txt', 'jsonl', 'ndjson', 'csv'] },
    })) ?? [];
  if (!uri) return undefined;
  const { questions, problems } = loadCore().parseQuestionSet(await readFile(uri.fsPath, 'utf8'), uri.fsPath);
  const name = basename(uri.fsPath);
  if (problems.length > 0) {
    const first = `${name}:${problems[0]!.line}: ${problems[0]!.message}`;
    ctx.log.warn(`A/B question file: ${problems.map((p) => `${name}:${p.line}: ${p.message}`).join('; ')}`);
    void vscode.window.showWarningMessage(
      problems.length === 1 ? S.fileProblem(first) : S.fileProblems(problems.length, first),
    );
  }
  if (questions.length === 0) {
    void vscode.window.showErrorMessage(S.noQuestions(name));
    return undefined;
  }
  const pocId = await pickPoc(ctx);
  if (pocId === undefined) return undefined;
  return { kind: 'questions', poc_id: pocId, questions: questions.map(({ question }) => ({ question })) };
}

async function pickPoc(ctx: CommandContext): Promise<number | undefined> {
  const pocs = await loadCore().listPocs(await ctx.database.db());
  const current = ctx.selection.state.pocId;
  const picked = await vscode.window.showQuickPick(
    pocs.map((poc) => ({ label: poc.name, description: poc.domain, id: poc.id, picked: poc.id === current })),
    { title: S.title(), placeHolder: S.pocPlaceholder() },
  );
  return picked?.id;
}

/** The selected logs, and every log of a PoC / group node (newest first, at most GROUP_LIMIT). */
async function logIdsOf(ctx: CommandContext, nodes: LogsNode[]): Promise<number[]> {
  const { ids, truncated } = await logIdsOfNodes(await ctx.database.db(), nodes, GROUP_LIMIT);
  if (truncated) void vscode.window.showInformationMessage(S.tooMany(GROUP_LIMIT));
  return ids;
}
