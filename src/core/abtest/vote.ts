// A vote on one A/B item: A, B or tie, optionally with a reason. One per voter per item — a second is a
// conflict, never a silent overwrite. The answer is the reveal: which model was A, which was B.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../db/schema';
import { idSchema, limitedText } from '../domain/codes';
import { DomainError, notFound, parseInput } from '../errors';
import { modelRef } from './modelLabel';
import { type AbVoteView, revealOf } from './view';

export const abChoiceSchema = z.enum(['A', 'B', 'tie'], { error: 'must be A, B or tie' });

export const voteAbInputSchema = z.strictObject({
  run_id: idSchema,
  /** The item's position in its run (0-based; people see it 1-based). */
  position: z.number().int().min(0),
  user_id: idSchema,
  choice: abChoiceSchema,
  reason: limitedText('reason')
    .nullish()
    .transform((v) => v?.trim() || null),
});
export type VoteAbInput = z.input<typeof voteAbInputSchema>;

export async function voteAb(db: Kysely<Database>, input: VoteAbInput): Promise<AbVoteView> {
  const values = parseInput(voteAbInputSchema, input);
  const item = await db
    .selectFrom('ab_items')
    .select(['id', 'a_model_id', 'b_model_id', 'a_log_id', 'b_log_id'])
    .where('run_id', '=', values.run_id)
    .where('position', '=', values.position)
    .executeTakeFirst();
  if (!item) throw notFound(`Item ${values.position + 1} of A/B run`, values.run_id);
  if (item.a_log_id === null || item.b_log_id === null)
    throw new DomainError(
      'invalid',
      `Item ${values.position + 1} of A/B run ${values.run_id} has not both answers yet: finish the run first.`,
      'ab_not_answered',
    );
  const user = await db.selectFrom('users').select('id').where('id', '=', values.user_id).executeTakeFirst();
  if (!user) throw notFound('User', values.user_id);
  const vote = await db
    .insertInto('ab_votes')
    .values({ item_id: item.id, user_id: values.user_id, choice: values.choice, reason: values.reason })
    .onConflict((oc) => oc.columns(['item_id', 'user_id']).doNothing())
    .returning(['choice', 'reason', 'voted_at'])
    .executeTakeFirst();
  if (!vote)
    throw new DomainError(
      'conflict',
      `You have already voted on item ${values.position + 1} of A/B run ${values.run_id}.`,
      'ab_already_voted',
    );
  const models = await db
    .selectFrom('models')
    .select(['id', 'model_name', 'base_model', 'version'])
    .where('id', 'in', [item.a_model_id, item.b_model_id])
    .execute();
  const ref = (id: number) => modelRef(models.find((m) => m.id === id)!);
  return { ...vote, reveal: revealOf(vote.choice, ref(item.a_model_id), ref(item.b_model_id)) };
}
