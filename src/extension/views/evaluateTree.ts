// The Evaluate view: PoCs, models and the current session. Data comes from the core; refreshes on
// this window's writes, on selection changes and on the Refresh command.
import * as vscode from 'vscode';
import { loadCore } from '../core';
import type { DatabaseService } from '../database';
import { Strings } from '../localize';
import type { Selection } from '../selection';
import { buildEvaluateTree, databaseProgressNode, type EvaluateNode } from './evaluateNodes';

function progressLabels() {
  return {
    settingUp: Strings.settingUpDatabase(),
    connecting: Strings.connectingDatabase(),
    usually: Strings.usuallyTakes,
    failed: Strings.databaseFailedItem(),
    retry: Strings.retry(),
  };
}

export class EvaluateTreeProvider implements vscode.TreeDataProvider<EvaluateNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly database: DatabaseService,
    private readonly selection: Selection,
  ) {
    this.subscriptions = [
      database.onDidChangeData(() => this.refresh()),
      database.onDidReopen(() => this.refresh()),
      selection.onDidChange(() => this.refresh()),
      // Opening finished or failed: replace the progress item.
      database.onDidChangeStatus(() => this.changed.fire()),
    ];
  }

  /** Shows the data again; after a failed open, tries to open the database again first. */
  refresh(): void {
    if (this.database.status.state === 'failed') void this.database.db().catch(() => {});
    this.changed.fire();
  }

  getTreeItem(node: EvaluateNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children
        ? node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    item.contextValue = node.kind;
    item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
    if (node.command)
      item.command = { title: node.label, command: node.command.id, arguments: node.command.args };
    return item;
  }

  async getChildren(node?: EvaluateNode): Promise<EvaluateNode[]> {
    if (node) return node.children ?? [];
    // Never blank while the database opens (a first embedded open takes seconds): say so at once. A
    // failed open is retried only when the user asks (the item's click), not on every refresh.
    if (this.database.status.state === 'closed') void this.database.db().catch(() => {});
    const status = this.database.status;
    if (status.state === 'opening' || status.state === 'failed')
      return [databaseProgressNode(status, progressLabels())];
    const { getSessionSummary, modelLineage, listPocSummaries } = loadCore();
    const db = await this.database.db();
    const { pocId, modelId, sessionId } = this.selection.state;
    const user = await this.database.user();
    const [pocs, models, session] = await Promise.all([
      listPocSummaries(db),
      modelLineage(db),
      sessionId === undefined
        ? Promise.resolve(undefined)
        : getSessionSummary(db, sessionId, { userId: user.id }).catch(() => undefined),
    ]);
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'llamune.hasPoc', pocs.length > 0),
      vscode.commands.executeCommand('setContext', 'llamune.hasModel', models.length > 0),
      vscode.commands.executeCommand(
        'setContext',
        'llamune.hasSession',
        Boolean(session && !session.ended_at),
      ),
      vscode.commands.executeCommand('setContext', 'llamune.ready', true),
    ]);
    // The welcome view explains what to do when there is nothing to show yet.
    if (pocs.length === 0 || models.length === 0) return [];
    return buildEvaluateTree(
      {
        pocs,
        models,
        session: session?.ended_at ? undefined : session,
        currentPocId: pocId,
        currentModelId: modelId,
      },
      {
        pocsGroup: Strings.pocsGroup(),
        modelsGroup: Strings.modelsGroup(),
        sessionGroup: Strings.sessionGroup(),
        noSessionItem: Strings.noSessionItem(),
        current: Strings.current(),
        questions: Strings.questions,
        version: Strings.versionLabel,
        startedAt: Strings.startedAt,
        ratings: Strings.ratingCounts,
        trainedOn: Strings.trainedOn,
        trainedAt: Strings.trainedAt,
        trainedFrom: Strings.trainedFrom,
      },
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
