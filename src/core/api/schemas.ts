// The API's own shapes: path parameters and responses (design §4 field names). Request bodies reuse the
// domain's schemas, so what validates a request is what the OpenAPI document describes.
import * as z from 'zod';
import type { ConversationLog, Model, Poc } from '../db/schema';
import { idSchema } from '../domain/codes';

export const isoTime = z.iso
  .datetime()
  .meta({ description: 'ISO-8601 in UTC, e.g. 2026-02-16T10:00:00.000Z' });
const nullableTime = isoTime.nullable();

export const idParamSchema = z.object({
  id: z.coerce
    .number({ error: 'must be a positive integer' })
    .pipe(idSchema)
    .meta({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const sessionCreatedSchema = z
  .object({ session_id: z.int(), poc_name: z.string(), model_name: z.string(), started_at: isoTime })
  .meta({ id: 'SessionStarted' });

export const sessionEndedSchema = z
  .object({ session_id: z.int(), ended_at: isoTime })
  .meta({ id: 'SessionEnded' });

export const sessionSchema = z
  .object({
    session_id: z.int(),
    user_id: z.int(),
    poc_id: z.int(),
    poc_name: z.string(),
    model_id: z.int(),
    model_name: z.string(),
    model_version: z.int(),
    system_prompt: z.string().nullable(),
    started_at: isoTime,
    ended_at: nullableTime,
  })
  .meta({ id: 'Session' });

export const chatAnswerSchema = z
  .object({ log_id: z.int(), answer: z.string(), timestamp: isoTime })
  .meta({ id: 'ChatAnswer' });

const code = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const logSchema = z
  .object({
    id: z.int(),
    session_id: z.int(),
    question: z.string(),
    answer: z.string(),
    timestamp: isoTime,
    evaluation: code.meta({
      description: '1 good, 2 insufficient, 3 wrong (1 until rated: see evaluated_at)',
    }),
    reason: z.string().nullable(),
    correct_answer: z.string().nullable(),
    priority: code.nullable().meta({ description: '1 high, 2 medium, 3 low' }),
    status: code.meta({ description: '1 unprocessed, 2 trained, 3 verified' }),
    memo: z.string().nullable(),
    evaluated_at: nullableTime.meta({ description: 'Extension: null = nobody has rated it yet.' }),
    updated_at: nullableTime,
    latency_ms: z.int().nullable().meta({ description: 'Extension: how long the model took to answer.' }),
  })
  .meta({ id: 'ConversationLog' });

export const logUpdatedSchema = z.object({ log_id: z.int(), updated_at: isoTime }).meta({ id: 'LogUpdated' });

export const modelSchema = z
  .object({
    id: z.int(),
    model_name: z.string(),
    version: z.int(),
    base_model: z.string().nullable(),
    trained_at: nullableTime,
    description: z.string().nullable(),
    adapter_path: z.string().nullable().meta({ description: 'Extension: LoRA adapter directory.' }),
    provider: z
      .enum(['mlx', 'ollama', 'openai'])
      .nullable()
      .meta({ description: 'Extension: which model server serves it; null = the default.' }),
  })
  .meta({ id: 'Model' });

export const pocSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    domain: z.string(),
    created_at: isoTime,
    default_system_prompt: z.string().nullable(),
  })
  .meta({ id: 'Poc' });

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toLogJson(log: ConversationLog): z.infer<typeof logSchema> {
  return {
    ...log,
    timestamp: iso(log.timestamp),
    evaluated_at: isoOrNull(log.evaluated_at),
    updated_at: isoOrNull(log.updated_at),
  };
}

export function toModelJson(model: Model): z.infer<typeof modelSchema> {
  return {
    id: model.id,
    model_name: model.model_name,
    version: model.version,
    base_model: model.base_model,
    trained_at: isoOrNull(model.trained_at),
    description: model.description,
    adapter_path: model.adapter_path,
    provider: model.provider,
  };
}

export function toPocJson(poc: Poc): z.infer<typeof pocSchema> {
  return { ...poc, created_at: iso(poc.created_at) };
}

export { iso, isoOrNull };

/** An OpenAPI JSON response. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { 'application/json': { schema } },
});
