// Commands of Reviewers together (issue 16): Assign for Review… (a Logs selection, a group, or a PoC's
// logs), Review My Queue, Resolve Disagreements, Show Review Agreement, Edit Rating Guidelines…, and
// opening a review entry from the Logs tree. The rules are the core's; errors are its messages.
import * as vscode from 'vscode';
import type { AssignInput } from '../../core/review';
import { loadCore } from '../core';
import { guarded } from '../errors';
import type { ModelServerController } from '../modelServer/controller';
import { GUIDELINES_SCHEME, GuidelinesFileSystem, guidelinesUri } from '../review/guidelinesFs';
import { ReviewStrings as S } from '../review/reviewStrings';
import { ReviewView } from '../review/reviewView';
import type { LogNode, LogsNode } from '../views/logsNodes';
import type { CommandContext } from './context';

/** The most logs one assignment takes (the core's limit). */
const ASSIGN_MAX = 5000;

export interface ReviewCommandDeps {
  modelServer: ModelServerController;
  logsView: vscode.TreeView<LogsNode>;
  extensionUri: vscode.Uri;
}

export function registerReviewCommands(ctx: CommandContext, deps: ReviewCommandDeps): vscode.Disposable[] {
  const db = () => ctx.database.db();
  const user = () => ctx.database.user();
  const locale = vscode.env.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const editGuidelines = async (pocId: number) => {
    const poc = await loadCore().getPoc(await db(), pocId);
    const document = await vscode.workspace.openTextDocument(guidelinesUri(poc.id, poc.name));
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false });
  };

  const view = new ReviewView({
    extensionUri: deps.extensionUri,
    panelTitle: S.panelTitle,
    locale,
    backend: { db, user, core: coreForReview() },
    drafting: {
      pickModel: async () => {
        const models = await loadCore().listModels(await db());
        const picked = await vscode.window.showQuickPick(
          models.map((model) => ({
            label: model.model_name,
            description: S.draftModelDetail(model.version),
            detail: model.description ?? undefined,
            model,
          })),
          { title: S.pickDraftModel(), ignoreFocusOut: true },
        );
        return picked && { id: picked.model.id, name: `${picked.model.model_name} v${picked.model.version}` };
      },
      start: async (modelId, request) =>
        loadCore().draftCorrection(await db(), await deps.modelServer.asker(), {
          log_id: request.logId,
          model_id: modelId,
          user_id: (await user()).id,
          evaluation: request.evaluation,
          ...(request.reason !== null && { reason: request.reason }),
          signal: request.signal,
        }),
    },
    editGuidelines: (pocId) => void editGuidelines(pocId).catch((error) => showError(ctx, error)),
    changed: (logId) => ctx.database.notifyChanged('logs', [logId]),
    warn: (message) => ctx.log.warn(message),
  });

  const guidelines = new GuidelinesFileSystem({
    db,
    user,
    core: () => loadCore(),
    saved: (_pocId, pocName) => {
      vscode.window.setStatusBarMessage(S.guidelinesSaved(pocName), 4000);
      void view.refresh().catch((error) => ctx.log.warn(`Review view refresh: ${String(error)}`));
    },
  });

  return [
    view,
    guidelines,
    vscode.workspace.registerFileSystemProvider(GUIDELINES_SCHEME, guidelines, { isCaseSensitive: true }),
    // Another user (the setting changed) or another database: the view shows their queue.
    ctx.database.onDidReopen(() => void view.refresh().catch(() => {})),
    vscode.commands.registerCommand(
      'llamune.review.assign',
      guarded(ctx.log, 'Assign for Review', (node?: LogsNode, selected?: LogsNode[]) =>
        assignForReview(ctx, deps.logsView, node, selected),
      ),
    ),
    vscode.commands.registerCommand(
      'llamune.review.myQueue',
      guarded(ctx.log, 'Review My Queue', () => view.open('queue')),
    ),
    vscode.commands.registerCommand(
      'llamune.review.disagreements',
      guarded(ctx.log, 'Resolve Disagreements', () => view.open('disputes')),
    ),
    vscode.commands.registerCommand(
      'llamune.review.open',
      guarded(ctx.log, 'Open review', async (node?: LogsNode) => {
        if (node?.kind === 'reviewItem') await view.open('queue', node.logId);
        else if (node?.kind === 'dispute') await view.open('disputes', node.logId);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.review.agreement',
      guarded(ctx.log, 'Show Review Agreement', async (node?: LogsNode) => {
        const pocId = await pocOf(ctx, node);
        if (pocId !== undefined) await view.showAgreement(pocId);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.review.editGuidelines',
      guarded(ctx.log, 'Edit Rating Guidelines', async (node?: LogsNode) => {
        const pocId = await pocOf(ctx, node);
        if (pocId !== undefined) await editGuidelines(pocId);
      }),
    ),
  ];
}

function showError(ctx: CommandContext, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  ctx.log.warn(message);
  void vscode.window.showErrorMessage(message);
}

/** The core functions the review view uses, from the lazily loaded core. */
function coreForReview() {
  const core = () => loadCore();
  return {
    reviewQueue: (...args: Parameters<ReturnType<typeof loadCore>['reviewQueue']>) =>
      core().reviewQueue(...args),
    reviewItem: (...args: Parameters<ReturnType<typeof loadCore>['reviewItem']>) =>
      core().reviewItem(...args),
    submitReview: (...args: Parameters<ReturnType<typeof loadCore>['submitReview']>) =>
      core().submitReview(...args),
    listDisagreements: (...args: Parameters<ReturnType<typeof loadCore>['listDisagreements']>) =>
      core().listDisagreements(...args),
    resolveDisagreement: (...args: Parameters<ReturnType<typeof loadCore>['resolveDisagreement']>) =>
      core().resolveDisagreement(...args),
    getGuidelines: (...args: Parameters<ReturnType<typeof loadCore>['getGuidelines']>) =>
      core().getGuidelines(...args),
    reviewStats: (...args: Parameters<ReturnType<typeof loadCore>['reviewStats']>) =>
      core().reviewStats(...args),
    getLog: (...args: Parameters<ReturnType<typeof loadCore>['getLog']>) => core().getLog(...args),
    getPoc: (...args: Parameters<ReturnType<typeof loadCore>['getPoc']>) => core().getPoc(...args),
    markdownTree: (text: string) => core().markdownTree(text),
  };
}

/** The PoC a command is about: the node's, else one the user picks (the current one first). */
async function pocOf(ctx: CommandContext, node?: LogsNode): Promise<number | undefined> {
  // Both carry their PoC's id in their filter (a number, as the tree built it).
  if (node?.kind === 'poc' || node?.kind === 'group') return Number(node.filter.pocId);
  const pocs = await loadCore().listPocs(await ctx.database.db());
  if (pocs.length === 0) {
    void vscode.window.showInformationMessage(S.noPoc());
    return undefined;
  }
  const current = ctx.selection.state.pocId;
  const picked = await vscode.window.showQuickPick(
    [...pocs]
      .sort((a, b) => Number(b.id === current) - Number(a.id === current))
      .map((poc) => ({ label: poc.name, description: poc.domain, id: poc.id })),
    { title: S.pickPoc() },
  );
  return picked?.id;
}

async function assignForReview(
  ctx: CommandContext,
  logsView: vscode.TreeView<LogsNode>,
  node?: LogsNode,
  selected?: readonly LogsNode[],
): Promise<void> {
  const selection = await selectionOf(ctx, logsView, node, selected);
  if (!selection) return;
  const core = loadCore();
  const db = await ctx.database.db();
  const me = await ctx.database.user();
  const users = await core.listUsers(db);
  const count = selection.kind === 'logs' ? selection.log_ids.length : undefined;
  const reviewers = await vscode.window.showQuickPick(
    users.map((user) => ({
      label: user.username,
      description: user.id === me.id ? S.you() : undefined,
    })),
    {
      title: S.assignTitle(),
      placeHolder: count === undefined ? S.pickReviewersFilter() : S.pickReviewers(count),
      canPickMany: true,
      ignoreFocusOut: true,
    },
  );
  if (!reviewers || reviewers.length === 0) return;
  const required = await vscode.window.showQuickPick(
    [1, 2, 3]
      .filter((n) => n <= reviewers.length)
      .map((n) => ({ label: S.requiredItem(n), detail: S.requiredDetail(n), n })),
    { title: S.requiredTitle(), ignoreFocusOut: true },
  );
  if (!required) return;
  const input: AssignInput = {
    selection,
    reviewers: reviewers.map((r) => r.label),
    required_reviews: required.n,
    lead: me.username,
  };
  const assigned = await core.assignReviews(db, input);
  ctx.database.notifyChanged('logs', assigned.logIds);
  void vscode.window.showInformationMessage(
    S.assigned(assigned.logIds.length, assigned.reviewers.join(', '), assigned.requiredReviews),
  );
}

/** What to assign: the selected logs, a group's logs, or (a PoC or nothing) a PoC's logs by rating. */
async function selectionOf(
  ctx: CommandContext,
  logsView: vscode.TreeView<LogsNode>,
  node?: LogsNode,
  selected?: readonly LogsNode[],
): Promise<AssignInput['selection'] | undefined> {
  const chosen = selected && node && selected.includes(node) ? selected : node ? [node] : logsView.selection;
  const logs = chosen.filter((n): n is LogNode => n.kind === 'log');
  if (logs.length > 0) return { kind: 'logs', log_ids: logs.map((l) => l.log.id) };
  const group = chosen.find((n) => n.kind === 'group');
  if (group?.kind === 'group') {
    const ids = await logIdsOf(ctx, group.filter);
    if (ids.length > ASSIGN_MAX) {
      void vscode.window.showErrorMessage(S.tooManyLogs(ASSIGN_MAX));
      return undefined;
    }
    return { kind: 'logs', log_ids: ids };
  }
  const poc = chosen.find((n) => n.kind === 'poc');
  const pocId = await pocOf(ctx, poc);
  if (pocId === undefined) return undefined;
  const pocName = poc?.label ?? (await loadCore().getPoc(await ctx.database.db(), pocId)).name;
  const which = await vscode.window.showQuickPick(
    [
      { label: S.wrongOrInsufficient(), detail: S.skipsAssigned(), evaluations: [2, 3] as (1 | 2 | 3)[] },
      { label: S.allRated(), detail: S.skipsAssigned(), evaluations: [1, 2, 3] as (1 | 2 | 3)[] },
      { label: S.everyLog(), detail: S.skipsAssigned(), evaluations: undefined },
    ],
    { title: S.whichLogsOf(pocName), ignoreFocusOut: true },
  );
  if (!which) return undefined;
  return { kind: 'filter', poc_id: pocId, ...(which.evaluations && { evaluations: which.evaluations }) };
}

/** Every log id of a group, page by page (stops past the assignment limit). */
async function logIdsOf(ctx: CommandContext, filter: Extract<LogsNode, { kind: 'group' }>['filter']) {
  const core = loadCore();
  const db = await ctx.database.db();
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await core.listLogs(db, { ...filter, limit: 200, cursor });
    ids.push(...page.items.map((log) => log.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length <= ASSIGN_MAX);
  return ids;
}
