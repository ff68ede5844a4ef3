// The Logs view's review nodes as plain data (no vscode import, so their content is tested directly):
// My Reviews (what is assigned to me, oldest first, with its counts) and, for a lead, Disagreements
// (with what they differ on). They sit above the PoCs; clicking an entry opens it in the review view.
import type { DisputedLog, QueueCounts, QueueItem } from '../../core/review';
import { relativeTime } from './evaluateNodes';
import { escapeMarkdown, firstLine } from './logsNodes';

export interface ReviewNodeLabels {
  myReviews: string;
  disagreements: string;
  queueCounts(toReview: number, reviewed: number, closed: number): string;
  disputeCount(n: number): string;
  on: Record<'rating' | 'correction', string>;
  assignedAgo(ago: string): string;
  question: string;
  answer: string;
}

interface Base {
  id: string;
  label: string;
  description?: string;
  accessibilityLabel: string;
}

export interface ReviewQueueNode extends Base {
  kind: 'reviewQueue';
  counts: QueueCounts;
  items: ReviewItemNode[];
}
export interface ReviewItemNode extends Base {
  kind: 'reviewItem';
  logId: number;
  tooltip: string;
}
export interface DisputesNode extends Base {
  kind: 'disputes';
  items: DisputeNode[];
}
export interface DisputeNode extends Base {
  kind: 'dispute';
  logId: number;
  on: 'rating' | 'correction';
  tooltip: string;
}
export type ReviewNode = ReviewQueueNode | ReviewItemNode | DisputesNode | DisputeNode;

export const isReviewNode = (node: { kind: string }): node is ReviewNode =>
  node.kind === 'reviewQueue' ||
  node.kind === 'reviewItem' ||
  node.kind === 'disputes' ||
  node.kind === 'dispute';

function tooltip(item: QueueItem, labels: ReviewNodeLabels): string {
  const excerpt = (text: string) => escapeMarkdown(text.trim().slice(0, 400));
  return [
    escapeMarkdown(`${item.pocName} · ${item.modelName} v${item.modelVersion} · #${item.logId}`),
    `**${escapeMarkdown(labels.question)}**\n\n${excerpt(item.question)}`,
    `**${escapeMarkdown(labels.answer)}**\n\n${excerpt(item.answer)}`,
  ].join('\n\n---\n\n');
}

/**
 * The nodes above the PoCs: My Reviews when anything was ever assigned to me, Disagreements when I lead
 * a review (`leads`) or have disagreements to settle.
 */
export function buildReviewRootNodes(
  queue: { items: QueueItem[]; counts: QueueCounts },
  disputes: DisputedLog[],
  leads: boolean,
  labels: ReviewNodeLabels,
  now = new Date(),
): ReviewNode[] {
  const nodes: ReviewNode[] = [];
  const { toReview, reviewed, closed } = queue.counts;
  if (toReview + reviewed + closed > 0) {
    const description = labels.queueCounts(toReview, reviewed, closed);
    nodes.push({
      kind: 'reviewQueue',
      id: 'reviews',
      label: labels.myReviews,
      description,
      accessibilityLabel: `${labels.myReviews}, ${description}`,
      counts: queue.counts,
      items: queue.items.map((item) => {
        const label = firstLine(item.question);
        const itemDescription = `${item.pocName} · ${labels.assignedAgo(relativeTime(item.assignedAt, now))}`;
        return {
          kind: 'reviewItem',
          id: `reviews/log:${item.logId}`,
          label,
          description: itemDescription,
          accessibilityLabel: `${label}, ${itemDescription}`,
          logId: item.logId,
          tooltip: tooltip(item, labels),
        };
      }),
    });
  }
  if (leads || disputes.length > 0) {
    const description = labels.disputeCount(disputes.length);
    nodes.push({
      kind: 'disputes',
      id: 'disputes',
      label: labels.disagreements,
      description,
      accessibilityLabel: `${labels.disagreements}, ${description}`,
      items: disputes.map((dispute) => {
        const label = firstLine(dispute.item.question);
        const itemDescription = `${labels.on[dispute.on]} · ${dispute.reviews.map((r) => r.reviewer).join(', ')}`;
        return {
          kind: 'dispute',
          id: `disputes/log:${dispute.item.logId}`,
          label,
          description: itemDescription,
          accessibilityLabel: `${label}, ${itemDescription}`,
          logId: dispute.item.logId,
          on: dispute.on,
          tooltip: tooltip(dispute.item, labels),
        };
      }),
    });
  }
  return nodes;
}
