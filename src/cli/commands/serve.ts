// `llamune-poc serve`: the REST API, headless. Stateless (all data in the database), so several instances
// may serve one PostgreSQL. Stops gracefully on SIGTERM / SIGINT.
import type { Command } from 'commander';
import * as z from 'zod';
import type { ModelServerConfig } from '../../core/api/modelAsker';
import type { MlxSupervisor } from '../../core/supervisor/mlxSupervisor';
import { type CliIo, withDatabase } from '../io';
import { parseFlags } from '../parse';

const flagsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0, 'must be 0..65535').max(65_535, 'must be 0..65535'),
});

const envSchema = z.object({
  LLAMUNE_LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LLAMUNE_LLM_PROVIDER: z.enum(['openai', 'ollama'], { error: 'must be openai or ollama' }).default('openai'),
  LLAMUNE_MLX_COMMAND: z.string().min(1).optional(),
  LLAMUNE_MLX_ARGS: z.string().default(''),
});

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'Serve the REST API. Model server: LLAMUNE_LLM_BASE_URL (+ LLAMUNE_LLM_PROVIDER=openai|ollama), else a\n' +
        'supervised MLX server (LLAMUNE_MLX_COMMAND, extra arguments in LLAMUNE_MLX_ARGS; default mlx_lm.server\n' +
        'on macOS arm64). Uses DATABASE_URL, else the embedded database; migrates on start.',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '8787')
    .action(async (rawFlags: unknown) => {
      const flags = parseFlags(flagsSchema, rawFlags);
      const env = parseFlags(envSchema, process.env);
      const [{ startApiServer }, { createModelAsker }] = await Promise.all([
        import('../../core/api/server'),
        import('../../core/api/modelAsker'),
      ]);
      await withDatabase(async (handle) => {
        const supervisor = await supervisorFor(env, io);
        const config: ModelServerConfig = {
          baseUrl: env.LLAMUNE_LLM_BASE_URL,
          provider: env.LLAMUNE_LLM_PROVIDER,
          supervisor,
        };
        const stopRequested = waitForStopSignal();
        const server = await startApiServer({
          db: handle.db,
          models: createModelAsker(config),
          host: flags.host,
          port: flags.port,
          accessLog: (line) => io.err(line),
        });
        io.err(`Database: ${handle.description}. Model server: ${describeModelServer(config, env)}.`);
        io.out(`Listening on ${server.url}`);
        void supervisor?.start();
        const signal = await stopRequested;
        io.err(`${signal}: stopping (requests in flight finish first)…`);
        await server.close();
        await supervisor?.stop();
      });
      io.err('Stopped.');
    });
}

async function supervisorFor(env: z.output<typeof envSchema>, io: CliIo): Promise<MlxSupervisor | undefined> {
  if (env.LLAMUNE_LLM_BASE_URL) return undefined;
  const macArm = process.platform === 'darwin' && process.arch === 'arm64';
  if (!env.LLAMUNE_MLX_COMMAND && !macArm) return undefined;
  const { createMlxSupervisor } = await import('../../core/supervisor/mlxSupervisor');
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

function describeModelServer(config: ModelServerConfig, env: z.output<typeof envSchema>): string {
  if (config.baseUrl) return `${config.provider} at ${config.baseUrl}`;
  if (config.supervisor) return `supervised ${env.LLAMUNE_MLX_COMMAND ?? 'mlx_lm.server'}`;
  return 'none configured (set LLAMUNE_LLM_BASE_URL or LLAMUNE_MLX_COMMAND)';
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
