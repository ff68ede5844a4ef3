// What a voter sees of an A/B run. Before their vote an item carries the question and the two answers
// as A and B, and nothing that tells the models apart: no model, no log or session id (answers are
// recorded model by model, so even ids would give the order away), no timing. Their own vote brings the
// reveal: which model was A, which was B, and which one won.
import type { Kysely } from 'kysely';
import type { AbChoice, AbStatus, Database } from '../db/schema';
import { notFound } from '../errors';
import { type AbModelRef, modelRef } from './modelLabel';

export interface AbReveal {
  a: AbModelRef;
  b: AbModelRef;
  /** null for a tie. */
  winner: AbModelRef | null;
}

export interface AbVoteView {
  choice: AbChoice;
  reason: string | null;
  voted_at: Date;
  reveal: AbReveal;
}

export interface AbItemView {
  position: number;
  question: string;
  system_prompt: string | null;
  /** Both answers once both are recorded; null before (or when one could not be asked: see error). */
  answers: { a: string; b: string } | null;
  error: string | null;
  /** The voter's own vote with the reveal; null until they vote. */
  vote: AbVoteView | null;
}

export interface AbRunView {
  id: number;
  poc_id: number;
  title: string;
  status: AbStatus;
  paused_reason: string | null;
  /** The two models as the user named them (never which one is A). */
  models: [AbModelRef, AbModelRef];
  items: number;
  /** Items with both answers recorded. */
  answered: number;
  /** Items this voter has voted on. */
  voted: number;
}

export function revealOf(choice: AbChoice, a: AbModelRef, b: AbModelRef): AbReveal {
  return { a, b, winner: choice === 'A' ? a : choice === 'B' ? b : null };
}

async function runModels(db: Kysely<Database>, runId: number) {
  const run = await db.selectFrom('ab_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('A/B run', runId);
  const models = await db
    .selectFrom('models')
    .select(['id', 'model_name', 'base_model', 'version'])
    .where('id', 'in', [run.first_model_id, run.second_model_id])
    .execute();
  const ref = (id: number) => modelRef(models.find((m) => m.id === id)!);
  return { run, ref };
}

export async function abRunView(db: Kysely<Database>, runId: number, voterId?: number): Promise<AbRunView> {
  const { run, ref } = await runModels(db, runId);
  const counts = await db
    .selectFrom('ab_items as i')
    .leftJoin('ab_votes as v', (join) =>
      join.onRef('v.item_id', '=', 'i.id').on('v.user_id', '=', voterId ?? -1),
    )
    .select((eb) => [
      eb.fn.countAll<string>().as('items'),
      eb.fn
        .count<string>('i.id')
        .filterWhere(eb.and([eb('i.a_log_id', 'is not', null), eb('i.b_log_id', 'is not', null)]))
        .as('answered'),
      eb.fn.count<string>('v.id').as('voted'),
    ])
    .where('i.run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return {
    id: run.id,
    poc_id: run.poc_id,
    title: run.title,
    status: run.status,
    paused_reason: run.paused_reason,
    models: [ref(run.first_model_id), ref(run.second_model_id)],
    items: Number(counts.items),
    answered: Number(counts.answered),
    voted: Number(counts.voted),
  };
}

/** The run's items as `voterId` sees them (all of them, or the one at `position`), in order. */
export async function abItems(
  db: Kysely<Database>,
  runId: number,
  options: { voterId?: number; position?: number } = {},
): Promise<AbItemView[]> {
  const { ref } = await runModels(db, runId);
  let query = db
    .selectFrom('ab_items as i')
    .leftJoin('conversation_logs as a', 'a.id', 'i.a_log_id')
    .leftJoin('conversation_logs as b', 'b.id', 'i.b_log_id')
    .leftJoin('ab_votes as v', (join) =>
      join.onRef('v.item_id', '=', 'i.id').on('v.user_id', '=', options.voterId ?? -1),
    )
    .select([
      'i.position',
      'i.question',
      'i.system_prompt',
      'i.error',
      'i.a_model_id',
      'i.b_model_id',
      'a.answer as a_answer',
      'b.answer as b_answer',
      'v.choice',
      'v.reason',
      'v.voted_at',
    ])
    .where('i.run_id', '=', runId)
    .orderBy('i.position');
  if (options.position !== undefined) query = query.where('i.position', '=', options.position);
  const rows = await query.execute();
  return rows.map((row) => ({
    position: row.position,
    question: row.question,
    system_prompt: row.system_prompt,
    answers: row.a_answer !== null && row.b_answer !== null ? { a: row.a_answer, b: row.b_answer } : null,
    error: row.error,
    vote:
      row.choice === null
        ? null
        : {
            choice: row.choice,
            reason: row.reason,
            voted_at: row.voted_at!,
            reveal: revealOf(row.choice, ref(row.a_model_id), ref(row.b_model_id)),
          },
  }));
}

/** One item as `voterId` sees it. */
export async function abItem(
  db: Kysely<Database>,
  runId: number,
  position: number,
  voterId: number,
): Promise<AbItemView> {
  const [item] = await abItems(db, runId, { voterId, position });
  if (!item) throw notFound(`Item ${position + 1} of A/B run`, runId);
  return item;
}

export async function listAbRuns(db: Kysely<Database>, options: { pocId?: number } = {}) {
  let query = db.selectFrom('ab_runs').selectAll().orderBy('id', 'desc');
  if (options.pocId !== undefined) query = query.where('poc_id', '=', options.pocId);
  return query.execute();
}

/** Where a voter picks up: the first item with both answers they have not voted on (else the first). */
export async function abNextToVote(db: Kysely<Database>, runId: number, voterId: number): Promise<number> {
  const row = await db
    .selectFrom('ab_items as i')
    .leftJoin('ab_votes as v', (join) => join.onRef('v.item_id', '=', 'i.id').on('v.user_id', '=', voterId))
    .select('i.position')
    .where('i.run_id', '=', runId)
    .where('i.a_log_id', 'is not', null)
    .where('i.b_log_id', 'is not', null)
    .where('v.id', 'is', null)
    .orderBy('i.position')
    .limit(1)
    .executeTakeFirst();
  return row?.position ?? 0;
}
