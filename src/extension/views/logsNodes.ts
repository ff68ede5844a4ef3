// The Logs view's nodes and filter as plain data (no vscode import), so their content is tested directly:
// PoC → group of the reviewer's choice → logs, paged by the core's keyset cursor.
import * as z from 'zod';
import type { LogFilterInput, LogGroupCount, LogListItem } from '../../core/domain/logQueries';
import { relativeTime } from './evaluateNodes';
import type { ReviewNode } from './reviewNodes';

export const logsGroupings = ['session', 'model', 'evaluation', 'status', 'priority', 'user', 'day'] as const;
export type LogsGrouping = (typeof logsGroupings)[number];
export const logsGroupingSchema = z.enum(logsGroupings);

export const LOGS_PAGE_SIZE = 200;

const code = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const day = z.iso.date();

/** What the reviewer chose in the title bar; kept in workspaceState, so validated when read back. */
export const treeFilterSchema = z
  .object({
    /** null: Unrated (nobody has rated it; never counted as Good). */
    evaluation: z.array(code.nullable()).min(1).optional(),
    status: z.array(code).min(1).optional(),
    priority: z.array(code.nullable()).min(1).optional(),
    rated: z.boolean().optional(),
    text: z.string().trim().min(1).max(500).optional(),
    /** First day shown (UTC, inclusive). */
    from: day.optional(),
    /** Last day shown (UTC, inclusive). */
    to: day.optional(),
    user: z.object({ id: z.number().int().positive(), name: z.string() }).optional(),
  })
  .strict();
export type TreeFilter = z.infer<typeof treeFilterSchema>;

/** A stored filter, or none when it is missing or from an older, incompatible shape. */
export function readTreeFilter(stored: unknown): TreeFilter {
  const parsed = treeFilterSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

export function readGrouping(stored: unknown): LogsGrouping {
  const parsed = logsGroupingSchema.safeParse(stored);
  return parsed.success ? parsed.data : 'evaluation';
}

const DAY_MS = 86_400_000;

/** The core's filter for a tree filter. Whole UTC days, so the counts come from the summary tables. */
export function toLogFilter(filter: TreeFilter): LogFilterInput {
  const input: LogFilterInput = {};
  if (filter.evaluation) input.evaluation = filter.evaluation;
  if (filter.status) input.status = filter.status;
  if (filter.priority) input.priority = filter.priority;
  if (filter.rated !== undefined) input.rated = filter.rated;
  if (filter.text) input.text = filter.text;
  if (filter.from) input.from = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) input.to = new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS);
  if (filter.user) input.userId = filter.user.id;
  return input;
}

export interface CodeLabels {
  evaluation: Record<1 | 2 | 3, string>;
  priority: Record<1 | 2 | 3, string>;
  status: Record<1 | 2 | 3, string>;
  noPriority: string;
  unrated: string;
  rated: string;
}

export interface LogsLabels extends CodeLabels {
  version(v: number): string;
  question: string;
  answer: string;
  correction: string;
  reason: string;
  loadMore: string;
  logCount(n: number): string;
  /** Shown instead of a count while the exact counts are computed. */
  counting: string;
}

/** The view's description: every active filter, short. Empty when nothing is filtered. */
export function describeFilter(filter: TreeFilter, labels: CodeLabels): string {
  const parts: string[] = [];
  if (filter.evaluation)
    parts.push(filter.evaluation.map((c) => (c === null ? labels.unrated : labels.evaluation[c])).join('/'));
  if (filter.status) parts.push(filter.status.map((c) => labels.status[c]).join('/'));
  if (filter.priority)
    parts.push(filter.priority.map((c) => (c === null ? labels.noPriority : labels.priority[c])).join('/'));
  if (filter.rated !== undefined) parts.push(filter.rated ? labels.rated : labels.unrated);
  if (filter.text) parts.push(`“${filter.text}”`);
  if (filter.from || filter.to) parts.push(`${filter.from ?? ''}…${filter.to ?? ''}`);
  if (filter.user) parts.push(`@${filter.user.name}`);
  return parts.join(' · ');
}

export function isFiltered(filter: TreeFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}

interface BaseNode {
  id: string;
  label: string;
  description?: string;
  /** Spoken by screen readers: the label and everything the description shows by look alone. */
  accessibilityLabel: string;
}

export interface PocNode extends BaseNode {
  kind: 'poc';
  filter: LogFilterInput;
}

export interface GroupNode extends BaseNode {
  kind: 'group';
  filter: LogFilterInput;
  icon: string;
}

export interface LogNode extends BaseNode {
  kind: 'log';
  log: LogListItem;
  rated: boolean;
  icon: string;
  color: string | undefined;
  /** Markdown, every piece of log text escaped. */
  tooltip: string;
}

export interface MoreNode extends BaseNode {
  kind: 'more';
  parentId: string;
}

/** Review nodes (My Reviews, Disagreements) sit above the PoCs: see reviewNodes.ts. */
export type LogsNode = PocNode | GroupNode | LogNode | MoreNode | ReviewNode;

/** Top level: one node per PoC that has logs matching the filter. */
export function buildPocNodes(
  filter: LogFilterInput,
  counts: LogGroupCount[],
  labels: LogsLabels,
  counting = false,
): PocNode[] {
  return counts.map((row) => {
    const label = row.label ?? `#${String(row.key)}`;
    const count = counting ? labels.counting : labels.logCount(row.count);
    return {
      kind: 'poc',
      id: `poc:${String(row.key)}`,
      label,
      description: counting ? labels.counting : String(row.count),
      accessibilityLabel: `${label}, ${count}`,
      filter: { ...filter, pocId: Number(row.key) },
    };
  });
}

