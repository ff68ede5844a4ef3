// Training a LoRA adapter with mlx_lm.lora: the public face for the CLI and the extension.
export type { OutputLine } from '../supervisor/options';
export { parseTrainingArgs, trainingArgProblem, trainingArgsSchema, trainingArgv } from './args';
export { defaultTrainingCommand } from './command';
export type {
  TrainingArgs,
  TrainingFailure,
  TrainingFailureKind,
  TrainingOutcome,
  TrainingReport,
  TrainingSuccess,
} from './events';
export { installAdvice } from './failures';
export { parseTrainingLine, plainText } from './progress';
export { adapterFiles, startTraining, type TrainingRun, type TrainingRunOptions } from './run';
