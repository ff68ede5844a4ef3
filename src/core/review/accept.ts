// Settling a log: its accepted verdict goes into the design's conversation_logs row (evaluation, reason,
// correct_answer, priority, evaluated_at) with status 3 (検証済み), and the assignment is marked settled —
// in the caller's transaction, so either all of it happens or none. Only here does a review set status 3.
import type { Transaction } from 'kysely';
import type { Database, ReviewSettlement } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { STATUS } from '../domain/codes';
import { DomainError, notFound } from '../errors';
import type { ReviewVerdict } from './agreement';
import type { DraftUse } from './schemas';

export async function acceptVerdict(
  trx: Transaction<Database>,
  logId: number,
  verdict: ReviewVerdict,
  settledBy: ReviewSettlement,
): Promise<void> {
  await trx
    .updateTable('conversation_logs')
    .set({
      evaluation: verdict.evaluation,
      reason: verdict.reason,
      correct_answer: verdict.correct_answer,
      priority: verdict.priority,
      evaluated_at: utcNow(),
      updated_at: utcNow(),
      status: STATUS.verified,
    })
    .where('id', '=', logId)
    .execute();
  await trx
    .updateTable('review_assignments')
    .set({ settled_at: utcNow(), settled_by: settledBy })
    .where('log_id', '=', logId)
    .execute();
}

/**
 * Records that a saved correction began as a teacher model's draft: which model, when, the draft as it
 * came, and whether the person changed it before saving.
 */
export async function recordDraftUse(
  trx: Transaction<Database>,
  input: { logId: number; savedBy: number; draft: DraftUse; savedText: string | null; reviewId?: number },
): Promise<void> {
  if (input.savedText === null) {
    throw new DomainError(
      'invalid',
      'A drafted correction belongs to evaluation 2 or 3; this verdict has no correction.',
      'draft_without_correction',
    );
  }
  const model = await trx
    .selectFrom('models')
    .select('id')
    .where('id', '=', input.draft.model_id)
    .executeTakeFirst();
  if (!model) throw notFound('Model', input.draft.model_id);
  const edited = input.savedText.trim() !== input.draft.text.trim();
  await trx
    .insertInto('correction_drafts')
    .values({
      log_id: input.logId,
      model_id: input.draft.model_id,
      drafted_at: input.draft.drafted_at,
      draft: input.draft.text,
      edited,
      saved_by: input.savedBy,
      review_id: input.reviewId ?? null,
    })
    .execute();
}
