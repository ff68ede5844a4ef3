// Finding the MLX server program before spawning it, so that a missing or unusable command turns into
// a message that names the fix instead of a cryptic exit code.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

export type CommandLookup =
  | { found: true; command: string; args: string[] }
  | { found: false; message: string };

const alternatives = 'or use Ollama or another OpenAI-compatible server (llama.cpp, vLLM, LM Studio) instead';

export const installHint = `Install it with \`pip install mlx-lm\` (macOS on Apple Silicon only), ${alternatives}.`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable file for `command` (a path, or a name looked up on PATH), or why there is none. */
export async function findExecutable(
  command: string,
  pathVariable: string | undefined,
  cwd: string,
): Promise<{ ok: true; path: string } | { ok: false; problem: 'missing' | 'not_executable'; path?: string }> {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : join(cwd, command)]
    : (pathVariable ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  let notExecutable: string | undefined;
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    if (await isExecutable(candidate)) return { ok: true, path: candidate };
    notExecutable ??= candidate;
  }
  return notExecutable
    ? { ok: false, problem: 'not_executable', path: notExecutable }
    : { ok: false, problem: 'missing' };
}

/**
 * The command line to start: the configured command, else `mlx_lm.server`, else `python3 -m mlx_lm server`
 * (the module form mlx-lm recommends) when python3 is there.
 */
export async function resolveServerCommand(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<CommandLookup> {
  const command = configured ?? 'mlx_lm.server';
  const found = await findExecutable(command, env.PATH, cwd);
  if (found.ok) return { found: true, command: found.path, args: [] };
  if (found.problem === 'not_executable') {
    return {
      found: false,
      message: `The MLX server command ${found.path} is not executable. Make it executable (chmod +x), set the MLX server command to the right program, ${alternatives}.`,
    };
  }
  if (configured === undefined) {
    const python = await findExecutable('python3', env.PATH, cwd);
    if (python.ok) return { found: true, command: python.path, args: ['-m', 'mlx_lm', 'server'] };
  }
  return {
    found: false,
    message: `The MLX server command "${command}" was not found${command.includes('/') ? '' : ' on PATH'}. ${installHint} You can also set the MLX server command in the settings.`,
  };
}
