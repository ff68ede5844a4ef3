// Sessions (design §3.4): a user, a PoC, a model and a snapshot of the system prompt. Ended once.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database, Session } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { DomainError, notFound, parseInput } from '../errors';
import { idSchema, limitedText } from './codes';

/** Who is asking: services given a scope only see that user's sessions (SPEC §4). */
export interface Scope {
  userId: number;
}

export const startSessionInputSchema = z.strictObject({
  user_id: idSchema,
  poc_id: idSchema,
  model_id: idSchema,
  /** The snapshot; omitted → the PoC's default system prompt. */
  system_prompt: limitedText('system_prompt').nullish(),
});
export type StartSessionInput = z.input<typeof startSessionInputSchema>;

export interface SessionDetails extends Session {
  poc_name: string;
  model_name: string;
  model_version: number;
}

export async function startSession(db: Kysely<Database>, input: StartSessionInput): Promise<SessionDetails> {
  const values = parseInput(startSessionInputSchema, input);
  const poc = await db
    .selectFrom('poc')
    .select(['name', 'default_system_prompt'])
    .where('id', '=', values.poc_id)
    .executeTakeFirst();
  if (!poc) throw notFound('PoC', values.poc_id);
  const model = await db
    .selectFrom('models')
    .select(['model_name', 'version'])
    .where('id', '=', values.model_id)
    .executeTakeFirst();
  if (!model) throw notFound('Model', values.model_id);
  const user = await db.selectFrom('users').select('id').where('id', '=', values.user_id).executeTakeFirst();
  if (!user) throw notFound('User', values.user_id);

  const systemPrompt = values.system_prompt === undefined ? poc.default_system_prompt : values.system_prompt;
  const session = await db
    .insertInto('sessions')
    .values({ ...values, system_prompt: systemPrompt || null, started_at: utcNow() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...session, poc_name: poc.name, model_name: model.model_name, model_version: model.version };
}

export async function getSession(db: Kysely<Database>, id: number, scope?: Scope): Promise<SessionDetails> {
  const sessionId = parseInput(idSchema, id);
  let query = db
    .selectFrom('sessions')
    .innerJoin('poc', 'poc.id', 'sessions.poc_id')
    .innerJoin('models', 'models.id', 'sessions.model_id')
    .selectAll('sessions')
    .select(['poc.name as poc_name', 'models.model_name', 'models.version as model_version'])
    .where('sessions.id', '=', sessionId);
  if (scope) query = query.where('sessions.user_id', '=', scope.userId);
  const session = await query.executeTakeFirst();
  // Another user's session is reported as missing, not forbidden: its existence is not theirs to know.
  if (!session) throw notFound('Session', sessionId);
  return session;
}

/** Ends a session; ending it twice is a conflict. */
export async function endSession(db: Kysely<Database>, id: number, scope?: Scope): Promise<Session> {
  const existing = await getSession(db, id, scope);
  const ended = await db
    .updateTable('sessions')
    .set({ ended_at: utcNow() })
    .where('id', '=', existing.id)
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!ended) throw new DomainError('conflict', `Session ${existing.id} has already ended.`, 'session_ended');
  return ended;
}

export async function listSessions(
  db: Kysely<Database>,
  filter: { pocId?: number; userId?: number; open?: boolean; limit?: number } = {},
): Promise<Session[]> {
  let query = db
    .selectFrom('sessions')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.pocId !== undefined) query = query.where('poc_id', '=', filter.pocId);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.open) query = query.where('ended_at', 'is', null);
  return query.execute();
}
