// `llamune-poc model …`: model versions (an MLX / Ollama model string, optionally a LoRA adapter).
import type { Command } from 'commander';
import * as z from 'zod';
import { providerSchema } from '../../core/domain/codes';
import { listModels, registerModel, registerNextVersion } from '../../core/domain/models';
import { type CliIo, withDatabase } from '../io';
import { formatJson, formatTable } from '../output';
import { parseFlags } from '../parse';

const addFlagsSchema = z.object({
  name: z.string(),
  base_model: z.string().optional(),
  version: z.coerce
    .number({ error: 'must be a whole number ≥ 1' })
    .int('must be a whole number ≥ 1')
    .min(1, 'must be a whole number ≥ 1')
    .optional(),
  description: z.string().optional(),
  adapter_path: z.string().optional(),
  provider: providerSchema.optional(),
  trained_at: z.iso
    .datetime({ offset: true, error: 'must be an ISO-8601 time, e.g. 2026-11-25T10:00:00Z' })
    .optional(),
  json: z.boolean().optional(),
});

interface AddFlags {
  name: string;
  baseModel?: string;
  version?: string;
  description?: string;
  adapterPath?: string;
  provider?: string;
  trainedAt?: string;
  json?: boolean;
}

function toInput(flags: AddFlags) {
  return parseFlags(addFlagsSchema, {
    name: flags.name,
    base_model: flags.baseModel,
    version: flags.version,
    description: flags.description,
    adapter_path: flags.adapterPath,
    provider: flags.provider,
    trained_at: flags.trainedAt,
    json: flags.json,
  });
}

function withModelOptions(command: Command): Command {
  return command
    .requiredOption(
      '--name <model>',
      'model string: a Hugging Face repo id or local path (MLX), an Ollama tag, …',
    )
    .option('--description <text>', 'a note')
    .option('--adapter-path <dir>', 'LoRA adapter directory (mlx_lm.server --adapter-path)')
    .option('--provider <provider>', 'model server that serves it: mlx, ollama or openai')
    .option('--trained-at <time>', 'when it was fine-tuned (ISO-8601)')
    .option('--json', 'print the new model as JSON');
}

export function registerModelCommands(program: Command, io: CliIo): void {
  const model = program.command('model').description('Manage model versions.');

  withModelOptions(model.command('add').description('Register a model.'))
    .option('--base-model <name>', 'base model name, e.g. qwen2.5')
    .option('--version <n>', 'training version (default 1)')
    .action(async (flags: AddFlags) => {
      const { name, json, ...rest } = toInput(flags);
      const created = await withDatabase(({ db }) => registerModel(db, { model_name: name, ...rest }));
      io.err(`Registered model "${created.model_name}" version ${created.version}.`);
      io.out(json ? formatJson(created) : String(created.id));
    });

  withModelOptions(
    model
      .command('add-version')
      .description('Register the next version of a base model (its highest version + 1).'),
  )
    .requiredOption('--base-model <name>', 'base model name')
    .action(async (flags: AddFlags) => {
      const { name, json, base_model, version: _ignored, ...rest } = toInput(flags);
      const created = await withDatabase(({ db }) =>
        registerNextVersion(db, { model_name: name, base_model: base_model ?? '', ...rest }),
      );
      io.err(`Registered "${created.base_model}" version ${created.version}.`);
      io.out(json ? formatJson(created) : String(created.id));
    });

  model
    .command('list')
    .description('List models.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const models = await withDatabase(({ db }) => listModels(db));
      io.out(
        flags.json
          ? formatJson(models)
          : formatTable(
              ['ID', 'MODEL', 'VERSION', 'BASE MODEL', 'PROVIDER', 'ADAPTER', 'TRAINED', 'DESCRIPTION'],
              models.map((m) => [
                m.id,
                m.model_name,
                m.version,
                m.base_model,
                m.provider,
                m.adapter_path,
                m.trained_at,
                m.description,
              ]),
            ),
      );
    });
}
