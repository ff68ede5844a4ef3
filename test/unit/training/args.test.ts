// Training choices → mlx_lm.lora's command line, and the checks on what a person typed.
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../src/core/errors';
import { parseTrainingArgs, trainingArgProblem, trainingArgv } from '../../../src/core/training/args';
import type { TrainingArgs } from '../../../src/core/training/events';

const args: TrainingArgs = {
  model: 'mlx-community/Qwen3-4B-4bit',
  data: '/exports/poc1/2026-12-05',
  adapterPath: '/adapters/poc1-v2',
  iters: 600,
  batchSize: 4,
  learningRate: 1e-5,
  numLayers: 16,
  extraArgs: [],
};

describe("mlx_lm.lora's arguments", () => {
  it('puts every choice behind its own flag, in the order a person would type them', () => {
    expect(trainingArgv(args)).toEqual([
      '--train',
      '--model',
      'mlx-community/Qwen3-4B-4bit',
      '--data',
      '/exports/poc1/2026-12-05',
      '--adapter-path',
      '/adapters/poc1-v2',
      '--iters',
      '600',
      '--batch-size',
      '4',
      '--learning-rate',
      '0.00001',
      '--num-layers',
      '16',
    ]);
  });

  it('adds the adapter to resume from, then the extra arguments as they are', () => {
    const argv = trainingArgv({
      ...args,
      learningRate: 2e-7,
      numLayers: -1,
      resumeAdapterFile: '/adapters/poc1-v1/adapters.safetensors',
      extraArgs: ['--grad-checkpoint', '--max-seq-length', '1024'],
    });
    expect(argv.slice(-9)).toEqual([
      '--learning-rate',
      '2e-7',
      '--num-layers',
      '-1',
      '--resume-adapter-file',
      '/adapters/poc1-v1/adapters.safetensors',
      '--grad-checkpoint',
      '--max-seq-length',
      '1024',
    ]);
  });

  it('keeps paths with spaces as one argument each', () => {
    const argv = trainingArgv({ ...args, data: '/Users/me/My Exports/poc 1', adapterPath: 'out dir' });
    expect(argv[argv.indexOf('--data') + 1]).toBe('/Users/me/My Exports/poc 1');
    expect(argv[argv.indexOf('--adapter-path') + 1]).toBe('out dir');
  });
});

describe('checking the choices', () => {
  it('accepts numbers typed as text, trims paths, and treats an empty resume file as none', () => {
    expect(
      parseTrainingArgs({
        model: '  m  ',
        data: 'd',
        adapterPath: 'a',
        iters: ' 100 ',
        batchSize: '2',
        learningRate: '1e-5',
        numLayers: '-1',
        resumeAdapterFile: '   ',
      }),
    ).toEqual({
      model: 'm',
      data: 'd',
      adapterPath: 'a',
      iters: 100,
      batchSize: 2,
      learningRate: 0.00001,
      numLayers: -1,
      extraArgs: [],
    });
  });

  it.each([
    ['iters', 0, 'Iterations (--iters) must be a whole number of at least 1.'],
    ['iters', '1.5', 'Iterations (--iters) must be a whole number of at least 1.'],
    ['iters', 'many', 'Iterations (--iters) must be a whole number of at least 1.'],
    ['iters', '', 'Iterations (--iters) must be a whole number of at least 1.'],
    ['batchSize', -2, 'Batch size (--batch-size) must be a whole number of at least 1.'],
    ['learningRate', 0, 'Learning rate (--learning-rate) must be more than 0, e.g. 1e-5.'],
    ['learningRate', '-1e-5', 'Learning rate (--learning-rate) must be more than 0, e.g. 1e-5.'],
    ['learningRate', 1, 'Learning rate (--learning-rate) must be less than 1, e.g. 1e-5.'],
    ['learningRate', 'fast', 'Learning rate (--learning-rate) must be a number, e.g. 1e-5.'],
    ['numLayers', 0, 'LoRA layers (--num-layers) must be 1 or more, or -1 for all layers.'],
    ['numLayers', -2, 'LoRA layers (--num-layers) must be 1 or more, or -1 for all layers.'],
    ['numLayers', 2.5, 'LoRA layers (--num-layers) must be a whole number: 1 or more, or -1 for all layers.'],
    ['model', '  ', 'Choose the model to train from (--model).'],
    ['data', undefined, 'Choose the export folder holding train.jsonl and valid.jsonl (--data).'],
    ['adapterPath', '', 'Choose the folder the adapter is written to (--adapter-path).'],
  ] as const)('%s = %j: %s', (field, value, message) => {
    expect(trainingArgProblem(field, value)).toBe(message);
  });

  it('accepts good single values', () => {
    expect(trainingArgProblem('iters', '1')).toBeUndefined();
    expect(trainingArgProblem('learningRate', '0.0002')).toBeUndefined();
    expect(trainingArgProblem('numLayers', -1)).toBeUndefined();
    expect(trainingArgProblem('numLayers', '8')).toBeUndefined();
  });

  it('names every problem at once in an invalid DomainError', () => {
    let caught: unknown;
    try {
      parseTrainingArgs({ ...args, iters: 0, learningRate: 5, model: '' });
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught)).toBe(true);
    expect(caught).toMatchObject({ kind: 'invalid', code: 'invalid_input' });
    const message = (caught as Error).message;
    expect(message).toContain('model: Choose the model to train from (--model).');
    expect(message).toContain('iters: Iterations (--iters) must be a whole number of at least 1.');
    expect(message).toContain(
      'learningRate: Learning rate (--learning-rate) must be less than 1, e.g. 1e-5.',
    );
  });
});
