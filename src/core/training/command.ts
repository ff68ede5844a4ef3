// Finding the trainer before starting it, so that a missing program becomes "how to install it"
// rather than sh's exit code 127: the configured command, else `mlx_lm.lora` on PATH, else
// `python3 -m mlx_lm lora` (the module form mlx-lm recommends) when python3 is there.
import { findExecutable } from '../supervisor/executable';
import type { TrainingFailure } from './events';
import { notInstalledFailure } from './failures';

export type TrainingCommand =
  | { found: true; command: string; args: string[] }
  | { found: false; failure: TrainingFailure };

export const defaultTrainingCommand = 'mlx_lm.lora';

export async function resolveTrainingCommand(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<TrainingCommand> {
  const command = configured?.trim() || defaultTrainingCommand;
  const found = await findExecutable(command, env.PATH, cwd);
  if (found.ok) return { found: true, command: found.path, args: [] };
  if (found.problem === 'not_executable') {
    return { found: false, failure: notInstalledFailure(found.path ?? command, 'not_executable') };
  }
  if (command === defaultTrainingCommand) {
    const python = await findExecutable('python3', env.PATH, cwd);
    if (python.ok) return { found: true, command: python.path, args: ['-m', 'mlx_lm', 'lora'] };
  }
  return { found: false, failure: notInstalledFailure(command, 'missing') };
}
