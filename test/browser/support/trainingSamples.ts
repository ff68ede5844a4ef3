// A training run as the supervisor reports it (src/core/training/events.ts types): the settings, a
// loss curve in mlx_lm.lora's steps (train every 10 iterations, val at 1 and every 50), and each ending.
import type {
  TrainingArgs,
  TrainingFailure,
  TrainingOutcome,
  TrainingReport,
} from '../../../src/core/training/events';
import type { TrainingHostMessage } from '../../../src/protocol/training';

export const settings: TrainingArgs = {
  model: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
  data: '/work/exports/accounting-2026-12-05',
  adapterPath: '/work/adapters/accounting-v2',
  iters: 100,
  batchSize: 4,
  learningRate: 1e-5,
  numLayers: 16,
  extraArgs: [],
};

export const resetMessage = (
  registerLabel: string | null = 'Register as version 2',
): TrainingHostMessage => ({
  type: 'reset',
  title: 'Training Qwen2.5-7B-Instruct v1 → v2',
  settings,
  registerLabel,
});

export function trainReport(iteration: number, loss = 2.5 - iteration / 100): TrainingReport {
  return {
    kind: 'train',
    iteration,
    loss,
    learningRate: 1e-5,
    iterationsPerSecond: 0.52,
    tokensPerSecond: 150 + iteration / 10,
    trainedTokens: iteration * 300,
    peakMemoryGb: 8 + iteration / 1000,
  };
}

export const valReport = (iteration: number, loss: number): TrainingReport => ({
  kind: 'val',
  iteration,
  loss,
  seconds: 1.234,
});

export const success: TrainingOutcome = {
  ok: true,
  result: { adapterPath: settings.adapterPath, iterations: 100, finalTrainLoss: 1.5, finalValLoss: 1.62 },
};

export function failure(overrides: Partial<TrainingFailure> = {}): TrainingOutcome {
  return {
    ok: false,
    failure: {
      kind: 'out_of_memory',
      message: 'The training ran out of memory at iteration 30.',
      advice: 'Reduce --batch-size (now 4) or --num-layers (now 16).',
      lastLines: [
        'Iter 30: Train loss 2.200, Learning Rate 1.000e-05, It/sec 0.521, Tokens/sec 153.000, Trained Tokens 9000, Peak mem 8.030 GB',
        'libc++abi: terminating due to uncaught exception of type std::runtime_error: [METAL] Command buffer execution failed: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)',
      ],
      code: null,
      signal: 'SIGABRT',
      ...overrides,
    },
  };
}
