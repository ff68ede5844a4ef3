// Creating a re-test run: which questions go again to which version. From chosen logs (a Logs-tree
// selection or a filter), or the re-test gate of a new version: every 不十分 / 間違い log of the PoC plus
// a random sample of its 良い logs, so that regressions show up as well as fixes. Each item keeps a
// snapshot of its question and of the system prompt its original session had.
import { type Kysely, sql } from 'kysely';
import * as z from 'zod';
import type { Database, Model, RetestKind } from '../db/schema';
import { idSchema, limitedText } from '../domain/codes';
import { getModel } from '../domain/models';
import { getPoc } from '../domain/pocs';
import { DomainError, notFound, parseInput } from '../errors';

export const createRetestInputSchema = z.strictObject({
  target_model_id: idSchema,
  user_id: idSchema,
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('logs'),
      log_ids: z.array(idSchema).max(10_000, 'at most 10,000 logs a run'),
    }),
    z.strictObject({
      kind: z.literal('gate'),
      poc_id: idSchema,
      /** 良い logs re-asked beside every 不十分 / 間違い one. */
      good_sample: z.number().int().min(0).max(10_000).default(20),
      seed: z.number().int().default(1),
    }),
    z.strictObject({
      kind: z.literal('questions'),
      poc_id: idSchema,
      questions: z
        .array(
          z.strictObject({
            question: limitedText('question'),
            expected_answer: limitedText('correct_answer').nullish(),
          }),
        )
        .max(100_000),
      /** Omitted: the PoC's default system prompt. */
      system_prompt: limitedText('system_prompt').nullish(),
    }),
  ]),
  title: z.string().trim().max(200).optional(),
});
export type CreateRetestInput = z.input<typeof createRetestInputSchema>;

export interface CreatedRetest {
  runId: number;
  items: number;
  /** Source logs left out, each with why (its session's model row no longer exists). */
  skipped: SkippedLog[];
}

/** A log the run could not take: the comparison needs to know which version gave the old answer. */
export interface SkippedLog {
  logId: number;
  /** The model its session names, whose row is gone (deleted by hand or by the training app). */
  missingModelId: number;
}

export async function createRetestRun(
  db: Kysely<Database>,
  input: CreateRetestInput,
): Promise<CreatedRetest> {
  const values = parseInput(createRetestInputSchema, input);
  const target = await getModel(db, values.target_model_id);
  if (values.source.kind === 'questions') return createBatchRun(db, values, values.source, target);
  const sources = values.source.kind === 'logs' ? values.source.log_ids : await gateLogs(db, values.source);
  if (sources.length === 0)
    throw new DomainError(
      'invalid',
      values.source.kind === 'logs'
        ? 'No log is selected: choose the logs to re-test.'
        : 'This PoC has no rated log to re-test yet.',
      'retest_empty',
    );
  const found = await db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .leftJoin('models as m', 'm.id', 's.model_id')
    .select(['l.id', 'l.question', 's.system_prompt', 's.poc_id', 's.model_id', 'm.id as found_model_id'])
    .where('l.id', 'in', sources)
    .orderBy('l.id')
    .execute();
  const known = new Set(found.map((row) => row.id));
  const missing = sources.filter((id) => !known.has(id));
  if (missing.length > 0) throw notFound('Log', missing[0]!);
  // A database without the design's foreign keys (the training app's own) can lose a model row: such
  // a log is left out and named, and the rest of the run goes on.
  const skipped = found
    .filter((row) => row.found_model_id === null)
    .map((row) => ({ logId: row.id, missingModelId: row.model_id }));
  const rows = found.filter((row) => row.found_model_id !== null);
  if (rows.length === 0)
    throw new DomainError(
      'invalid',
      `Nothing to re-test: the model of ${skipped.length === 1 ? 'log' : 'logs'} ${skipped
        .slice(0, 10)
        .map((s) => s.logId)
        .join(', ')} no longer exists.`,
      'retest_model_missing',
    );
  const pocs = new Set(rows.map((row) => row.poc_id));
  if (pocs.size > 1)
    throw new DomainError(
      'invalid',
      `The logs come from ${pocs.size} PoCs: re-test one PoC at a time.`,
      'retest_several_pocs',
    );
  const kind: RetestKind = values.source.kind === 'gate' ? 'gate' : 'retest';
  const title =
    values.title ??
    `${kind === 'gate' ? 'Re-test gate' : 'Re-test'}: ${rows.length} ${rows.length === 1 ? 'question' : 'questions'} → ${target.base_model ?? target.model_name} v${target.version}`;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('retest_runs')
      .values({
        kind,
        poc_id: rows[0]!.poc_id,
        target_model_id: target.id,
        user_id: values.user_id,
        title,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // In chunks: one INSERT's parameters are limited (65,535).
    for (let start = 0; start < rows.length; start += 5_000)
      await trx
        .insertInto('retest_items')
        .values(
          rows.slice(start, start + 5_000).map((row, i) => ({
            run_id: id,
            position: start + i,
            source_log_id: row.id,
            question: row.question,
            system_prompt: row.system_prompt,
          })),
        )
        .execute();
    return { runId: id, items: rows.length, skipped };
  });
}

/** Every 不十分 / 間違い log of the PoC, and a seeded random sample of its 良い logs (rated only). */
async function gateLogs(
  db: Kysely<Database>,
  gate: { poc_id: number; good_sample: number; seed: number },
): Promise<number[]> {
  const base = db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select('l.id')
    .where('s.poc_id', '=', gate.poc_id)
    .where('l.evaluated_at', 'is not', null);
  const wrong = await base.where('l.evaluation', 'in', [2, 3]).orderBy('l.id').execute();
  const good = await base
    .where('l.evaluation', '=', 1)
    .orderBy(sql`hashtext(l.id::text || ':' || ${String(gate.seed)})`)
    .orderBy('l.id')
    .limit(gate.good_sample)
    .execute();
  return [...wrong, ...good].map((row) => row.id).sort((a, b) => a - b);
}

/** A batch run over a question set: no source logs, each question with its expected answer if any. */
async function createBatchRun(
  db: Kysely<Database>,
  values: { target_model_id: number; user_id: number; title?: string },
  source: {
    poc_id: number;
    questions: { question: string; expected_answer?: string | null }[];
    system_prompt?: string | null;
  },
  target: Model,
): Promise<CreatedRetest> {
  if (source.questions.length === 0)
    throw new DomainError('invalid', 'The question set holds no question.', 'retest_empty');
  const poc = await getPoc(db, source.poc_id);
  const systemPrompt = source.system_prompt === undefined ? poc.default_system_prompt : source.system_prompt;
  const count = source.questions.length;
  const title =
    values.title ??
    `Questions: ${count} ${count === 1 ? 'question' : 'questions'} → ${target.base_model ?? target.model_name} v${target.version}`;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('retest_runs')
      .values({ kind: 'batch', poc_id: poc.id, target_model_id: target.id, user_id: values.user_id, title })
      .returning('id')
      .executeTakeFirstOrThrow();
    // In chunks: one INSERT's parameters are limited (65,535).
    for (let start = 0; start < count; start += 5_000)
      await trx
        .insertInto('retest_items')
        .values(
          source.questions.slice(start, start + 5_000).map((q, i) => ({
            run_id: id,
            position: start + i,
            source_log_id: null,
            question: q.question,
            system_prompt: systemPrompt ?? null,
            expected_answer: q.expected_answer ?? null,
          })),
        )
        .execute();
    return { runId: id, items: count, skipped: [] };
  });
}
