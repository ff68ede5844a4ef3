// Conversation logs (design §3.5): written once the answer has fully arrived, then rated by a person.
// Rules (SPEC §4): question / answer / timestamp never change; reason, correct answer and priority
// belong to ratings 2 and 3 only — sent with rating 1 they are rejected, and rating 1 clears them.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import { ANSWER_MAX, TEXT_LIMITS } from '../../protocol/limits';
import type { ConversationLog, Database } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { writeBatcher } from '../db/writeBatcher';
import { DomainError, notFound, parseInput } from '../errors';
import {
  evaluationSchema,
  idSchema,
  limitedText,
  PRIORITY,
  prioritySchema,
  requiredText,
  STATUS,
  statusSchema,
} from './codes';
import { type RatingToSave, saveRatings } from './logRatings';
import { holdVerifiedUnderReview, whyNotRated } from './logReviewHold';
import type { Scope } from './sessions';

export const recordLogInputSchema = z.strictObject({
  session_id: idSchema,
  question: requiredText(TEXT_LIMITS.question),
  // An empty answer is still what the model said; it is recorded as such.
  answer: z.string().max(ANSWER_MAX),
  latency_ms: z.number().int().min(0).max(2_147_483_647).nullish(),
});
export type RecordLogInput = z.input<typeof recordLogInputSchema>;

