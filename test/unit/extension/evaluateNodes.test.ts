import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/core/db/schema';
import type { LineageNode, RatingCounts } from '../../../src/core/domain/lineage';
import { buildEvaluateTree, databaseProgressNode } from '../../../src/extension/views/evaluateNodes';

const labels = {
  settingUp: 'Setting up the local database…',
  connecting: 'Connecting to the database…',
  usually: (s: number) => `usually about ${s} s`,
  failed: 'The database could not be opened',
  retry: 'Retry',
};

describe('the Evaluate view before the database is open', () => {
  it('says what is being opened and how long it usually takes', () => {
    expect(
      databaseProgressNode({ state: 'opening', kind: 'embedded', usualSeconds: 15 }, labels),
    ).toMatchObject({
      label: 'Setting up the local database…',
      description: 'usually about 15 s',
      icon: 'loading~spin',
    });
    expect(databaseProgressNode({ state: 'opening', kind: 'postgres' }, labels)).toMatchObject({
      label: 'Connecting to the database…',
      description: undefined,
    });
  });

  it('turns a failure into an item that gives the reason and retries when clicked', () => {
    expect(databaseProgressNode({ state: 'failed', message: 'ECONNRESET' }, labels)).toMatchObject({
      label: 'The database could not be opened',
      description: 'Retry',
      tooltip: 'ECONNRESET',
      icon: 'error',
      command: { id: 'llamune.refresh', args: [] },
    });
  });
});

describe('the Evaluate view’s models', () => {
  const model = (id: number, version: number, extra: Partial<Model> = {}): Model => ({
    id,
    model_name: 'qwen2.5:14b',
    version,
    base_model: 'qwen2.5',
    trained_at: null,
    description: null,
    adapter_path: null,
    provider: 'mlx',
    created_at: new Date('2026-11-01T00:00:00Z'),
    ...extra,
  });
  const node = (m: Model, parentId: number | null, children: LineageNode[] = []): LineageNode => ({
    model: m,
    parentId,
    exportId: parentId === null ? null : 4,
    trainingLogs: parentId === null ? null : 120,
    adapterConfig: null,
    ratings: { good: 3, insufficient: 1, wrong: parentId === null ? 2 : 0, unrated: 4 },
    children,
  });
  const treeLabels = {
    pocsGroup: 'PoCs',
    modelsGroup: 'Models',
    sessionGroup: 'Session',
    noSessionItem: 'Start',
    current: 'current',
    questions: (n: number) => `${n} questions`,
    version: (v: number) => `v${v}`,
    startedAt: (w: string) => `started ${w}`,
    ratings: (c: RatingCounts) => `good ${c.good} · insufficient ${c.insufficient} · wrong ${c.wrong}`,
    trainedOn: (logs: number | null, exportId: number | null) =>
      logs === null ? undefined : `trained on ${logs} logs (export ${exportId})`,
    trainedAt: (w: string) => `trained ${w}`,
    trainedFrom: (m: string) => `adapter on ${m}`,
  };

  it('shows base → v2 → v3, each with its adapter, training set, time and ratings', () => {
    const v3 = node(model(3, 3, { adapter_path: '/a/v3' }), 2);
    const v2 = node(model(2, 2, { adapter_path: '/a/v2', trained_at: new Date('2026-11-30T09:00:00Z') }), 1, [
      v3,
    ]);
    const base = node(model(1, 1, { base_model: null }), null, [v2]);
    const [, , models] = buildEvaluateTree(
      { pocs: [], models: [base], session: undefined, currentPocId: undefined, currentModelId: 2 },
      treeLabels,
    );
    const root = models!.children![0]!;
    expect(root).toMatchObject({
      label: 'qwen2.5:14b',
      description: 'v1 · mlx · good 3 · insufficient 1 · wrong 2',
      expanded: true,
    });
    const second = root.children![0]!;
    expect(second).toMatchObject({
      id: 'model:2:versions',
      label: 'v2',
      description: 'current · mlx · LoRA · good 3 · insufficient 1 · wrong 0',
      icon: 'pass-filled',
      command: { id: 'llamune.selectModel', args: [2] },
    });
    expect(second.tooltip?.split('\n')).toEqual([
      'adapter on qwen2.5:14b',
      '/a/v2',
      'trained on 120 logs (export 4)',
      'trained 2026-11-30 09:00',
      'good 3 · insufficient 1 · wrong 0',
    ]);
    expect(second.children![0]).toMatchObject({ id: 'model:3', icon: 'git-commit' });
    expect(second.children![0]!.children).toBeUndefined();
  });
});
