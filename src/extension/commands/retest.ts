// Llamune: Re-test… (the Logs tree's selection or a group, asked again of one or several versions),
// Llamune: Re-test Gate… (every 不十分 / 間違い log of a PoC and a sample of its 良い ones; offered right
// after a version is registered), Llamune: Re-test Question Set… (a file of questions), Llamune: Resume
// Re-test… and Llamune: Open Re-test…. Runs go one at a time through the re-test controller, shown side
// by side in the panel; their summary lists what was fixed, what regressed and what needs a rating.
import * as vscode from 'vscode';
import type { CreateRetestInput } from '../../core/retest';
import { loadCore } from '../core';
import { guarded } from '../errors';
import type { ModelServerController } from '../modelServer/controller';
import type { EvaluationPanel } from '../panel/panelHost';
import { RetestController } from '../retest/retestController';
import { pickQuestionSet } from '../retest/retestQuestionFile';
import { RetestStrings as S } from '../retest/retestStrings';
import { showRetestSummary } from '../retest/retestSummaryPick';
import { pickTargets } from '../retest/retestTargets';
import type { LogsNode } from '../views/logsNodes';
import { logIdsOfNodes } from '../views/logsSelection';
import type { CommandContext } from './context';
import { pickModel } from './registerVersion';

/** Logs of a group re-tested at most (newest first). */
const GROUP_LIMIT = 1_000;

interface Deps {
  ctx: CommandContext;
  controller: RetestController;
  panel: EvaluationPanel;
}