/** Records an answered question in an open session; the new log is unrated (evaluated_at NULL). */
export async function recordLog(
  db: Kysely<Database>,
  input: RecordLogInput,
  scope?: Scope,
): Promise<ConversationLog> {
  const values = parseInput(recordLogInputSchema, input);
  let sessionQuery = db.selectFrom('sessions').select(['id', 'ended_at']).where('id', '=', values.session_id);
  if (scope) sessionQuery = sessionQuery.where('user_id', '=', scope.userId);
  const session = await sessionQuery.executeTakeFirst();
  if (!session) throw notFound('Session', values.session_id);
  if (session.ended_at) {
    throw new DomainError(
      'conflict',
      `Session ${session.id} has ended; start a new session to ask.`,
      'session_ended',
    );
  }
  return db
    .insertInto('conversation_logs')
    .values({ ...values, latency_ms: values.latency_ms ?? null, evaluation: 1, timestamp: utcNow() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const optionalNote = (field: 'reason' | 'correct_answer' | 'memo') =>
  limitedText(field)
    .nullish()
    .transform((v) => (v?.trim() ? v : null));

export const evaluateLogInputSchema = z
  .strictObject({
    evaluation: evaluationSchema,
    reason: optionalNote('reason'),
    correct_answer: optionalNote('correct_answer'),
    priority: prioritySchema.nullish(),
    memo: optionalNote('memo'),
  })
  .superRefine((value, ctx) => {
    if (value.evaluation === 1) {
      for (const field of ['reason', 'correct_answer', 'priority'] as const) {
        if (value[field] !== null && value[field] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'is only for evaluation 2 or 3' });
        }
      }
    } else {
      if (!value.reason)
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required for evaluation 2 and 3' });
      if (!value.correct_answer) {
        ctx.addIssue({
          code: 'custom',
          path: ['correct_answer'],
          message: 'is required for evaluation 2 and 3',
        });
      }
    }
  });
export type EvaluateLogInput = z.input<typeof evaluateLogInputSchema>;

/** A rating as the one statement that saves ratings takes it (logRatings.ts). */
function ratingToSave(id: number, input: EvaluateLogInput, scope?: Scope): RatingToSave {
  const logId = parseInput(idSchema, id);
  const values = parseInput(evaluateLogInputSchema, input);
  const bad = values.evaluation === 1;
  return {
    logId,
    verdict: {
      evaluation: values.evaluation,
      reason: bad ? null : values.reason,
      correct_answer: bad ? null : values.correct_answer,
      priority: bad ? null : (values.priority ?? PRIORITY.medium),
    },
    memo: values.memo,
    ownerId: scope?.userId ?? null,
  };
}

/**
 * Saves a rating. The evaluation fields are replaced as a whole (a field left out becomes empty);
 * priority defaults to medium for ratings 2 and 3. A log under review keeps its verdict (409: only
 * its memo can change; see logReviewHold.ts). One statement, no transaction: the hot path of rating
 * stays a single round trip.
 */
export async function evaluateLog(
  db: Kysely<Database>,
  id: number,
  input: EvaluateLogInput,
  scope?: Scope,
): Promise<ConversationLog> {
  const rating = ratingToSave(id, input, scope);
  const saved = (await saveRatings(db, [rating])).get(rating.logId);
  if (saved) return saved;
  throw await whyNotSaved(db, rating);
}

/**
 * evaluateLog for a server that many people rate through at once (PUT /logs/{id}): ratings that arrive
 * together are saved together, in one statement and one commit (db/writeBatcher.ts) — the same
 * statement, the same rules, the same errors.
 */
export function batchedLogRater(
  db: Kysely<Database>,
): (id: number, input: EvaluateLogInput, scope?: Scope) => Promise<ConversationLog> {
  const save = writeBatcher<RatingToSave, ConversationLog | undefined>({
    key: (rating) => rating.logId,
    write: async (ratings) => {
      const saved = await saveRatings(db, ratings);
      return ratings.map((rating) => saved.get(rating.logId));
    },
  });
  return async (id, input, scope) => {
    const rating = ratingToSave(id, input, scope);
    const saved = await save(rating);
    if (saved) return saved;
    throw await whyNotSaved(db, rating);
  };
}

function whyNotSaved(db: Kysely<Database>, rating: RatingToSave): Promise<DomainError> {
  const own = rating.ownerId === null ? undefined : ownSessions(db, { userId: rating.ownerId });
  return whyNotRated(db, rating.logId, own);
}

export const setStatusInputSchema = z.strictObject({
  ids: z.array(idSchema).min(1, 'name at least one log').max(1000),
  status: statusSchema,
});

/**
 * Sets the processing status (design §5): 1 unprocessed, 2 trained, 3 verified. Only rated logs can
 * become trained or verified, and a log under review becomes verified only by its settlement (409).
 * All or nothing: returns the updated logs.
 */
export async function setLogStatus(
  db: Kysely<Database>,
  input: z.input<typeof setStatusInputSchema>,
  scope?: Scope,
): Promise<ConversationLog[]> {
  const { ids, status } = parseInput(setStatusInputSchema, input);
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('conversation_logs')
      .select(['id', 'evaluated_at'])
      .where('id', 'in', unique)
      .forUpdate();
    if (scope) query = query.where('session_id', 'in', ownSessions(trx, scope));
    const found = await query.execute();
    const missing = unique.filter((logId) => !found.some((row) => row.id === logId));
    if (missing.length > 0) throw notFound(missing.length === 1 ? 'Log' : 'Logs', missing.join(', '));
    if (status !== STATUS.unprocessed) {
      const unrated = found.filter((row) => row.evaluated_at === null).map((row) => row.id);
      if (unrated.length > 0) {
        throw new DomainError(
          'invalid',
          `Log ${unrated.join(', ')} has not been rated yet; rate it before marking it trained or verified.`,
          'log_unrated',
        );
      }
      if (status === STATUS.verified) await holdVerifiedUnderReview(trx, unique);
    }
    return trx
      .updateTable('conversation_logs')
      .set({ status, updated_at: utcNow() })
      .where('id', 'in', unique)
      .returningAll()
      .execute();
  });
}

export async function getLog(db: Kysely<Database>, id: number, scope?: Scope): Promise<ConversationLog> {
  const logId = parseInput(idSchema, id);
  let query = db.selectFrom('conversation_logs').selectAll().where('id', '=', logId);
  if (scope) query = query.where('session_id', 'in', ownSessions(db, scope));
  const log = await query.executeTakeFirst();
  if (!log) throw notFound('Log', logId);
  return log;
}

/** The logs of one session, newest first (the panel's history). */
export async function listSessionLogs(
  db: Kysely<Database>,
  sessionId: number,
  options: { beforeId?: number; limit?: number } = {},
): Promise<ConversationLog[]> {
  let query = db
    .selectFrom('conversation_logs')
    .selectAll()
    .where('session_id', '=', parseInput(idSchema, sessionId))
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query.execute();
}

function ownSessions(db: Kysely<Database>, scope: Scope) {
  return db.selectFrom('sessions').select('id').where('user_id', '=', scope.userId);
}
