// Creating a blind A/B run: which questions both models answer, and for each item a fair coin (crypto)
// deciding which model is shown as A. From chosen logs (a Logs-tree selection or a PoC), a random
// sample of a PoC's questions, or a question file. Each item keeps a snapshot of its question and of
// the system prompt it is asked with (the source log's session's, or the PoC's default).
import { randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import * as z from 'zod';
import type { Database } from '../db/schema';
import { idSchema, limitedText } from '../domain/codes';
import { getModel } from '../domain/models';
import { getPoc } from '../domain/pocs';
import { DomainError, notFound, parseInput } from '../errors';
import { modelRef } from './modelLabel';

export const createAbRunInputSchema = z.strictObject({
  /** The two models / versions, in the order the user named them (not the order shown). */
  model_ids: z
    .tuple([idSchema, idSchema])
    .refine(([first, second]) => first !== second, 'must be two different models'),
  user_id: idSchema,
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('logs'),
      log_ids: z.array(idSchema).max(10_000, 'at most 10,000 logs a run'),
      /** When given, the logs must be this PoC's. */
      poc_id: idSchema.optional(),
    }),
    z.strictObject({
      kind: z.literal('sample'),
      poc_id: idSchema,
      /** How many of the PoC's distinct questions, drawn at random. */
      size: z.number().int().min(1, 'must be 1 or more').max(10_000),
    }),
    z.strictObject({
      kind: z.literal('questions'),
      poc_id: idSchema,
      questions: z.array(z.strictObject({ question: limitedText('question') })).max(100_000),
      /** Omitted: the PoC's default system prompt. */
      system_prompt: limitedText('system_prompt').nullish(),
    }),
  ]),
  title: z.string().trim().max(200).optional(),
});
export type CreateAbRunInput = z.input<typeof createAbRunInputSchema>;

export interface CreatedAbRun {
  runId: number;
  items: number;
}

interface Question {
  source_log_id: number | null;
  question: string;
  system_prompt: string | null;
}

export async function createAbRun(db: Kysely<Database>, input: CreateAbRunInput): Promise<CreatedAbRun> {
  const values = parseInput(createAbRunInputSchema, input);
  const [first, second] = await Promise.all(values.model_ids.map((id) => getModel(db, id)));
  const { pocId, questions } = await questionsOf(db, values.source);
  if (questions.length === 0)
    throw new DomainError(
      'invalid',
      values.source.kind === 'logs'
        ? 'No log is selected: choose the logs whose questions both models answer.'
        : values.source.kind === 'sample'
          ? 'This PoC has no question to sample yet.'
          : 'The question set holds no question.',
      'ab_empty',
    );
  const count = questions.length;
  const title =
    values.title ??
    `A/B: ${count} ${count === 1 ? 'question' : 'questions'}, ${modelRef(first!).label} vs ${modelRef(second!).label}`;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('ab_runs')
      .values({
        poc_id: pocId,
        first_model_id: first!.id,
        second_model_id: second!.id,
        source: values.source.kind,
        user_id: values.user_id,
        title,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // In chunks: one INSERT's parameters are limited (65,535).
    for (let start = 0; start < count; start += 5_000)
      await trx
        .insertInto('ab_items')
        .values(
          questions.slice(start, start + 5_000).map((q, i) => {
            // The hidden order: a fair coin from the operating system's generator, per item.
            const firstIsA = randomInt(2) === 0;
            return {
              run_id: id,
              position: start + i,
              ...q,
              a_model_id: firstIsA ? first!.id : second!.id,
              b_model_id: firstIsA ? second!.id : first!.id,
            };
          }),
        )
        .execute();
    return { runId: id, items: count };
  });
}

async function questionsOf(
  db: Kysely<Database>,
  source: z.output<typeof createAbRunInputSchema>['source'],
): Promise<{ pocId: number; questions: Question[] }> {
  if (source.kind === 'questions') {
    const poc = await getPoc(db, source.poc_id);
    const systemPrompt =
      source.system_prompt === undefined ? poc.default_system_prompt : source.system_prompt;
    return {
      pocId: poc.id,
      questions: source.questions.map((q) => ({
        source_log_id: null,
        question: q.question,
        system_prompt: systemPrompt || null,
      })),
    };
  }
  const ids = source.kind === 'logs' ? source.log_ids : await sampleLogs(db, source.poc_id, source.size);
  if (ids.length === 0) return { pocId: source.kind === 'sample' ? source.poc_id : 0, questions: [] };
  const rows = await db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select(['l.id', 'l.question', 's.system_prompt', 's.poc_id'])
    .where('l.id', 'in', ids)
    .orderBy('l.id')
    .execute();
  const missing = ids.find((id) => !rows.some((row) => row.id === id));
  if (missing !== undefined) throw notFound('Log', missing);
  const pocs = new Set(rows.map((row) => row.poc_id));
  if (pocs.size > 1)
    throw new DomainError(
      'invalid',
      `The logs come from ${pocs.size} PoCs: compare on one PoC at a time.`,
      'ab_several_pocs',
    );
  if (source.kind === 'logs' && source.poc_id !== undefined && rows[0]!.poc_id !== source.poc_id)
    throw new DomainError(
      'invalid',
      `The logs are not PoC ${source.poc_id}'s (they are PoC ${rows[0]!.poc_id}'s).`,
      'ab_other_poc',
    );
  return {
    pocId: rows[0]!.poc_id,
    questions: rows.map((row) => ({
      source_log_id: row.id,
      question: row.question,
      system_prompt: row.system_prompt,
    })),
  };
}

/** `size` of the PoC's distinct questions at random (the earliest log of each stands for it). */
async function sampleLogs(db: Kysely<Database>, pocId: number, size: number): Promise<number[]> {
  await getPoc(db, pocId);
  const rows = await db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select((eb) => eb.fn.min('l.id').as('id'))
    .where('s.poc_id', '=', pocId)
    .groupBy('l.question')
    .orderBy(sql`random()`)
    .limit(size)
    .execute();
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}
