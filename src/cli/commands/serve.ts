// `llamune-poc serve`: the REST API, headless. Stateless (all data in the database), so several instances
// may serve one PostgreSQL. Stops gracefully on SIGTERM / SIGINT.
import type { Command } from 'commander';
import * as z from 'zod';
import type { ModelServerConfig } from '../../core/api/modelAsker';
import { type CliIo, withDatabase } from '../io';
import { describeModelServer, modelServerEnvSchema, supervisorFor } from '../modelServerEnv';
import { parseFlags } from '../parse';

const flagsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0, 'must be 0..65535').max(65_535, 'must be 0..65535'),
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
      const env = parseFlags(modelServerEnvSchema, process.env);
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
