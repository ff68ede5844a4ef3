// What Train Adapter asks, as plain data (no vscode import, tested directly): mlx_lm.lora's own
// defaults for a first run, the folder the adapter goes to, and the arguments built from the choices.
import { basename, dirname, join } from 'node:path';
import type { Model } from '../../core/db/schema';
import type { TrainingArgs } from '../../core/training/events';

export interface TrainingChoices {
  iters: number;
  batchSize: number;
  learningRate: number;
  numLayers: number;
  /** Typed as one line, split on spaces (quotes keep spaces: "--grad-checkpoint --seed 3"). */
  extraArgs: string;
  adapterPath: string;
}

/** mlx_lm.lora's defaults (lora.py CONFIG_DEFAULTS), except 600 iterations: a first run, not a night. */
export function defaultChoices(dataFolder: string, baseName: string, nextVersion: number): TrainingChoices {
  return {
    iters: 600,
    batchSize: 4,
    learningRate: 1e-5,
    numLayers: 16,
    extraArgs: '',
    adapterPath: join(
      dirname(dataFolder),
      'adapters',
      `${slug(baseName)}-v${nextVersion}-${basename(dataFolder)}`,
    ),
  };
}

const slug = (name: string) =>
  name
    .split('/')
    .at(-1)!
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '') || 'model';

/** Splits extra arguments like a shell would for plain words and "quoted phrases". */
export function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The trainer's arguments: trained from `from` (its adapter resumed when it has one) on `data`. */
export function trainingArgsFor(from: Model, data: string, choices: TrainingChoices): TrainingArgs {
  return {
    model: from.model_name,
    data,
    adapterPath: choices.adapterPath,
    iters: choices.iters,
    batchSize: choices.batchSize,
    learningRate: choices.learningRate,
    numLayers: choices.numLayers,
    ...(from.adapter_path && { resumeAdapterFile: join(from.adapter_path, 'adapters.safetensors') }),
    extraArgs: splitArgs(choices.extraArgs),
  };
}
