// The Logs view's review nodes as plain data: My Reviews only when something was ever assigned to me
// (its counts in the description, entries oldest first), Disagreements for a lead even when none wait,
// each entry saying what the reviewers differ on.
import { describe, expect, it } from 'vitest';
import type { DisputedLog, QueueItem } from '../../../src/core/review';
import { buildReviewRootNodes, type ReviewNodeLabels } from '../../../src/extension/views/reviewNodes';

const labels: ReviewNodeLabels = {
  myReviews: 'My Reviews',
  disagreements: 'Disagreements',
  queueCounts: (a, b, c) => `${a} to review · ${b} reviewed · ${c} closed`,
  disputeCount: (n) => `${n} to resolve`,
  on: { rating: 'on: rating', correction: 'on: correction' },
  assignedAgo: (ago) => `assigned ${ago}`,
  question: 'Question',
  answer: 'Answer',
};
const now = new Date('2026-11-25T12:00:00Z');
const item = (logId: number, question: string): QueueItem => ({
  logId,
  pocId: 1,
  pocName: '会計',
  modelName: 'qwen',
  modelVersion: 2,
  systemPrompt: null,
  question,
  answer: '**8%** です <b>',
  askedAt: new Date('2026-11-25T09:00:00Z'),
  assignedAt: new Date('2026-11-25T11:00:00Z'),
  requiredReviews: 2,
});
const none = { items: [], counts: { toReview: 0, reviewed: 0, closed: 0 } };

describe('the review nodes of the Logs view', () => {
  it('shows nothing to someone who neither reviews nor leads', () => {
    expect(buildReviewRootNodes(none, [], false, labels, now)).toEqual([]);
  });

  it('lists my queue with its counts, and Disagreements for a lead with none waiting', () => {
    const queue = {
      items: [item(3, '消費税の税率は？\n詳しく'), item(5, 'x')],
      counts: { toReview: 2, reviewed: 4, closed: 1 },
    };
    const [mine, disputes] = buildReviewRootNodes(queue, [], true, labels, now);
    expect(mine).toMatchObject({
      kind: 'reviewQueue',
      id: 'reviews',
      label: 'My Reviews',
      description: '2 to review · 4 reviewed · 1 closed',
    });
    expect(mine?.kind === 'reviewQueue' && mine.items.map((n) => [n.id, n.label, n.description])).toEqual([
      ['reviews/log:3', '消費税の税率は？', '会計 · assigned 1h'],
      ['reviews/log:5', 'x', '会計 · assigned 1h'],
    ]);
    // Log text in the tooltip is escaped Markdown.
    expect(mine?.kind === 'reviewQueue' && mine.items[0]?.tooltip).toContain('\\*\\*8%\\*\\* です \\<b\\>');
    expect(disputes).toMatchObject({ kind: 'disputes', description: '0 to resolve', items: [] });
  });

  it('says what each disagreement is about and who disagrees', () => {
    const dispute: DisputedLog = {
      item: item(9, '申告期限は？'),
      on: 'correction',
      lead: 'lead',
      original: null,
      reviews: ['alice', 'bob'].map((reviewer) => ({
        reviewer,
        evaluation: 3,
        reason: 'r',
        correct_answer: reviewer,
        priority: 2,
        reviewedAt: now,
      })),
    };
    const [node] = buildReviewRootNodes(none, [dispute], false, labels, now);
    expect(node?.kind === 'disputes' && node.items).toMatchObject([
      { kind: 'dispute', id: 'disputes/log:9', logId: 9, description: 'on: correction · alice, bob' },
    ]);
  });
});
