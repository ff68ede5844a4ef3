// Registering a trained version against both databases: the adapter folder checked, the version the
// base model's highest + 1 (never shared, even when registered at once), the lineage and its tree.
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readAdapterFolder } from '../../../src/core/domain/adapterFolder';
import { modelLineage, walkLineage } from '../../../src/core/domain/lineage';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { startSession } from '../../../src/core/domain/sessions';
import { checkVersion, registerVersion } from '../../../src/core/domain/versions';
import { commitExport, prepareExport } from '../../../src/core/export';
import { writeAdapterFolder } from '../../support/adapterFolder';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

const temp = () => mkdtemp(join(tmpdir(), 'llamune-version-'));

describeEachDatabase('registering a model version', (get) => {
  const db = () => get().db;

  it('refuses a folder that is not an adapter, naming what it lacks', async () => {
    const dir = await temp();
    await expect(readAdapterFolder(join(dir, 'nope'))).rejects.toThrow('no such folder');
    await expect(readAdapterFolder(dir)).rejects.toThrow(
      'is not an mlx_lm adapter folder: it has no adapters.safetensors and no adapter_config.json.',
    );
    await writeAdapterFolder(dir);
    await writeFile(join(dir, 'adapters.safetensors'), 'not safetensors at all');
    await expect(readAdapterFolder(dir)).rejects.toThrow('adapters.safetensors is not a safetensors file');
    await rm(join(dir, 'adapters.safetensors'));
    await expect(readAdapterFolder(dir)).rejects.toThrow('it has no adapters.safetensors.');
    const good = await writeAdapterFolder(await temp(), { num_layers: 8 });
    const adapter = await readAdapterFolder(good);
    expect(adapter).toMatchObject({ tensors: 2, config: { model: 'qwen2.5:14b', num_layers: 8 } });
    const { model } = await seedSession(db());
    await expect(registerVersion(db(), { from_model_id: model.id, adapter_path: dir })).rejects.toThrow(
      'not an mlx_lm adapter folder',
    );
    await expect(registerVersion(db(), { from_model_id: 999_999, adapter_path: good })).rejects.toThrow(
      'Model 999999 was not found.',
    );
    expect(await db().selectFrom('models').selectAll().execute()).toHaveLength(1);
  });

  it('numbers versions under the base model, records the lineage and shows it as a tree', async () => {
    const { model: base, session, user, poc } = await seedSession(db());
    const v1Adapter = await writeAdapterFolder(await temp());
    const trainedAt = new Date('2026-11-30T09:00:00Z');
    await utimes(join(v1Adapter, 'adapters.safetensors'), trainedAt, trainedAt);
    const check = await checkVersion(db(), { from_model_id: base.id, adapter_path: v1Adapter });
    expect(check).toMatchObject({ baseModel: 'qwen2.5', nextVersion: 2, warnings: [] });
    const v2 = await registerVersion(db(), {
      from_model_id: base.id,
      adapter_path: v1Adapter,
      description: '間違いを訂正',
    });
    expect(v2.model).toMatchObject({
      model_name: 'qwen2.5:14b',
      base_model: 'qwen2.5',
      version: 2,
      adapter_path: v1Adapter,
      description: '間違いを訂正',
      provider: base.provider,
    });
    expect(v2.model.trained_at?.toISOString()).toBe(trainedAt.toISOString());
    const v3 = await registerVersion(db(), {
      from_model_id: v2.model.id,
      adapter_path: await writeAdapterFolder(await temp()),
      trained_at: '2026-12-01T00:00:00Z',
    });
    expect(v3.model.version).toBe(3);

    // Ratings so far, per version, from the summary table.
    const v2Session = await startSession(db(), {
      user_id: user.id,
      poc_id: poc.id,
      model_id: v2.model.id,
      system_prompt: '',
    });
    for (const [sessionId, evaluation] of [
      [v2Session.id, 1],
      [v2Session.id, 3],
      [v2Session.id, null],
      [session.id, 2],
    ] as const) {
      const log = await recordLog(db(), { session_id: sessionId, question: 'q', answer: 'a', latency_ms: 1 });
      if (evaluation)
        await evaluateLog(db(), log.id, {
          evaluation,
          ...(evaluation > 1 && { reason: 'r', correct_answer: 'c' }),
        });
    }
    const tree = [...walkLineage(await modelLineage(db()))].map(({ node, depth }) => ({
      depth,
      version: node.model.version,
      parentId: node.parentId,
      ratings: node.ratings,
    }));
    expect(tree).toEqual([
      { depth: 0, version: 1, parentId: null, ratings: { good: 0, insufficient: 1, wrong: 0, unrated: 0 } },
      {
        depth: 1,
        version: 2,
        parentId: base.id,
        ratings: { good: 1, insufficient: 0, wrong: 1, unrated: 1 },
      },
      {
        depth: 2,
        version: 3,
        parentId: v2.model.id,
        ratings: { good: 0, insufficient: 0, wrong: 0, unrated: 0 },
      },
    ]);
  });

  it('warns before registering an adapter trained on another model, and registers when told to', async () => {
    const { model } = await seedSession(db());
    const other = await writeAdapterFolder(await temp(), {
      model: 'mlx-community/Llama-3.2-3B-Instruct-4bit',
    });
    const check = await checkVersion(db(), { from_model_id: model.id, adapter_path: other });
    expect(check.warnings).toEqual([
      'The adapter was trained on mlx-community/Llama-3.2-3B-Instruct-4bit (adapter_config.json), not on qwen2.5:14b: it may not load on this model.',
    ]);
    await expect(
      registerVersion(db(), { from_model_id: model.id, adapter_path: other }),
    ).rejects.toMatchObject({
      code: 'adapter_mismatch',
    });
    expect(await db().selectFrom('models').selectAll().execute()).toHaveLength(1);
    const forced = await registerVersion(db(), { from_model_id: model.id, adapter_path: other, force: true });
    expect(forced.model.version).toBe(2);
  });

  it('links the version to the export it was trained on, through the manifest', async () => {
    const { model, session, poc } = await seedSession(db());
    for (const question of ['減価償却とは？', '消費税の標準税率は？']) {
      const log = await recordLog(db(), { session_id: session.id, question, answer: '…', latency_ms: 1 });
      await evaluateLog(db(), log.id, {
        evaluation: 3,
        reason: '誤り',
        correct_answer: `${question}の正しい答え`,
      });
    }
    const folder = join(await temp(), 'export');
    const prepared = await prepareExport(
      db(),
      { poc_ids: [poc.id], split: { train: 1, valid: 0, test: 0 } },
      { folder },
    );
    const { exportId } = await commitExport(db(), prepared, { markTrained: false, overwrite: false });
    const registered = await registerVersion(db(), {
      from_model_id: model.id,
      adapter_path: await writeAdapterFolder(await temp()),
      data_path: folder,
    });
    expect(registered.training).toEqual({ exportId, logs: 2 });
    const [root] = await modelLineage(db());
    expect(root?.children[0]).toMatchObject({ exportId, trainingLogs: 2 });
    await expect(
      registerVersion(db(), {
        from_model_id: model.id,
        adapter_path: await writeAdapterFolder(await temp()),
        data_path: await temp(),
      }),
    ).rejects.toThrow('has no manifest.json');
  });

  it('never gives two registrations at once the same version', async () => {
    const { model } = await seedSession(db());
    const adapters = await Promise.all(
      Array.from({ length: 6 }, async () => writeAdapterFolder(await temp())),
    );
    const register = (adapter_path: string) =>
      registerVersion(db(), { from_model_id: model.id, adapter_path });
    // At once on PostgreSQL; one after the other on the embedded database, which serves one session.
    const registered =
      get().kind === 'postgres'
        ? await Promise.all(adapters.map(register))
        : await adapters.reduce<Promise<Awaited<ReturnType<typeof register>>[]>>(
            async (done, adapter) => [...(await done), await register(adapter)],
            Promise.resolve([]),
          );
    expect(registered.map((r) => r.model.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
  });
});
