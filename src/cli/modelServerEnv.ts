// The model server a headless command talks to, from the environment: LLAMUNE_LLM_BASE_URL (+
// LLAMUNE_LLM_PROVIDER), else a supervised MLX server (LLAMUNE_MLX_COMMAND, LLAMUNE_MLX_ARGS; the default
// mlx_lm.server only on macOS arm64). Shared by `serve` and `retest`.
import * as z from 'zod';
import type { ModelServerConfig } from '../core/api/modelAsker';
import type { MlxSupervisor } from '../core/supervisor/mlxSupervisor';
import type { CliIo } from './io';

export const modelServerEnvSchema = z.object({
  LLAMUNE_LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LLAMUNE_LLM_PROVIDER: z.enum(['openai', 'ollama'], { error: 'must be openai or ollama' }).default('openai'),
  LLAMUNE_MLX_COMMAND: z.string().min(1).optional(),
  LLAMUNE_MLX_ARGS: z.string().default(''),
});
export type ModelServerEnv = z.output<typeof modelServerEnvSchema>;

export async function supervisorFor(env: ModelServerEnv, io: CliIo): Promise<MlxSupervisor | undefined> {
  if (env.LLAMUNE_LLM_BASE_URL) return undefined;
  const macArm = process.platform === 'darwin' && process.arch === 'arm64';
  if (!env.LLAMUNE_MLX_COMMAND && !macArm) return undefined;
  const { createMlxSupervisor } = await import('../core/supervisor/mlxSupervisor');
  const supervisor = createMlxSupervisor({
    command: env.LLAMUNE_MLX_COMMAND,
    args: env.LLAMUNE_MLX_ARGS.split(/\s+/).filter(Boolean),
    onLine: (line) => io.err(`[mlx] ${line.text}`),
  });
  supervisor.onStateChange((state) => {
    if (state.message) io.err(`[mlx] ${state.name}: ${state.message}`);
  });
  return supervisor;
}

export function describeModelServer(config: ModelServerConfig, env: ModelServerEnv): string {
  if (config.baseUrl) return `${config.provider} at ${config.baseUrl}`;
  if (config.supervisor) return `supervised ${env.LLAMUNE_MLX_COMMAND ?? 'mlx_lm.server'}`;
  return 'none configured (set LLAMUNE_LLM_BASE_URL or LLAMUNE_MLX_COMMAND)';
}
