// Llamune: Re-test… (the Logs tree's selection or a group, asked again of a version), Llamune: Re-test
// Gate… (every 不十分 / 間違い log of a PoC and a sample of its 良い ones; offered right after a version
// is registered) and Llamune: Resume Re-test…. A run goes one question at a time behind a cancellable
// progress notification (cancel = pause; resume later); its summary lists what was fixed, what
// regressed and what still needs a rating, each opening its new log in the panel.
import * as vscode from 'vscode';
import type { LogFilterInput } from '../../core/domain/logFilter';
import type { CreateRetestInput, RetestSummary } from '../../core/retest';
import { loadCore } from '../core';
import { guarded } from '../errors';
import type { ModelServerController } from '../modelServer/controller';
import type { EvaluationPanel } from '../panel/panelHost';
import { RetestStrings as S } from '../retest/retestStrings';
import type { LogsNode } from '../views/logsNodes';
import type { CommandContext } from './context';
import { pickModel } from './registerVersion';

/** Logs of a group re-tested at most (newest first). */
const GROUP_LIMIT = 1_000;

export function registerRetestCommands(
  ctx: CommandContext,
  modelServer: ModelServerController,
  panel: EvaluationPanel,
  view: vscode.TreeView<LogsNode>,
): vscode.Disposable[] {
  const deps = { ctx, modelServer, panel };
  return [
    vscode.commands.registerCommand(
      'llamune.retest',
      guarded(ctx.log, 'Re-test', async (node?: LogsNode, selected?: LogsNode[]) => {
        const logIds = await logIdsOf(ctx, node, selected ?? [...view.selection]);
        if (logIds.length === 0) {
          void vscode.window.showInformationMessage(S.emptySelection());
          return;
        }
        const target = await pickModel(ctx, S.targetPlaceholder());
        if (target === undefined) return;
        await startAndRun(deps, { target_model_id: target, source: { kind: 'logs', log_ids: logIds } });
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.retestGate',
      guarded(ctx.log, 'Re-test gate', async (targetModelId?: number, pocId?: number) => {
        const target = targetModelId ?? (await pickModel(ctx, S.targetPlaceholder()));
        if (target === undefined) return;
        const poc = pocId ?? ctx.selection.state.pocId ?? (await pickPoc(ctx));
        if (poc === undefined) return;
        await startAndRun(deps, {
          target_model_id: target,
          // 良い logs re-asked beside every 不十分 / 間違い one, so that regressions show up too.
          source: { kind: 'gate', poc_id: poc, good_sample: ctx.config.settings['retest.goodSample'] },
        });
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.resumeRetest',
      guarded(ctx.log, 'Resume re-test', async () => {
        const runs = await loadCore().listRetestRuns(await ctx.database.db(), {
          status: ['paused', 'ready'],
        });
        if (runs.length === 0) {
          void vscode.window.showInformationMessage(S.noRuns());
          return;
        }
        const picked = await vscode.window.showQuickPick(
          runs.map((run) => ({ label: run.title, description: run.paused_reason ?? undefined, id: run.id })),
          { title: S.title(), placeHolder: S.resumePlaceholder() },
        );
        if (picked) await run(deps, picked.id, picked.label);
      }),
    ),
  ];
}

interface Deps {
  ctx: CommandContext;
  modelServer: ModelServerController;
  panel: EvaluationPanel;
}

async function startAndRun(
  deps: Deps,
  input: Pick<CreateRetestInput, 'target_model_id' | 'source'>,
): Promise<void> {
  const db = await deps.ctx.database.db();
  const user = await deps.ctx.database.user();
  const { runId } = await loadCore().createRetestRun(db, { ...input, user_id: user.id });
  const summary = await loadCore().retestSummary(db, runId);
  await run(deps, runId, summary.run.title);
}

/** Asks what the run has not asked yet, with progress; cancel pauses. Then the summary. */
async function run(deps: Deps, runId: number, title: string): Promise<void> {
  const { ctx } = deps;
  const core = loadCore();
  const db = await ctx.database.db();
  const asker = await deps.modelServer.asker();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const pause = new AbortController();
      token.onCancellationRequested(() => pause.abort());
      let last = 0;
      return core.runRetest(db, asker, runId, {
        signal: pause.signal,
        onItem: (p) => {
          progress.report({
            message: S.progress(p.answered, p.total),
            increment: ((p.answered - last) / p.total) * 100,
          });
          last = p.answered;
        },
      });
    },
  );
  ctx.database.notifyChanged('logs');
  if (outcome.status === 'paused') {
    const choice = await vscode.window.showWarningMessage(
      S.paused(outcome.reason ?? ''),
      S.resume(),
      S.showSummary(),
    );
    if (choice === S.resume()) return run(deps, runId, title);
    if (choice !== S.showSummary()) return;
  }
  await showSummary(deps, await core.retestSummary(db, runId));
}

const ORDER = ['regressed', 'fixed', 'unrated', 'still_wrong', 'still_good', 'not_asked'] as const;

/** The run's items grouped by what flipped; picking one opens its new log (or the old one) in the panel. */
async function showSummary(deps: Deps, summary: RetestSummary): Promise<void> {
  type Item = vscode.QuickPickItem & { logId?: number };
  const items: Item[] = [];
  for (const flip of ORDER) {
    const inGroup = summary.items.filter((item) => item.flip === flip);
    if (inGroup.length === 0) continue;
    items.push({ label: `${S.flip[flip]()} (${inGroup.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const item of inGroup)
      items.push({
        label: item.question.replace(/\s+/g, ' ').slice(0, 120),
        description: item.similarity === null ? undefined : S.hint(Math.round(item.similarity * 100)),
        detail: item.after?.answer.replace(/\s+/g, ' ').slice(0, 200) ?? item.error ?? undefined,
        logId: item.after?.logId ?? item.sourceLogId ?? undefined,
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: S.summaryTitle(summary.run.title, summary.counts.fixed, summary.counts.regressed),
    matchOnDetail: true,
  });
  if (picked?.logId !== undefined) await deps.panel.openLog(picked.logId);
}

/** The logs a Re-test acts on: the selected logs, or every log of a PoC / group node (newest first). */
async function logIdsOf(
  ctx: CommandContext,
  node: LogsNode | undefined,
  selected: LogsNode[],
): Promise<number[]> {
  const nodes =
    node && !selected.includes(node) ? [node] : selected.length > 0 ? selected : node ? [node] : [];
  const ids = new Set<number>();
  for (const n of nodes) {
    if (n.kind === 'log') ids.add(n.log.id);
    if (n.kind === 'poc' || n.kind === 'group')
      for (const id of await idsMatching(ctx, n.filter)) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

async function idsMatching(ctx: CommandContext, filter: LogFilterInput): Promise<number[]> {
  const core = loadCore();
  const db = await ctx.database.db();
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await core.listLogs(db, { ...filter, limit: 200, ...(cursor && { cursor }) });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length < GROUP_LIMIT);
  if (cursor) void vscode.window.showInformationMessage(S.tooMany(GROUP_LIMIT));
  return ids.slice(0, GROUP_LIMIT);
}

async function pickPoc(ctx: CommandContext): Promise<number | undefined> {
  const pocs = await loadCore().listPocs(await ctx.database.db());
  const picked = await vscode.window.showQuickPick(
    pocs.map((poc) => ({ label: poc.name, description: poc.domain, id: poc.id })),
    { title: S.gateTitle(), placeHolder: S.pocPlaceholder() },
  );
  return picked?.id;
}
