// The Logs view: PoC → group → logs for reviewers. Counts and pages come from the core's keyset queries;
// loaded pages are cached per group so "Load more…" appends, and a refresh reloads what was open.
import * as vscode from 'vscode';
import type { LogFilterInput } from '../../core/domain/logQueries';
import { loadCore } from '../core';
import type { DatabaseService } from '../database';
import {
  buildGroupNodes,
  buildLogNodes,
  buildPocNodes,
  type GroupNode,
  LOGS_PAGE_SIZE,
  type LogNode,
  type LogsGrouping,
  type LogsNode,
  logContextValue,
  logNode,
  readGrouping,
  readTreeFilter,
  type TreeFilter,
  toLogFilter,
} from './logsNodes';
import { logsLabels } from './logsStrings';
import { ProgressiveCounts } from './progressiveCounts';
import type { ReviewNodesSource } from './reviewTreeItems';
import { reviewChildren, reviewTreeItem } from './reviewTreeItems';

const FILTER_KEY = 'llamune.logs.filter';
const GROUPING_KEY = 'llamune.logs.grouping';

interface Pages {
  parent: GroupNode;
  items: LogNode[];
  nextCursor: string | null;
  /** The refresh generation these pages belong to. */
  generation: number;
}

export class LogsTreeProvider implements vscode.TreeDataProvider<LogsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LogsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<TreeFilter>();
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly pages = new Map<string, Pages>();
  /** Each shown node's parent, for reveal (VS Code walks up with getParent). */
  private readonly parents = new Map<string, LogsNode>();
  /** Bumped on every refresh or filter change: answers of an older generation are dropped. */
  private generation = 0;
  /** Aborted with its generation: the queries still running for it are cancelled on the server. */
  private queries = new AbortController();
  /** Counts by node id ('' for the root); with a text filter they arrive after the nodes. */
  private readonly counts: ProgressiveCounts;
  private readonly countedNodes = new Map<string, LogsNode | undefined>();
  private currentFilter: TreeFilter;
  private currentGrouping: LogsGrouping;

  constructor(
    private readonly database: DatabaseService,
    private readonly state: vscode.Memento,
    /** My Reviews and Disagreements above the PoCs (none: the tree shows logs only). */
    private readonly reviews?: ReviewNodesSource,
  ) {
    this.currentFilter = readTreeFilter(state.get(FILTER_KEY));
    this.currentGrouping = readGrouping(state.get(GROUPING_KEY));
    this.counts = new ProgressiveCounts({
      count: async (filter, groupBy, signal) =>
        loadCore().countLogs(await this.database.db(), filter, groupBy, { signal }),
      summarized: (filter, groupBy) => loadCore().countsFromSummary(filter, groupBy),
      onSettled: (key) => this.changed.fire(this.countedNodes.get(key)),
    });
    this.subscriptions = [
      database.onDidChangeData((kind) => {
        if (kind === 'logs') this.refresh();
      }),
      database.onDidReopen(() => this.refresh()),
      database.onDidChangeStatus((status) => status.state === 'open' && this.refresh()),
    ];
  }

  get filter(): TreeFilter {
    return this.currentFilter;
  }

  get grouping(): LogsGrouping {
    return this.currentGrouping;
  }

  async setFilter(filter: TreeFilter): Promise<void> {
    this.currentFilter = filter;
    await this.state.update(FILTER_KEY, filter);
    this.filterChanged.fire(filter);
    // Another filter gives other pages: forget the loaded ones.
    this.pages.clear();
    this.parents.clear();
    this.refresh();
  }

  async setGrouping(grouping: LogsGrouping): Promise<void> {
    this.currentGrouping = grouping;
    await this.state.update(GROUPING_KEY, grouping);
    this.pages.clear();
    this.parents.clear();
    this.refresh();
  }

  /** Reloads everything shown; ids are stable, so VS Code keeps what is expanded and selected. */
  refresh(): void {
    this.generation++;
    this.queries.abort();
    this.queries = new AbortController();
    this.counts.reset();
    this.countedNodes.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: LogsNode): vscode.TreeItem {
    const review = reviewTreeItem(node);
    if (review) return review;
    const collapsible =
      node.kind === 'poc' || node.kind === 'group'
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.accessibilityInformation = { label: node.accessibilityLabel };
    switch (node.kind) {
      case 'poc':
        item.iconPath = new vscode.ThemeIcon('briefcase');
        item.contextValue = 'logsPoc';
        break;
      case 'group':
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'logsGroup';
        break;
      case 'log': {
        item.iconPath = new vscode.ThemeIcon(
          node.icon,
          node.color ? new vscode.ThemeColor(node.color) : undefined,
        );
        const tooltip = new vscode.MarkdownString(node.tooltip);
        tooltip.isTrusted = false;
        tooltip.supportHtml = false;
        item.tooltip = tooltip;
        item.contextValue = logContextValue(node);
        item.command = { title: node.label, command: 'llamune.logs.open', arguments: [node] };
        break;
      }
      case 'more':
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'logsMore';
        item.command = { title: node.label, command: 'llamune.logs.loadMore', arguments: [node] };
        break;
    }
    return item;
  }

  async getChildren(node?: LogsNode): Promise<LogsNode[]> {
    // While the database opens (or after it failed) the view's welcome text says so (package.json).
    if (this.database.status.state !== 'open') {
      if (this.database.status.state === 'closed') void this.database.db().catch(() => {});
      return [];
    }
    const { signal } = this.queries;
    try {
      return await this.loadChildren(node, signal);
    } catch (error) {
      // The reviewer moved on; VS Code asks again for what is still shown.
      if (signal.aborted) return [];
      throw error;
    }
  }

  private async loadChildren(node: LogsNode | undefined, signal: AbortSignal): Promise<LogsNode[]> {
    const generation = this.generation;
    const core = loadCore();
    const db = await this.database.db();
    const labels = logsLabels();
    const base = toLogFilter(this.currentFilter);
    if (!node) {
      this.countedNodes.set('', undefined);
      const [reviewNodes, { counts, counting }] = await Promise.all([
        this.reviews?.rootNodes() ?? [],
        this.counts.get('', base, 'poc', signal),
      ]);
      for (const review of reviewNodes)
        for (const child of reviewChildren(review)) this.parents.set(child.id, review);
      return [...reviewNodes, ...buildPocNodes(base, counts, labels, counting)];
    }
    const children = reviewChildren(node);
    if (children.length > 0 || node.kind === 'reviewQueue' || node.kind === 'disputes') return children;
    if (node.kind === 'poc') {
      const grouping = this.currentGrouping;
      this.countedNodes.set(node.id, node);
      const { counts, counting } = await this.counts.get(node.id, node.filter, grouping, signal);
      const groups = buildGroupNodes(
        node,
        grouping,
        counts,
        (key) => core.narrowToGroup(node.filter, grouping, key),
        labels,
        counting,
      );
      for (const group of groups) this.parents.set(group.id, node);
      return groups;
    }
    if (node.kind !== 'group') return [];
    const cached = this.pages.get(node.id);
    if (cached && cached.generation === generation)
      return this.adopt(node, cached.items, cached.nextCursor, labels);
    // Reload as many logs as were shown before the refresh (in pages of at most 200).
    const wanted = Math.max(LOGS_PAGE_SIZE, cached?.items.length ?? 0);
    const items: LogNode[] = [];
    let cursor: string | undefined;
    let nextCursor: string | null = null;
    do {
      const page = await core.listLogs(db, { ...node.filter, limit: LOGS_PAGE_SIZE, cursor }, { signal });
      // The reviewer moved on (refresh, filter, grouping): stop asking for more of a stale list.
      if (generation !== this.generation) break;
      items.push(...page.items.map((log) => logNode(log, labels)));
      nextCursor = page.nextCursor;
      cursor = nextCursor ?? undefined;
    } while (nextCursor && items.length < wanted);
    if (generation === this.generation)
      this.pages.set(node.id, { parent: node, items, nextCursor, generation });
    return this.adopt(node, items, nextCursor, labels);
  }

  private adopt(
    parent: GroupNode,
    items: LogNode[],
    nextCursor: string | null,
    labels: ReturnType<typeof logsLabels>,
  ): LogsNode[] {
    const children = [...items, ...buildLogNodes(parent.id, [], nextCursor !== null, labels)];
    for (const child of children) this.parents.set(child.id, parent);
    return children;
  }

  getParent(node: LogsNode): LogsNode | undefined {
    return node.kind === 'poc' || node.kind === 'reviewQueue' || node.kind === 'disputes'
      ? undefined
      : this.parents.get(node.id);
  }

  /** The session group a log belongs to under the session grouping (for reveal), if shown. */
  async sessionGroupOf(log: LogNode['log']): Promise<LogsNode | undefined> {
    const poc = (await this.getChildren()).find((n) => n.id === `poc:${log.poc_id}`);
    if (!poc) return undefined;
    return (await this.getChildren(poc)).find((n) => n.id === `poc:${log.poc_id}/session:${log.session_id}`);
  }

  /** Appends the next page under a group and updates only that group. */
  async loadMore(parentId: string): Promise<void> {
    const cached = this.pages.get(parentId);
    if (!cached?.nextCursor) return;
    const core = loadCore();
    const db = await this.database.db();
    const generation = this.generation;
    const { signal } = this.queries;
    let page: Awaited<ReturnType<typeof core.listLogs>>;
    try {
      page = await core.listLogs(
        db,
        { ...cached.parent.filter, limit: LOGS_PAGE_SIZE, cursor: cached.nextCursor },
        { signal },
      );
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (generation !== this.generation || this.pages.get(parentId) !== cached) return;
    const labels = logsLabels();
    cached.items.push(...page.items.map((log) => logNode(log, labels)));
    cached.nextCursor = page.nextCursor;
    this.changed.fire(cached.parent);
  }

  /** The filter of what is shown, for commands acting on "the current view". */
  baseFilter(): LogFilterInput {
    return toLogFilter(this.currentFilter);
  }

  dispose(): void {
    this.queries.abort();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.filterChanged.dispose();
  }
}
