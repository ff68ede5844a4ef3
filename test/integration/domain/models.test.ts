import { expect, it } from 'vitest';
import { getModel, listModels, registerModel, registerNextVersion } from '../../../src/core/domain/models';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('models', (get) => {
  it('registers a base model with the design defaults (version 1)', async () => {
    const model = await registerModel(get().db, {
      model_name: 'qwen2.5:14b',
      base_model: 'qwen2.5',
      description: 'ベースモデル（未訓練）',
    });
    expect(model).toMatchObject({
      model_name: 'qwen2.5:14b',
      version: 1,
      base_model: 'qwen2.5',
      trained_at: null,
      adapter_path: null,
      provider: null,
    });
    expect(await getModel(get().db, model.id)).toEqual(model);
  });

  it('registers the next version of a base model with its adapter', async () => {
    await registerModel(get().db, {
      model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
      base_model: 'qwen2.5-7b',
    });
    const trainedAt = new Date('2026-11-20T09:30:00Z');
    const v2 = await registerNextVersion(get().db, {
      model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
      base_model: 'qwen2.5-7b',
      adapter_path: '/adapters/accounting-v2',
      trained_at: trainedAt.toISOString(),
      provider: 'mlx',
    });
    expect(v2).toMatchObject({ version: 2, adapter_path: '/adapters/accounting-v2', provider: 'mlx' });
    expect(v2.trained_at?.toISOString()).toBe(trainedAt.toISOString());
    const v3 = await registerNextVersion(get().db, { model_name: 'x', base_model: 'qwen2.5-7b' });
    expect(v3.version).toBe(3);
    expect((await registerNextVersion(get().db, { model_name: 'y', base_model: 'fresh' })).version).toBe(1);
  });

  it('gives concurrent registrations distinct version numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => registerNextVersion(get().db, { model_name: 'm', base_model: 'same' })),
    );
    expect(results.map((m) => m.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('lists models by name and version', async () => {
    await registerModel(get().db, { model_name: 'b', version: 2 });
    await registerModel(get().db, { model_name: 'a' });
    await registerModel(get().db, { model_name: 'b' });
    expect((await listModels(get().db)).map((m) => `${m.model_name}@${m.version}`)).toEqual([
      'a@1',
      'b@1',
      'b@2',
    ]);
  });

  it.each([
    [{ model_name: '' }, /model_name/],
    [{ model_name: 'm', version: 0 }, /version/],
    [{ model_name: 'm', version: 1.5 }, /version/],
    [{ model_name: 'm', provider: 'gpt' }, /provider: must be mlx, ollama or openai/],
    [{ model_name: 'm', trained_at: 'yesterday' }, /trained_at/],
    [{ model_name: 'x'.repeat(101) }, /model_name/],
    [{ model_name: 'm', unknown: true }, /unknown/],
  ])('rejects %j and writes nothing', async (input, message) => {
    await expect(registerModel(get().db, input as never)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(message),
    });
    expect(await listModels(get().db)).toEqual([]);
  });

  it('reports a missing model as not found', async () => {
    await expect(getModel(get().db, 12345)).rejects.toMatchObject({
      kind: 'not_found',
      code: 'model_not_found',
    });
  });
});
