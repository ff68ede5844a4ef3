// What a training run (mlx_lm.lora, or the command `llamune.training.command` names) reports while it
// runs and how it ends: the contract between the process supervisor (core), the CLI, and the
// editor's training view. Plain data only: it crosses into a webview as JSON.

/** One progress report parsed from the trainer's output (either of mlx_lm.lora's output formats). */
export type TrainingReport =
  | {
      kind: 'train';
      iteration: number;
      loss: number;
      learningRate?: number;
      iterationsPerSecond?: number;
      tokensPerSecond?: number;
      trainedTokens?: number;
      peakMemoryGb?: number;
    }
  | { kind: 'val'; iteration: number; loss: number; seconds?: number }
  | { kind: 'saved'; iteration?: number; path: string };

/** What the user chose; turned into mlx_lm.lora's own flags. */
export interface TrainingArgs {
  /** The model to load (`--model`): the base model's path or Hugging Face repo. */
  model: string;
  /** The export folder holding train.jsonl / valid.jsonl (`--data`). */
  data: string;
  /** Where the adapter is written (`--adapter-path`). */
  adapterPath: string;
  iters: number;
  batchSize: number;
  learningRate: number;
  numLayers: number;
  /** Training from an earlier version: its adapters.safetensors (`--resume-adapter-file`). */
  resumeAdapterFile?: string;
  /** Further arguments, passed as they are after ours. */
  extraArgs: string[];
}

export type TrainingFailureKind = 'not_installed' | 'exited' | 'out_of_memory' | 'no_adapter' | 'cancelled';

export interface TrainingFailure {
  kind: TrainingFailureKind;
  /** One sentence for people: what happened. */
  message: string;
  /** The fix when one is known, e.g. "Reduce --batch-size (now 4) or --num-layers". */
  advice?: string;
  /** The process's last output lines (stdout and stderr, in order). */
  lastLines: string[];
  code: number | null;
  signal: string | null;
}

export interface TrainingSuccess {
  adapterPath: string;
  /** The last iteration reported. */
  iterations: number;
  finalTrainLoss?: number;
  finalValLoss?: number;
}

export type TrainingOutcome = { ok: true; result: TrainingSuccess } | { ok: false; failure: TrainingFailure };