/** A PoC's groups; `narrow` is the core's narrowToGroup (kept out so this module needs no core value). */
export function buildGroupNodes(
  parent: PocNode,
  grouping: LogsGrouping,
  counts: LogGroupCount[],
  narrow: (key: LogGroupCount['key']) => LogFilterInput,
  labels: LogsLabels,
  counting = false,
): GroupNode[] {
  return counts.map((row) => {
    const label = groupLabel(grouping, row, labels);
    const count = counting ? labels.counting : labels.logCount(row.count);
    return {
      kind: 'group',
      id: `${parent.id}/${grouping}:${String(row.key)}`,
      label,
      description: counting ? labels.counting : String(row.count),
      accessibilityLabel: `${label}, ${count}`,
      filter: narrow(row.key),
      icon: groupIcon(grouping, row.key),
    };
  });
}

function groupLabel(grouping: LogsGrouping, row: LogGroupCount, labels: LogsLabels): string {
  const key = row.key;
  switch (grouping) {
    case 'evaluation':
      return key === null ? labels.unrated : (labels.evaluation[key as 1 | 2 | 3] ?? String(key));
    case 'status':
      return labels.status[key as 1 | 2 | 3] ?? String(key);
    case 'priority':
      return key === null ? labels.noPriority : (labels.priority[key as 1 | 2 | 3] ?? String(key));
    case 'session':
      // The core labels a session with its start (ISO); minutes are enough to tell them apart.
      return row.label ? `#${String(key)} · ${row.label.slice(0, 16).replace('T', ' ')}` : `#${String(key)}`;
    default:
      return row.label ?? String(key);
  }
}

function groupIcon(grouping: LogsGrouping, key: LogGroupCount['key']): string {
  switch (grouping) {
    case 'evaluation':
      return key === null ? UNRATED_ICON : ratingIcon(key as 1 | 2 | 3);
    case 'status':
      return key === 3 ? 'verified' : key === 2 ? 'mortar-board' : 'inbox';
    case 'priority':
      return 'flame';
    case 'session':
      return 'comment-discussion';
    case 'model':
      return 'symbol-class';
    case 'user':
      return 'account';
    case 'day':
      return 'calendar';
  }
}

const UNRATED_ICON = 'circle-large-outline';

function ratingIcon(evaluation: 1 | 2 | 3): string {
  return evaluation === 1 ? 'pass' : evaluation === 2 ? 'warning' : 'error';
}

const ratingColors: Record<1 | 2 | 3, string> = {
  1: 'testing.iconPassed',
  2: 'list.warningForeground',
  3: 'list.errorForeground',
};

/** A page of logs, and a "Load more…" node when the core says there is another page. */
export function buildLogNodes(
  parentId: string,
  items: LogListItem[],
  hasMore: boolean,
  labels: LogsLabels,
  now = new Date(),
): LogsNode[] {
  const nodes: LogsNode[] = items.map((log) => logNode(log, labels, now));
  if (hasMore)
    nodes.push({
      kind: 'more',
      id: `${parentId}/more`,
      parentId,
      label: labels.loadMore,
      accessibilityLabel: labels.loadMore,
    });
  return nodes;
}

export function logNode(log: LogListItem, labels: LogsLabels, now = new Date()): LogNode {
  const rated = log.evaluated_at !== null;
  const label = firstLine(log.question);
  const parts = [
    rated ? labels.evaluation[log.evaluation] : labels.unrated,
    log.priority === null ? undefined : labels.priority[log.priority],
    labels.status[log.status],
    relativeTime(log.timestamp, now),
  ].filter((p): p is string => p !== undefined);
  const description = parts.join(' · ');
  return {
    kind: 'log',
    // Stable across refreshes, so VS Code keeps selection and what is open.
    id: `log:${log.id}`,
    label,
    description,
    accessibilityLabel: `${label}, ${parts.join(', ')}`,
    log,
    rated,
    icon: rated ? ratingIcon(log.evaluation) : UNRATED_ICON,
    color: rated ? ratingColors[log.evaluation] : 'disabledForeground',
    tooltip: logTooltip(log, labels),
  };
}

/** `log.<rated|unrated>.<status>`: package.json's menus offer only the status changes that apply. */
export function logContextValue(node: LogNode): string {
  return `log.${node.rated ? 'rated' : 'unrated'}.${node.log.status}`;
}

/** The first non-blank line, cut to a length a sidebar can show. */
export function firstLine(text: string, max = 120): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const TOOLTIP_CHARS = 400;

function logTooltip(log: LogListItem, labels: LogsLabels): string {
  const section = (title: string, text: string | null) =>
    text ? `**${escapeMarkdown(title)}**\n\n${escapeMarkdown(excerpt(text, TOOLTIP_CHARS))}` : undefined;
  const head = escapeMarkdown(
    `${log.poc_name} · ${log.model_name} ${labels.version(log.model_version)} · @${log.username} · #${log.id}`,
  );
  return [
    head,
    section(labels.question, log.question),
    section(labels.answer, log.answer),
    section(labels.reason, log.reason),
    section(labels.correction, log.correct_answer),
  ]
    .filter(Boolean)
    .join('\n\n---\n\n');
}

function excerpt(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** Log text is shown as text: every Markdown and HTML character is escaped, line breaks kept. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, '  \n');
}
