// The Evaluate view's nodes as plain data (no vscode import), so their content is tested directly.
import type { LineageNode, RatingCounts } from '../../core/domain/lineage';
import type { PocSummary, SessionSummary } from '../../core/domain/overview';

export type EvaluateNodeKind =
  | 'pocs'
  | 'models'
  | 'sessionGroup'
  | 'poc'
  | 'model'
  | 'session'
  | 'noSession'
  | 'database';

export interface EvaluateNode {
  kind: EvaluateNodeKind;
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  expanded?: boolean;
  /** Clicking the node runs this command with `args`. */
  command?: { id: string; args: unknown[] };
  children?: EvaluateNode[];
}

export interface EvaluateLabels {
  pocsGroup: string;
  modelsGroup: string;
  sessionGroup: string;
  noSessionItem: string;
  current: string;
  questions(n: number): string;
  version(v: number): string;
  startedAt(when: string): string;
  /** e.g. "good 3 · insufficient 1 · wrong 2 · unrated 4"; empty when nothing was asked. */
  ratings(counts: RatingCounts): string;
  /** e.g. "trained on 120 logs (export 4)". */
  trainedOn(logs: number | null, exportId: number | null): string | undefined;
  trainedAt(when: string): string;
  trainedFrom(model: string): string;
}

export interface EvaluateData {
  pocs: PocSummary[];
  /** The models as lineage trees: base → v1 → v2. */
  models: LineageNode[];
  session: SessionSummary | undefined;
  currentPocId: number | undefined;
  currentModelId: number | undefined;
}

export function buildEvaluateTree(
  data: EvaluateData,
  labels: EvaluateLabels,
  now = new Date(),
): EvaluateNode[] {
  const session = data.session;
  const sessionChildren: EvaluateNode[] = session
    ? [
        {
          kind: 'session',
          id: `session:${session.id}`,
          label: `${session.poc_name} · ${session.model_name} ${labels.version(session.model_version)}`,
          description: `${labels.startedAt(relativeTime(session.started_at, now))} · ${labels.questions(session.question_count)}`,
          tooltip: session.system_prompt ?? undefined,
          icon: 'comment-discussion',
          command: { id: 'llamune.openPanel', args: [] },
        },
      ]
    : [
        {
          kind: 'noSession',
          id: 'session:none',
          label: labels.noSessionItem,
          icon: 'play',
          command: { id: 'llamune.startSession', args: [] },
        },
      ];

  return [
    {
      kind: 'sessionGroup',
      id: 'group:session',
      label: labels.sessionGroup,
      icon: 'pulse',
      expanded: true,
      children: sessionChildren,
    },
    {
      kind: 'pocs',
      id: 'group:pocs',
      label: labels.pocsGroup,
      description: String(data.pocs.length),
      icon: 'briefcase',
      expanded: true,
      children: data.pocs.map((poc) => {
        const current = poc.id === data.currentPocId;
        return {
          kind: 'poc' as const,
          id: `poc:${poc.id}`,
          label: poc.name,
          description: [current ? labels.current : undefined, poc.domain, `${poc.session_count}`]
            .filter(Boolean)
            .join(' · '),
          tooltip: poc.default_system_prompt ?? undefined,
          icon: current ? 'pass-filled' : 'circle-large-outline',
          command: { id: 'llamune.selectPoc', args: [poc.id] },
        };
      }),
    },
    {
      kind: 'models',
      id: 'group:models',
      label: labels.modelsGroup,
      description: String(data.models.length),
      icon: 'symbol-class',
      expanded: true,
      children: data.models.map((node) => modelNode(node, data.currentModelId, labels)),
    },
  ];
}

/** A model and, under it, the versions trained from it. */
function modelNode(
  node: LineageNode,
  currentModelId: number | undefined,
  labels: EvaluateLabels,
): EvaluateNode {
  const { model } = node;
  const current = model.id === currentModelId;
  const ratings = labels.ratings(node.ratings);
  return {
    kind: 'model',
    // A model that gains its first version becomes a new item, so that it opens expanded (the tree
    // keeps an item's collapsed state by id, and a leaf's is "collapsed").
    id: `model:${model.id}${node.children.length > 0 ? ':versions' : ''}`,
    // Under its base a version is known by its number (the sidebar is narrow; the name is above).
    label: node.parentId === null ? model.model_name : labels.version(model.version),
    description: [
      current ? labels.current : undefined,
      node.parentId === null ? labels.version(model.version) : undefined,
      model.provider,
      model.adapter_path ? 'LoRA' : undefined,
      ratings || undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip:
      [
        node.parentId === null ? model.base_model : labels.trainedFrom(model.model_name),
        model.adapter_path,
        labels.trainedOn(node.trainingLogs, node.exportId),
        model.trained_at
          ? labels.trainedAt(model.trained_at.toISOString().slice(0, 16).replace('T', ' '))
          : undefined,
        ratings || undefined,
        model.description,
      ]
        .filter(Boolean)
        .join('\n') || undefined,
    icon: current ? 'pass-filled' : model.adapter_path ? 'git-commit' : 'circle-large-outline',
    command: { id: 'llamune.selectModel', args: [model.id] },
    ...(node.children.length > 0 && {
      expanded: true,
      children: node.children.map((child) => modelNode(child, currentModelId, labels)),
    }),
  };
}

/** "5 min ago"-style age, coarse on purpose. */
export function relativeTime(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return then.toISOString().slice(0, 10);
}

/** What the view shows while the database is not open yet: progress with the usual time, or the failure. */
export type DatabaseProgress =
  | { state: 'opening'; kind: 'embedded' | 'postgres'; usualSeconds?: number }
  | { state: 'failed'; message: string };

export interface DatabaseProgressLabels {
  settingUp: string;
  connecting: string;
  usually(seconds: number): string;
  failed: string;
  retry: string;
}

export function databaseProgressNode(
  progress: DatabaseProgress,
  labels: DatabaseProgressLabels,
): EvaluateNode {
  if (progress.state === 'failed') {
    return {
      kind: 'database',
      id: 'database:failed',
      label: labels.failed,
      description: labels.retry,
      tooltip: progress.message,
      icon: 'error',
      command: { id: 'llamune.refresh', args: [] },
    };
  }
  return {
    kind: 'database',
    id: 'database:opening',
    label: progress.kind === 'embedded' ? labels.settingUp : labels.connecting,
    description: progress.usualSeconds === undefined ? undefined : labels.usually(progress.usualSeconds),
    icon: 'loading~spin',
  };
}
