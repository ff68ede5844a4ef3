// Registering a trained version (design §5 step 4, SPEC §7): the next version of the model it was
// trained from, with its adapter checked and its lineage recorded — which model it came from and on
// which export's logs. `version` = the base model's highest version + 1, taken in the insert's
// transaction under an advisory lock, so two registrations at once never share a number.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import * as z from 'zod';
import type { Database, Model } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { DomainError, parseInput } from '../errors';
import { type AdapterFolder, readAdapterFolder } from './adapterFolder';
import { idSchema } from './codes';
import { getModel } from './models';

export const registerVersionInputSchema = z.strictObject({
  from_model_id: idSchema,
  adapter_path: z.string().trim().min(1, 'is required').max(4096),
  /** The export folder it was trained on (its manifest.json links the version to the logs). */
  data_path: z.string().trim().max(4096).nullish(),
  description: z.string().trim().max(10_000).nullish(),
  trained_at: z.coerce.date().nullish(),
  /** Register even when the adapter says it was trained on another model. */
  force: z.boolean().optional(),
});
export type RegisterVersionInput = z.input<typeof registerVersionInputSchema>;

export interface VersionCheck {
  parent: Model;
  adapter: AdapterFolder;
  /** The base model the versions are numbered under. */
  baseModel: string;
  nextVersion: number;
  training: TrainingSet | undefined;
  /** What should stop a person before registering (e.g. the adapter names another model). */
  warnings: string[];
}

export interface TrainingSet {
  exportId: number | null;
  /** Examples in train.jsonl. */
  logs: number | null;
}

/** The base model a model's versions are numbered under: its base_model, or itself for a base. */
export const baseModelOf = (model: Pick<Model, 'model_name' | 'base_model'>) =>
  model.base_model ?? model.model_name;

/** Everything a registration would do, checked without writing: shown to the user before asking. */
export async function checkVersion(db: Kysely<Database>, input: RegisterVersionInput): Promise<VersionCheck> {
  const values = parseInput(registerVersionInputSchema, input);
  const parent = await getModel(db, values.from_model_id);
  const adapter = await readAdapterFolder(values.adapter_path);
  const baseModel = baseModelOf(parent);
  const warnings: string[] = [];
  const trainedOn = adapter.config.model;
  if (trainedOn && !sameModel(trainedOn, parent.model_name) && !sameModel(trainedOn, baseModel))
    warnings.push(
      `The adapter was trained on ${trainedOn} (adapter_config.json), not on ${parent.model_name}: it may not load on this model.`,
    );
  const training = values.data_path ? await trainingSetOf(db, values.data_path) : undefined;
  return {
    parent,
    adapter,
    baseModel,
    nextVersion: (await highestVersion(db, baseModel)) + 1,
    training,
    warnings,
  };
}

export interface RegisteredVersion {
  model: Model;
  parent: Model;
  training: TrainingSet | undefined;
}

export async function registerVersion(
  db: Kysely<Database>,
  input: RegisterVersionInput,
): Promise<RegisteredVersion> {
  const values = parseInput(registerVersionInputSchema, input);
  const check = await checkVersion(db, values);
  if (check.warnings.length > 0 && !values.force)
    throw new DomainError(
      'conflict',
      `${check.warnings.join(' ')} Register anyway to override.`,
      'adapter_mismatch',
    );
  const { parent, adapter, baseModel, training } = check;
  const model = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`llamune.models.${baseModel}`}))`.execute(trx);
    const created = await trx
      .insertInto('models')
      .values({
        // The model the server loads stays the same; the adapter is what changed.
        model_name: parent.model_name,
        base_model: baseModel,
        version: (await highestVersion(trx, baseModel)) + 1,
        adapter_path: adapter.path,
        trained_at: values.trained_at ?? adapter.writtenAt,
        description: values.description || null,
        provider: parent.provider,
        created_at: utcNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('model_lineage')
      .values({
        model_id: created.id,
        parent_model_id: parent.id,
        export_id: training?.exportId ?? null,
        training_log_count: training?.logs ?? null,
        adapter_config: JSON.stringify(adapter.config),
      })
      .execute();
    return created;
  });
  return { model, parent, training };
}

/** The highest version under a base model: its versions and the base's own row. */
export async function highestVersion(db: Kysely<Database>, baseModel: string): Promise<number> {
  const { max } = await db
    .selectFrom('models')
    .select((eb) => eb.fn.max<number | null>('version').as('max'))
    .where((eb) =>
      eb.or([
        eb('base_model', '=', baseModel),
        eb.and([eb('base_model', 'is', null), eb('model_name', '=', baseModel)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return max ?? 0;
}

const sameModel = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

const manifestSchema = z.looseObject({
  counts: z.looseObject({ per_file: z.record(z.string(), z.number()).optional() }).optional(),
});

/** The export an adapter was trained on, from the manifest.json in its folder. */
async function trainingSetOf(db: Kysely<Database>, dataPath: string): Promise<TrainingSet> {
  const text = await readFile(join(dataPath, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined)
    throw new DomainError(
      'invalid',
      `${dataPath} has no manifest.json: choose the folder an export wrote (Export Training Data).`,
      'not_an_export',
    );
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch {
    throw new DomainError('invalid', `${dataPath}/manifest.json is not an export manifest.`, 'not_an_export');
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  const recorded = await db
    .selectFrom('training_exports')
    .select('id')
    .where('manifest_sha256', '=', sha256)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return { exportId: recorded?.id ?? null, logs: manifest.counts?.per_file?.['train.jsonl'] ?? null };
}
