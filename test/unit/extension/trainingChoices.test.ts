import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/core/db/schema';
import { defaultChoices, splitArgs, trainingArgsFor } from '../../../src/extension/training/trainingChoices';

const model = (extra: Partial<Model> = {}): Model => ({
  id: 1,
  model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
  version: 1,
  base_model: null,
  trained_at: null,
  description: null,
  adapter_path: null,
  provider: 'mlx',
  created_at: new Date(),
  ...extra,
});

describe('Train Adapter’s choices', () => {
  it('starts from mlx_lm.lora’s defaults and puts the adapter beside the export, named after the version', () => {
    expect(
      defaultChoices('/work/training-data/poc-1-2026-12-05', 'mlx-community/Qwen2.5-7B-Instruct-4bit', 2),
    ).toEqual({
      iters: 600,
      batchSize: 4,
      learningRate: 1e-5,
      numLayers: 16,
      extraArgs: '',
      adapterPath: '/work/training-data/adapters/Qwen2.5-7B-Instruct-4bit-v2-poc-1-2026-12-05',
    });
  });

  it('splits extra arguments like a shell for words and quoted phrases', () => {
    expect(splitArgs(' --grad-checkpoint  --seed 3 --config "my config.yaml" ')).toEqual([
      '--grad-checkpoint',
      '--seed',
      '3',
      '--config',
      'my config.yaml',
    ]);
    expect(splitArgs('')).toEqual([]);
  });

  it('trains a base model from scratch and an earlier version further, from its adapter', () => {
    const choices = { ...defaultChoices('/d/export', 'qwen', 2), extraArgs: '--mask-prompt' };
    expect(trainingArgsFor(model(), '/d/export', choices)).toEqual({
      model: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
      data: '/d/export',
      adapterPath: choices.adapterPath,
      iters: 600,
      batchSize: 4,
      learningRate: 1e-5,
      numLayers: 16,
      extraArgs: ['--mask-prompt'],
    });
    expect(
      trainingArgsFor(model({ version: 2, adapter_path: '/d/adapters/v2' }), '/d/export', choices)
        .resumeAdapterFile,
    ).toBe('/d/adapters/v2/adapters.safetensors');
  });
});
