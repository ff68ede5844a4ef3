// PoCs (design §3.1): one business domain each, with an optional default system prompt.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database, Poc } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { notFound, parseInput } from '../errors';
import { idSchema, limitedText, requiredText } from './codes';

export const createPocInputSchema = z.strictObject({
  name: requiredText(100),
  domain: requiredText(100),
  default_system_prompt: limitedText('system_prompt').nullish(),
});
export type CreatePocInput = z.input<typeof createPocInputSchema>;

export async function createPoc(db: Kysely<Database>, input: CreatePocInput): Promise<Poc> {
  const values = parseInput(createPocInputSchema, input);
  return db
    .insertInto('poc')
    .values({ ...values, default_system_prompt: values.default_system_prompt || null, created_at: utcNow() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPocs(db: Kysely<Database>): Promise<Poc[]> {
  return db.selectFrom('poc').selectAll().orderBy('id').execute();
}

export async function getPoc(db: Kysely<Database>, id: number): Promise<Poc> {
  const pocId = parseInput(idSchema, id);
  const poc = await db.selectFrom('poc').selectAll().where('id', '=', pocId).executeTakeFirst();
  if (!poc) throw notFound('PoC', pocId);
  return poc;
}

export async function setDefaultSystemPrompt(
  db: Kysely<Database>,
  id: number,
  prompt: string | null,
): Promise<Poc> {
  const pocId = parseInput(idSchema, id);
  const value = parseInput(limitedText('system_prompt').nullable(), prompt);
  const poc = await db
    .updateTable('poc')
    .set({ default_system_prompt: value || null })
    .where('id', '=', pocId)
    .returningAll()
    .executeTakeFirst();
  if (!poc) throw notFound('PoC', pocId);
  return poc;
}
