// The Logs view's review nodes as tree items: My Reviews and Disagreements expand into their entries;
// an entry opens in the review view (llamune.review.open). Their data comes from a ReviewNodesSource.
import * as vscode from 'vscode';
import type { LogsNode } from './logsNodes';
import { isReviewNode, type ReviewNode } from './reviewNodes';

export interface ReviewNodesSource {
  /** The nodes above the PoCs, for this window's user (none when there is nothing to review or lead). */
  rootNodes(): Promise<ReviewNode[]>;
}

export function reviewChildren(node: LogsNode): ReviewNode[] {
  if (node.kind === 'reviewQueue' || node.kind === 'disputes') return node.items;
  return [];
}

export function reviewTreeItem(node: LogsNode): vscode.TreeItem | undefined {
  if (!isReviewNode(node)) return undefined;
  const parent = node.kind === 'reviewQueue' || node.kind === 'disputes';
  const item = new vscode.TreeItem(
    node.label,
    parent ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  item.description = node.description;
  item.accessibilityInformation = { label: node.accessibilityLabel };
  switch (node.kind) {
    case 'reviewQueue':
      item.iconPath = new vscode.ThemeIcon('checklist');
      item.contextValue = 'reviewQueue';
      break;
    case 'disputes':
      item.iconPath = new vscode.ThemeIcon('law');
      item.contextValue = 'reviewDisputes';
      break;
    case 'reviewItem':
    case 'dispute': {
      item.iconPath = new vscode.ThemeIcon(node.kind === 'dispute' ? 'git-compare' : 'eye');
      item.contextValue = node.kind === 'dispute' ? 'reviewDispute' : 'reviewItem';
      const tooltip = new vscode.MarkdownString(node.tooltip);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      item.tooltip = tooltip;
      item.command = { title: node.label, command: 'llamune.review.open', arguments: [node] };
      break;
    }
  }
  return item;
}
