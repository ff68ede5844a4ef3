// The Logs view's pure parts: node content, paging node, filter description and the core filter it maps to.
import { describe, expect, it } from 'vitest';
import type { LogListItem } from '../../../src/core/domain/logQueries';
import {
  buildGroupNodes,
  buildLogNodes,
  buildPocNodes,
  describeFilter,
  escapeMarkdown,
  firstLine,
  isFiltered,
  type LogNode,
  type LogsLabels,
  readGrouping,
  readTreeFilter,
  toLogFilter,
} from '../../../src/extension/views/logsNodes';

const labels: LogsLabels = {
  evaluation: { 1: '良い', 2: '不十分', 3: '間違い' },
  priority: { 1: '高', 2: '中', 3: '低' },
  status: { 1: '未処理', 2: '訓練済み', 3: '検証済み' },
  noPriority: 'none',
  unrated: '未評価',
  rated: '評価済み',
  version: (v) => `v${v}`,
  question: 'Q',
  answer: 'A',
  correction: 'C',
  reason: 'R',
  loadMore: 'Load more…',
  logCount: (n) => `${n} logs`,
  counting: 'counting…',
};

const now = new Date('2026-11-25T12:00:00Z');

function item(overrides: Partial<LogListItem> = {}): LogListItem {
  return {
    id: 42,
    session_id: 7,
    question: '\n  How do I *close* the books?\nsecond line',
    answer: 'Use <script>alert(1)</script> [link](http://x)',
    timestamp: new Date('2026-11-25T11:55:00Z'),
    evaluation: 3,
    reason: 'wrong account',
    correct_answer: 'Debit # 100',
    priority: 1,
    status: 1,
    memo: null,
    evaluated_at: new Date('2026-11-25T11:58:00Z'),
    updated_at: null,
    latency_ms: 10,
    poc_id: 1,
    poc_name: 'Accounting',
    model_id: 2,
    model_name: 'qwen',
    model_version: 3,
    user_id: 4,
    username: 'alice',
    ...overrides,
  };
}

