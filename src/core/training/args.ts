// What the user chose for a training run, checked (input boxes hand over text, so numbers may come as
// strings) and turned into mlx_lm.lora's own command line: the same flags a person would type.
import * as z from 'zod';
import { parseInput } from '../errors';
import type { TrainingArgs } from './events';

/** Text from an input box becomes a number; an empty box stays empty (and fails as missing). */
function numeric(schema: z.ZodNumber) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text === '' ? undefined : Number(text);
  }, schema);
}

function path(missing: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.string({ error: missing }).min(1, missing),
  );
}

const wholeNumber = (what: string) => `${what} must be a whole number of at least 1.`;

export const trainingArgsSchema = z.object({
  model: path('Choose the model to train from (--model).'),
  data: path('Choose the export folder holding train.jsonl and valid.jsonl (--data).'),
  adapterPath: path('Choose the folder the adapter is written to (--adapter-path).'),
  iters: numeric(
    z.int({ error: wholeNumber('Iterations (--iters)') }).min(1, wholeNumber('Iterations (--iters)')),
  ),
  batchSize: numeric(
    z
      .int({ error: wholeNumber('Batch size (--batch-size)') })
      .min(1, wholeNumber('Batch size (--batch-size)')),
  ),
  learningRate: numeric(
    z
      .number({ error: 'Learning rate (--learning-rate) must be a number, e.g. 1e-5.' })
      .gt(0, 'Learning rate (--learning-rate) must be more than 0, e.g. 1e-5.')
      .lt(1, 'Learning rate (--learning-rate) must be less than 1, e.g. 1e-5.'),
  ),
  numLayers: numeric(
    z
      .int({ error: 'LoRA layers (--num-layers) must be a whole number: 1 or more, or -1 for all layers.' })
      .refine((layers) => layers === -1 || layers >= 1, {
        error: 'LoRA layers (--num-layers) must be 1 or more, or -1 for all layers.',
      }),
  ),
  resumeAdapterFile: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() || undefined : value),
    z.string().optional(),
  ),
  extraArgs: z.array(z.string()).default([]),
});

/** The checked arguments; throws an `invalid` DomainError naming each problem. */
export function parseTrainingArgs(input: unknown): TrainingArgs {
  return parseInput(trainingArgsSchema, input) as TrainingArgs;
}

/** One field as typed (an input box's validateInput): the problem in one sentence, or undefined. */
export function trainingArgProblem(field: keyof TrainingArgs, value: unknown): string | undefined {
  const result = trainingArgsSchema.shape[field].safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** mlx_lm.lora's argv for `args`: our flags first, then the user's extra arguments as they are. */
export function trainingArgv(args: TrainingArgs): string[] {
  return [
    '--train',
    '--model',
    args.model,
    '--data',
    args.data,
    '--adapter-path',
    args.adapterPath,
    '--iters',
    String(args.iters),
    '--batch-size',
    String(args.batchSize),
    '--learning-rate',
    String(args.learningRate),
    '--num-layers',
    String(args.numLayers),
    ...(args.resumeAdapterFile ? ['--resume-adapter-file', args.resumeAdapterFile] : []),
    ...args.extraArgs,
  ];
}