export function registerRetestCommands(
  ctx: CommandContext,
  modelServer: ModelServerController,
  panel: EvaluationPanel,
  view: vscode.TreeView<LogsNode>,
): vscode.Disposable[] {
  const controller = new RetestController(ctx, modelServer, panel);
  const deps: Deps = { ctx, controller, panel };
  panel.setRetestControl(async (runId, action) => {
    if (action === 'pause') controller.pause(runId);
    else if (action === 'cancel') await controller.cancel(runId);
    // The run takes as long as it takes: the panel's request is answered at once.
    else void controller.run(runId).catch((error) => ctx.log.warn(`Resume re-test: ${error.message}`));
  });
  return [
    controller,
    vscode.commands.registerCommand(
      'llamune.retest',
      guarded(ctx.log, 'Re-test', async (node?: LogsNode, selected?: LogsNode[]) => {
        const logIds = await logIdsOf(ctx, node, selected ?? [...view.selection]);
        if (logIds.length === 0) {
          void vscode.window.showInformationMessage(S.emptySelection());
          return;
        }
        const targets = await pickTargets(ctx, S.targetsPlaceholder());
        if (targets === undefined) return;
        await startAndRun(
          deps,
          targets.map((target) => ({ target_model_id: target, source: { kind: 'logs', log_ids: logIds } })),
        );
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.retestGate',
      guarded(ctx.log, 'Re-test gate', async (targetModelId?: number, pocId?: number) => {
        const target = targetModelId ?? (await pickModel(ctx, S.targetPlaceholder()));
        if (target === undefined) return;
        const poc = pocId ?? ctx.selection.state.pocId ?? (await pickPoc(ctx));
        if (poc === undefined) return;
        await startAndRun(deps, [
          {
            target_model_id: target,
            // 良い logs re-asked beside every 不十分 / 間違い one, so that regressions show up too.
            source: { kind: 'gate', poc_id: poc, good_sample: ctx.config.settings['retest.goodSample'] },
          },
        ]);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.retestQuestionSet',
      guarded(ctx.log, 'Re-test question set', async (file?: vscode.Uri) => {
        const questions = await pickQuestionSet(file);
        if (questions === undefined) return;
        const poc =
          ctx.selection.state.pocId ??
          (await pickPoc(ctx, S.questionSetTitle(), S.questionSetPocPlaceholder()));
        if (poc === undefined) return;
        const targets = await pickTargets(ctx, S.targetsPlaceholder());
        if (targets === undefined) return;
        await startAndRun(
          deps,
          targets.map((target) => ({
            target_model_id: target,
            source: { kind: 'questions', poc_id: poc, questions },
          })),
        );
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
        if (picked) await controller.run(picked.id);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.openRetest',
      guarded(ctx.log, 'Open re-test', async (runId?: number) => {
        const id = typeof runId === 'number' ? runId : await pickRun(ctx);
        if (id !== undefined) await panel.showRetest(id);
      }),
    ),
  ];
}

/** Creates one run per target (the questions are the same), then runs them one after the other. */
async function startAndRun(
  deps: Deps,
  inputs: Pick<CreateRetestInput, 'target_model_id' | 'source'>[],
): Promise<void> {
  const { ctx, controller } = deps;
  if (controller.runningRunId !== undefined) {
    void vscode.window.showWarningMessage(S.anotherRunning());
    return;
  }
  const core = loadCore();
  const db = await ctx.database.db();
  const user = await ctx.database.user();
  const runIds: number[] = [];
  for (const input of inputs) {
    const created = await core.createRetestRun(db, { ...input, user_id: user.id });
    if (runIds.length === 0) reportSkipped(created.skipped);
    runIds.push(created.runId);
  }
  if (runIds.length === 1) {
    await controller.run(runIds[0]!);
    return;
  }
  for (const runId of runIds) {
    const outcome = await controller.run(runId, { summary: false });
    if (outcome?.status !== 'done') return;
  }
  await pickFinishedRun(deps, runIds);
}

function reportSkipped(skipped: { logId: number; missingModelId: number }[]): void {
  if (skipped.length === 0) return;
  const message =
    skipped.length === 1
      ? S.skippedOne(skipped[0]!.logId, skipped[0]!.missingModelId)
      : S.skippedMany(
          skipped.length,
          skipped
            .slice(0, 20)
            .map((s) => s.logId)
            .join(', ') + (skipped.length > 20 ? ', …' : ''),
        );
  void vscode.window.showWarningMessage(message);
}

/** Several runs done: each with its counts; picking one shows its summary. */
async function pickFinishedRun(deps: Deps, runIds: number[]): Promise<void> {
  const core = loadCore();
  const db = await deps.ctx.database.db();
  const summaries = await Promise.all(runIds.map((id) => core.retestSummary(db, id)));
  const picked = await vscode.window.showQuickPick(
    summaries.map((summary) => ({
      label: summary.run.title,
      description: S.runLine(summary.counts.fixed, summary.counts.regressed, summary.counts.unrated),
      summary,
    })),
    { title: S.runsTitle() },
  );
  if (picked) await showRetestSummary(deps.panel, picked.summary);
}

async function pickRun(ctx: CommandContext): Promise<number | undefined> {
  const runs = await loadCore().listRetestRuns(await ctx.database.db());
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(S.noRunsAtAll());
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.title,
      description: S.runStatus[run.status](),
      detail: run.paused_reason ?? undefined,
      id: run.id,
    })),
    { title: S.openTitle(), placeHolder: S.openPlaceholder() },
  );
  return picked?.id;
}

/** The logs a Re-test acts on: the selected logs, or every log of a PoC / group node (newest first). */
async function logIdsOf(
  ctx: CommandContext,
  node: LogsNode | undefined,
  selected: LogsNode[],
): Promise<number[]> {
  const nodes =
    node && !selected.includes(node) ? [node] : selected.length > 0 ? selected : node ? [node] : [];
  const { ids, truncated } = await logIdsOfNodes(await ctx.database.db(), nodes, GROUP_LIMIT);
  if (truncated) void vscode.window.showInformationMessage(S.tooMany(GROUP_LIMIT));
  return ids;
}

async function pickPoc(
  ctx: CommandContext,
  title = S.gateTitle(),
  placeHolder = S.pocPlaceholder(),
): Promise<number | undefined> {
  const pocs = await loadCore().listPocs(await ctx.database.db());
  const picked = await vscode.window.showQuickPick(
    pocs.map((poc) => ({ label: poc.name, description: poc.domain, id: poc.id })),
    { title, placeHolder },
  );
  return picked?.id;
}
