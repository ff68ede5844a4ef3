// Draft corrections from a teacher model (design §6, LLM-drafted training data): for a log rated 2 or 3,
// any registered model (typically a larger one on a shared server) is asked — through the same
// ModelAsker as every other question — for the correct answer, given the question, the wrong answer
// and the reason. The draft streams back; nothing is written until a person saves a correction made
// from it (recordDraftUse, through submitReview / resolveDisagreement / recordDraftForLog).
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../db/schema';
import { idSchema, limitedText } from '../domain/codes';
import { getModel } from '../domain/models';
import { DomainError, parseInput } from '../errors';
import type { ModelAsker } from '../llm/asker';
import { recordDraftUse } from './accept';
import { type DraftUse, draftUseSchema } from './schemas';

export const TEACHER_INSTRUCTIONS =
  'You write the correct answer to a question that an AI assistant answered badly. Your answer becomes ' +
  'training data: write it exactly as the assistant should have answered — complete, accurate, in the ' +
  'language of the question — and nothing else: no preface, no remarks about the mistake.';

export interface DraftPromptInput {
  question: string;
  answer: string;
  evaluation: 2 | 3;
  reason: string;
  /** The system prompt the assistant had (its session's snapshot). */
  systemPrompt: string | null;
}

/** The teacher's system prompt and question: the assistant's instructions, the exchange, the reason. */
export function buildDraftPrompt(input: DraftPromptInput): { systemPrompt: string; question: string } {
  const instructions = input.systemPrompt?.trim()
    ? `${TEACHER_INSTRUCTIONS}\n\nThe assistant was instructed:\n<<<\n${input.systemPrompt}\n>>>`
    : TEACHER_INSTRUCTIONS;
  const rated = input.evaluation === 3 ? 'wrong' : 'insufficient';
  return {
    systemPrompt: instructions,
    question:
      `Question:\n<<<\n${input.question}\n>>>\n\n` +
      `The assistant's answer, rated ${rated}:\n<<<\n${input.answer}\n>>>\n\n` +
      `Why it was rated ${rated}:\n<<<\n${input.reason}\n>>>\n\n` +
      'Write the correct answer to the question.',
  };
}

const draftRequestSchema = z.strictObject({
  log_id: idSchema,
  model_id: idSchema,
  user_id: idSchema,
  /** The rating and reason the person is giving now (a reviewer's own); omitted: the log's stored ones. */
  evaluation: z.union([z.literal(2), z.literal(3)], { error: 'must be 2 or 3' }).optional(),
  reason: limitedText('reason').trim().min(1, 'must not be empty').optional(),
});
export type DraftRequest = z.input<typeof draftRequestSchema> & { signal: AbortSignal };

export interface CorrectionDraft extends DraftUse {
  log_id: number;
  model_name: string;
}

export interface DraftInProgress extends AsyncIterable<string> {
  /** Settles with the whole draft once the model has finished; rejects if it failed or was cancelled. */
  readonly result: Promise<CorrectionDraft>;
  cancel(): void;
}

export async function draftCorrection(
  db: Kysely<Database>,
  asker: ModelAsker,
  request: DraftRequest,
): Promise<DraftInProgress> {
  const { signal, ...fields } = request;
  const values = parseInput(draftRequestSchema, fields);
  const log = await visibleLog(db, values.log_id, values.user_id);
  const evaluation = values.evaluation ?? (log.rated ? log.evaluation : undefined);
  if (evaluation !== 2 && evaluation !== 3) {
    throw new DomainError(
      'invalid',
      `Log ${log.id} is not rated 不十分 or 間違い; a correction is drafted for a wrong or insufficient answer.`,
      'draft_needs_wrong_answer',
    );
  }
  // A reviewer who has not reviewed yet must not be shown the first rater's reason (blind review).
  const reason = values.reason ?? (log.access !== 'blind_reviewer' ? log.reason : null);
  if (!reason) {
    throw new DomainError(
      'invalid',
      'Give the reason the answer is wrong or insufficient; the teacher model drafts from it.',
      'draft_reason_required',
    );
  }
  const model = await getModel(db, values.model_id);
  const prompt = buildDraftPrompt({
    question: log.question,
    answer: log.answer,
    evaluation,
    reason,
    systemPrompt: log.system_prompt,
  });
  const stream = await asker.ask({
    model: model.model_name,
    adapterPath: model.adapter_path,
    provider: model.provider,
    systemPrompt: prompt.systemPrompt,
    question: prompt.question,
    signal,
  });
  const result = stream.result.then(({ text }) => ({
    log_id: log.id,
    model_id: model.id,
    model_name: model.model_name,
    drafted_at: new Date(),
    text,
  }));
  // A caller that only iterates (and cancels) need not await the result: no unhandled rejection then.
  result.catch(() => {});
  return {
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
    cancel: () => stream.cancel(),
    result,
  };
}