describe('Logs tree nodes', () => {
  it('labels a log with the first non-blank line of its question and describes rating, priority, status, age', () => {
    const [node] = buildLogNodes('g', [item()], false, labels, now) as LogNode[];
    expect(node?.label).toBe('How do I *close* the books?');
    expect(node?.description).toBe('間違い · 高 · 未処理 · 5m');
    expect(node?.id).toBe('log:42');
    expect(node?.icon).toBe('error');
    expect(node?.color).toBe('list.errorForeground');
    expect(node?.accessibilityLabel).toBe('How do I *close* the books?, 間違い, 高, 未処理, 5m');
  });

  it('shows an unrated log as unrated, with its own icon, whatever its stored evaluation', () => {
    const [node] = buildLogNodes(
      'g',
      [item({ evaluated_at: null, priority: null })],
      false,
      labels,
      now,
    ) as LogNode[];
    expect(node?.description).toBe('未評価 · 未処理 · 5m');
    expect(node?.rated).toBe(false);
    expect(node?.icon).toBe('circle-large-outline');
  });

  it('escapes every Markdown and HTML character of the log text in the tooltip', () => {
    const [node] = buildLogNodes('g', [item()], false, labels, now) as LogNode[];
    expect(node?.tooltip).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(node?.tooltip).toContain('\\[link\\]\\(http://x\\)');
    expect(node?.tooltip).toContain('Debit \\# 100');
    expect(node?.tooltip).not.toMatch(/[^\\]<script>/);
    expect(escapeMarkdown('a\nb')).toBe('a  \nb');
  });

  it('adds one "Load more…" node after the page only when there is another page', () => {
    expect(buildLogNodes('poc:1/evaluation:3', [item()], true, labels, now).map((n) => n.kind)).toEqual([
      'log',
      'more',
    ]);
    expect(buildLogNodes('poc:1/evaluation:3', [item()], false, labels, now).map((n) => n.kind)).toEqual([
      'log',
    ]);
  });

  it('counts every PoC and group, with ids that stay the same across refreshes', () => {
    const [poc] = buildPocNodes({ evaluation: [3] }, [{ key: 1, count: 12, label: 'Accounting' }], labels);
    expect(poc).toMatchObject({
      id: 'poc:1',
      label: 'Accounting',
      description: '12',
      filter: { evaluation: [3], pocId: 1 },
    });
    if (!poc) throw new Error('no PoC node');
    const groups = buildGroupNodes(
      poc,
      'priority',
      [
        { key: 1, count: 5, label: null },
        { key: null, count: 7, label: null },
      ],
      (key) => ({ ...poc.filter, priority: [key as 1 | null] }),
      labels,
    );
    expect(groups.map((g) => [g.id, g.label, g.description])).toEqual([
      ['poc:1/priority:1', '高', '5'],
      ['poc:1/priority:null', 'none', '7'],
    ]);
    expect(groups[1]?.filter).toEqual({ evaluation: [3], pocId: 1, priority: [null] });
    expect(groups[0]?.accessibilityLabel).toBe('高, 5 logs');
  });

  it('groups unrated logs under Unrated, never under Good, and narrows to them', () => {
    const [poc] = buildPocNodes({}, [{ key: 1, count: 3, label: 'Accounting' }], labels);
    const groups = buildGroupNodes(
      poc!,
      'evaluation',
      [
        { key: 1, count: 1, label: null },
        { key: null, count: 2, label: null },
      ],
      (key) => ({ ...poc!.filter, evaluation: [key as 1 | null] }),
      labels,
    );
    expect(groups.map((g) => [g.id, g.label, g.description, g.icon])).toEqual([
      ['poc:1/evaluation:1', '良い', '1', 'pass'],
      ['poc:1/evaluation:null', '未評価', '2', 'circle-large-outline'],
    ]);
    expect(groups[1]?.filter).toEqual({ pocId: 1, evaluation: [null] });
    expect(describeFilter(readTreeFilter({ evaluation: [3, null] }), labels)).toBe('間違い/未評価');
  });

  it('shows "counting…" instead of numbers while the exact counts run', () => {
    const [poc] = buildPocNodes({ text: 'x' }, [{ key: 1, count: 12, label: 'A' }], labels, true);
    expect(poc).toMatchObject({ description: 'counting…', accessibilityLabel: 'A, counting…' });
    const [group] = buildGroupNodes(
      poc!,
      'evaluation',
      [{ key: 3, count: 4, label: null }],
      () => ({}),
      labels,
      true,
    );
    expect(group).toMatchObject({ label: '間違い', description: 'counting…' });
  });

  it('cuts a long first line', () => {
    expect(firstLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('Logs tree filter', () => {
  it('describes every active filter in the view description, and nothing when unfiltered', () => {
    expect(describeFilter({}, labels)).toBe('');
    expect(isFiltered({})).toBe(false);
    const filter = readTreeFilter({
      evaluation: [3],
      status: [1, 3],
      priority: [null],
      rated: true,
      text: 'tax',
      from: '2026-11-01',
      to: '2026-11-30',
      user: { id: 4, name: 'alice' },
    });
    expect(isFiltered(filter)).toBe(true);
    expect(describeFilter(filter, labels)).toBe(
      '間違い · 未処理/検証済み · none · 評価済み · “tax” · 2026-11-01…2026-11-30 · @alice',
    );
  });

  it('maps the date range to whole UTC days, the last one included', () => {
    expect(
      toLogFilter({ from: '2026-11-01', to: '2026-11-30', user: { id: 4, name: 'a' }, evaluation: [3] }),
    ).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
      userId: 4,
      evaluation: [3],
    });
  });

  it('ignores a stored filter or grouping it cannot read instead of failing', () => {
    expect(readTreeFilter({ evaluation: [9] })).toEqual({});
    expect(readTreeFilter(undefined)).toEqual({});
    expect(readGrouping('model')).toBe('model');
    expect(readGrouping('nonsense')).toBe('evaluation');
  });
});
