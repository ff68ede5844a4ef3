// Models (design §3.3): one row per model version; a fine-tuned version shares its base model and
// carries a LoRA adapter path (SPEC §3, §7).
import { type Kysely, sql } from 'kysely';
import * as z from 'zod';
import type { Database, Model } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { notFound, parseInput } from '../errors';
import { idSchema, providerSchema, requiredText } from './codes';

const optionalText = (max?: number) =>
  (max === undefined ? z.string().trim() : z.string().trim().max(max, `must be at most ${max} characters`))
    .nullish()
    .transform((v) => v || null);

export const registerModelInputSchema = z.strictObject({
  model_name: requiredText(100),
  version: z.number().int().min(1).max(2_147_483_647).optional(),
  base_model: optionalText(100),
  trained_at: z.coerce.date().nullish(),
  description: optionalText(),
  adapter_path: optionalText(4096),
  provider: providerSchema.nullish(),
});
export type RegisterModelInput = z.input<typeof registerModelInputSchema>;

export async function registerModel(db: Kysely<Database>, input: RegisterModelInput): Promise<Model> {
  const values = parseInput(registerModelInputSchema, input);
  return db
    .insertInto('models')
    .values({
      ...values,
      trained_at: values.trained_at ?? null,
      provider: values.provider ?? null,
      created_at: utcNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const registerNextVersionInputSchema = registerModelInputSchema
  .omit({ version: true, base_model: true })
  .extend({ base_model: requiredText(100) });
export type RegisterNextVersionInput = z.input<typeof registerNextVersionInputSchema>;

/**
 * Registers version N+1 of a base model (N = its highest version so far, 0 if none). A transaction-scoped
 * advisory lock on the base model's name keeps two concurrent registrations from taking the same number.
 */
export async function registerNextVersion(
  db: Kysely<Database>,
  input: RegisterNextVersionInput,
): Promise<Model> {
  const values = parseInput(registerNextVersionInputSchema, input);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`llamune.models.${values.base_model}`}))`.execute(trx);
    const { max } = await trx
      .selectFrom('models')
      .select((eb) => eb.fn.max<number | null>('version').as('max'))
      .where('base_model', '=', values.base_model)
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('models')
      .values({
        ...values,
        version: (max ?? 0) + 1,
        trained_at: values.trained_at ?? null,
        provider: values.provider ?? null,
        created_at: utcNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function listModels(db: Kysely<Database>): Promise<Model[]> {
  return db.selectFrom('models').selectAll().orderBy('model_name').orderBy('version').orderBy('id').execute();
}

export async function getModel(db: Kysely<Database>, id: number): Promise<Model> {
  const modelId = parseInput(idSchema, id);
  const model = await db.selectFrom('models').selectAll().where('id', '=', modelId).executeTakeFirst();
  if (!model) throw notFound('Model', modelId);
  return model;
}
