// A lead hands logs to reviewers: a selection (log ids) or a filter (a PoC, optionally only logs rated
// so), each log needing N independent reviews (1–3) from the named reviewers. All or nothing: an
// unknown user, N above the number of reviewers, a missing log or one already under review writes
// nothing. A filter skips logs already under review instead (it means "what is left").
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, User } from '../db/schema';
import { getPoc } from '../domain/pocs';
import { DomainError, notFound, parseInput } from '../errors';
import { type AssignInput, assignInputSchema } from './schemas';

export interface Assigned {
  logIds: number[];
  reviewers: string[];
  requiredReviews: number;
  lead: string;
}

const CHUNK = 1000;

export async function assignReviews(db: Kysely<Database>, input: AssignInput): Promise<Assigned> {
  const values = parseInput(assignInputSchema, input);
  const { reviewers: names, required_reviews: required, selection } = values;
  if (required > names.length) {
    throw new DomainError(
      'invalid',
      `${required} reviews are required for each log but ${names.length === 1 ? 'only 1 reviewer is' : `only ${names.length} reviewers are`} named; name at least ${required}.`,
      'too_few_reviewers',
    );
  }
  const people = await usersByName(db, [...names, values.lead]);
  const lead = people.get(values.lead)!;
  const reviewers = names.map((name) => people.get(name)!);

  const written = db.transaction().execute(async (trx) => {
    const logIds =
      selection.kind === 'logs'
        ? await checkSelection(trx, selection.log_ids)
        : await logsOfFilter(trx, selection.poc_id, selection.evaluations);
    for (let i = 0; i < logIds.length; i += CHUNK) {
      const chunk = logIds.slice(i, i + CHUNK);
      // The first rater's verdict is copied as it is now: settling overwrites the log's own.
      await trx
        .insertInto('review_assignments')
        .columns([
          'log_id',
          'required_reviews',
          'assigned_by',
          'original_evaluation',
          'original_reason',
          'original_correct_answer',
          'original_priority',
          'original_evaluated_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('conversation_logs')
            .select([
              'id',
              sql<number>`${required}::smallint`.as('required_reviews'),
              sql<number>`${lead.id}::integer`.as('assigned_by'),
              sql<number | null>`CASE WHEN evaluated_at IS NULL THEN NULL ELSE evaluation END`.as(
                'original_evaluation',
              ),
              'reason',
              'correct_answer',
              'priority',
              'evaluated_at',
            ])
            .where('id', 'in', chunk),
        )
        .execute();
      await trx
        .insertInto('review_assignees')
        .values(chunk.flatMap((logId) => reviewers.map((r) => ({ log_id: logId, reviewer_id: r.id }))))
        .execute();
    }
    return { logIds, reviewers: names, requiredReviews: required, lead: lead.username };
  });
  // Two leads assigning the same PoC at once: the second finds the first's rows (unique violation).
  return written.catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== '23505') throw error;
    throw new DomainError(
      'conflict',
      'Some of these logs were put under review at the same moment by someone else; nothing was assigned. Try again.',
      'log_already_assigned',
      { cause: error },
    );
  });
}

/** Every named user, or an `invalid` error naming the ones that do not exist. */
async function usersByName(db: Kysely<Database>, names: string[]): Promise<Map<string, User>> {
  const unique = [...new Set(names)];
  const rows = await db.selectFrom('users').selectAll().where('username', 'in', unique).execute();
  const found = new Map(rows.map((user) => [user.username, user]));
  const missing = unique.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new DomainError(
      'invalid',
      `There is no user ${missing.map((name) => `"${name}"`).join(', ')}; create ${missing.length === 1 ? 'it' : 'them'} with \`llamune-poc user create NAME\`.`,
      'user_not_found',
    );
  }
  return found;
}

async function checkSelection(trx: Transaction<Database>, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const found = await trx
    .selectFrom('conversation_logs')
    .leftJoin('review_assignments', 'review_assignments.log_id', 'conversation_logs.id')
    .select(['conversation_logs.id', 'review_assignments.log_id as assigned'])
    .where('conversation_logs.id', 'in', unique)
    .forUpdate('conversation_logs')
    .execute();
  const missing = unique.filter((id) => !found.some((row) => row.id === id));
  if (missing.length > 0) throw notFound(missing.length === 1 ? 'Log' : 'Logs', missing.join(', '));
  const taken = found.filter((row) => row.assigned !== null).map((row) => row.id);
  if (taken.length > 0) {
    throw new DomainError(
      'conflict',
      `Log ${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} already under review; nothing was assigned.`,
      'log_already_assigned',
    );
  }
  return unique;
}

async function logsOfFilter(
  trx: Transaction<Database>,
  pocId: number,
  evaluations: (1 | 2 | 3)[] | undefined,
): Promise<number[]> {
  await getPoc(trx, pocId);
  let query = trx
    .selectFrom('conversation_logs')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .select('conversation_logs.id')
    .where('sessions.poc_id', '=', pocId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('review_assignments')
            .select('review_assignments.log_id')
            .whereRef('review_assignments.log_id', '=', 'conversation_logs.id'),
        ),
      ),
    )
    .orderBy('conversation_logs.id');
  // A rating filter means ratings a person gave: an unrated log's stored 1 is only the default.
  if (evaluations) {
    query = query
      .where('conversation_logs.evaluated_at', 'is not', null)
      .where('conversation_logs.evaluation', 'in', evaluations);
  }
  const ids = (await query.execute()).map((row) => row.id);
  if (ids.length === 0) {
    throw new DomainError(
      'invalid',
      `No log of PoC ${pocId}${evaluations ? ` rated ${evaluations.join(', ')}` : ''} is left to assign (logs already under review are skipped).`,
      'nothing_to_assign',
    );
  }
  return ids;
}