/**
 * Records a draft that went into a correction saved outside a review (the panel's own rating of a log):
 * call it after the log's rating is saved, with the saved correction.
 */
export async function recordDraftForLog(
  db: Kysely<Database>,
  input: {
    logId: number;
    userId: number;
    draft: z.input<typeof draftUseSchema>;
    savedCorrection: string | null;
  },
): Promise<void> {
  const draft = parseInput(draftUseSchema, input.draft);
  const logId = parseInput(idSchema, input.logId);
  const userId = parseInput(idSchema, input.userId);
  await visibleLog(db, logId, userId);
  await db
    .transaction()
    .execute((trx) =>
      recordDraftUse(trx, { logId, savedBy: userId, draft, savedText: input.savedCorrection }),
    );
}

export interface DraftProvenance {
  model_id: number;
  model_name: string;
  drafted_at: Date;
  edited: boolean;
  saved_by: string;
  saved_at: Date;
  /** The reviewer whose review it went into; null when saved on the log directly or by the lead. */
  review_by: string | null;
}

/** Every saved draft of a log's corrections, oldest first. */
export async function draftProvenance(db: Kysely<Database>, logId: number): Promise<DraftProvenance[]> {
  return db
    .selectFrom('correction_drafts')
    .innerJoin('models', 'models.id', 'correction_drafts.model_id')
    .innerJoin('users as saver', 'saver.id', 'correction_drafts.saved_by')
    .leftJoin('log_reviews', 'log_reviews.id', 'correction_drafts.review_id')
    .leftJoin('users as reviewer', 'reviewer.id', 'log_reviews.reviewer_id')
    .select([
      'correction_drafts.model_id',
      'models.model_name',
      'correction_drafts.drafted_at',
      'correction_drafts.edited',
      'saver.username as saved_by',
      'correction_drafts.saved_at',
      'reviewer.username as review_by',
    ])
    .where('correction_drafts.log_id', '=', parseInput(idSchema, logId))
    .orderBy('correction_drafts.id')
    .execute();
}

/** blind_reviewer: assigned, not reviewed yet — must not see the first rater's verdict. */
type Access = 'owner' | 'lead' | 'reviewer' | 'blind_reviewer';

/** The log, if the user may see it: their own session's, assigned to them, or under a review they lead. */
async function visibleLog(db: Kysely<Database>, logId: number, userId: number) {
  const row = await db
    .selectFrom('conversation_logs')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .leftJoin('review_assignments', 'review_assignments.log_id', 'conversation_logs.id')
    .leftJoin('review_assignees', (join) =>
      join
        .onRef('review_assignees.log_id', '=', 'conversation_logs.id')
        .on('review_assignees.reviewer_id', '=', userId),
    )
    .leftJoin('log_reviews', (join) =>
      join
        .onRef('log_reviews.log_id', '=', 'conversation_logs.id')
        .on('log_reviews.reviewer_id', '=', userId),
    )
    .select([
      'conversation_logs.id',
      'conversation_logs.question',
      'conversation_logs.answer',
      'conversation_logs.evaluation',
      'conversation_logs.reason',
      'conversation_logs.evaluated_at',
      'sessions.system_prompt',
      'sessions.user_id',
      'review_assignments.assigned_by',
      'review_assignees.reviewer_id',
      'log_reviews.id as reviewed',
    ])
    .where('conversation_logs.id', '=', logId)
    .executeTakeFirst();
  const access: Access | null = !row
    ? null
    : row.user_id === userId
      ? 'owner'
      : row.assigned_by === userId
        ? 'lead'
        : row.reviewer_id === userId
          ? row.reviewed === null
            ? 'blind_reviewer'
            : 'reviewer'
          : null;
  if (!row || !access) throw new DomainError('not_found', `Log ${logId} was not found.`, 'log_not_found');
  return { ...row, access, rated: row.evaluated_at !== null };
}
