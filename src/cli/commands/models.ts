// `llamune-poc model …`: model versions (an MLX / Ollama model string, optionally a LoRA adapter).
import type { Command } from 'commander';
import * as z from 'zod';
import { providerSchema } from '../../core/domain/codes';
import { modelLineage, walkLineage } from '../../core/domain/lineage';
import { listModels, registerModel, registerNextVersion } from '../../core/domain/models';
import { registerVersion } from '../../core/domain/versions';
import { type CliIo, UsageError, withDatabase } from '../io';
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

interface AddVersionFlags extends Omit<AddFlags, 'name' | 'version'> {
  from?: string;
  name?: string;
  data?: string;
  force?: boolean;
}

const addVersionFlagsSchema = z.object({
  from: z.coerce
    .number({ error: 'must be a model id' })
    .int('must be a model id')
    .min(1, 'must be a model id'),
  adapter_path: z.string({ error: 'is required with --from' }).min(1, 'is required with --from'),
  data: z.string().optional(),
  description: z.string().optional(),
  trained_at: addFlagsSchema.shape.trained_at,
  force: z.boolean().optional(),
});

/** The version of a base model by name, without an adapter check or lineage (the older form). */
async function addVersionByName(io: CliIo, flags: AddVersionFlags): Promise<void> {
  if (flags.name === undefined || flags.baseModel === undefined)
    throw new UsageError(
      'give --from <id> (the model it was trained from) and --adapter-path <dir>, or --name and --base-model',
    );
  const { name, json, base_model, version: _ignored, ...rest } = toInput({ ...flags, name: flags.name });
  const created = await withDatabase(({ db }) =>
    registerNextVersion(db, { model_name: name, base_model: base_model ?? '', ...rest }),
  );
  io.err(`Registered "${created.base_model}" version ${created.version}.`);
  io.out(json ? formatJson(created) : String(created.id));
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

  model
    .command('add-version')
    .description(
      'Register the next version of a model: --from the model it was trained from and its --adapter-path ' +
        '(checked, with the lineage recorded), or --name and --base-model without either.',
    )
    .option('--from <id>', 'the model it was trained from (a base or an earlier version)')
    .option('--adapter-path <dir>', 'LoRA adapter folder (adapters.safetensors and adapter_config.json)')
    .option('--data <dir>', 'the export folder it was trained on (its manifest.json links the logs)')
    .option('--description <text>', 'a note')
    .option('--trained-at <time>', 'when it was trained (ISO-8601; default: the adapter file’s time)')
    .option('--force', 'register even when the adapter says it was trained on another model')
    .option('--name <model>', 'without --from: the model string')
    .option('--base-model <name>', 'without --from: the base model name')
    .option('--provider <provider>', 'without --from: model server that serves it')
    .option('--json', 'print the new model as JSON')
    .action(async (flags: AddVersionFlags) => {
      if (flags.from === undefined) return addVersionByName(io, flags);
      const { from, data, ...rest } = parseFlags(addVersionFlagsSchema, {
        from: flags.from,
        adapter_path: flags.adapterPath,
        data: flags.data,
        description: flags.description,
        trained_at: flags.trainedAt,
        force: flags.force,
      });
      const input = { ...rest, from_model_id: from, data_path: data };
      const { model: created, parent, training } = await withDatabase(({ db }) => registerVersion(db, input));
      const trainedOn = training?.logs == null ? '' : `, trained on ${training.logs} logs`;
      io.err(
        `Registered "${created.base_model}" version ${created.version} (from ${parent.model_name} v${parent.version}${trainedOn}).`,
      );
      io.out(flags.json ? formatJson(created) : String(created.id));
    });

  model
    .command('lineage')
    .description('Show the models as trees: base → v1 → v2, with adapters, training sets and ratings.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const roots = await withDatabase(({ db }) => modelLineage(db));
      if (flags.json) {
        io.out(formatJson(roots));
        return;
      }
      io.out(
        formatTable(
          ['ID', 'MODEL', 'ADAPTER', 'TRAINED ON', 'TRAINED', 'GOOD', 'INSUFFICIENT', 'WRONG', 'UNRATED'],
          [...walkLineage(roots)].map(({ node, depth }) => [
            node.model.id,
            `${depth > 0 ? `${'  '.repeat(depth - 1)}└ ` : ''}${node.model.base_model ?? node.model.model_name} v${node.model.version}`,
            node.model.adapter_path,
            node.trainingLogs === null
              ? null
              : `${node.trainingLogs} logs${node.exportId ? ` (export ${node.exportId})` : ''}`,
            node.model.trained_at,
            node.ratings.good,
            node.ratings.insufficient,
            node.ratings.wrong,
            node.ratings.unrated,
          ]),
        ),
      );
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
