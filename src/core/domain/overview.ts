// What the Evaluate view shows at a glance: PoCs and models with their counts, and one session.
import type { Kysely } from 'kysely';
import type { Database, Model, Poc } from '../db/schema';
import { getSession, type Scope, type SessionDetails } from './sessions';

export interface PocSummary extends Poc {
  session_count: number;
}

export interface ModelSummary extends Model {
  session_count: number;
}

export async function listPocSummaries(db: Kysely<Database>): Promise<PocSummary[]> {
  return db
    .selectFrom('poc')
    .leftJoin('sessions', 'sessions.poc_id', 'poc.id')
    .selectAll('poc')
    .select((eb) => eb.fn.count<number>('sessions.id').as('session_count'))
    .groupBy('poc.id')
    .orderBy('poc.id')
    .execute();
}

export async function listModelSummaries(db: Kysely<Database>): Promise<ModelSummary[]> {
  return db
    .selectFrom('models')
    .leftJoin('sessions', 'sessions.model_id', 'models.id')
    .selectAll('models')
    .select((eb) => eb.fn.count<number>('sessions.id').as('session_count'))
    .groupBy('models.id')
    .orderBy('models.model_name')
    .orderBy('models.version')
    .orderBy('models.id')
    .execute();
}

export interface SessionSummary extends SessionDetails {
  question_count: number;
  rated_count: number;
}

export async function getSessionSummary(
  db: Kysely<Database>,
  id: number,
  scope?: Scope,
): Promise<SessionSummary> {
  const session = await getSession(db, id, scope);
  const counts = await db
    .selectFrom('conversation_logs')
    .select((eb) => [
      eb.fn.countAll<number>().as('question_count'),
      eb.fn.count<number>('evaluated_at').as('rated_count'),
    ])
    .where('session_id', '=', session.id)
    .executeTakeFirstOrThrow();
  return { ...session, ...counts };
}
