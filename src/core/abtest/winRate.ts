// Win rates of A/B votes per pair of models: wins, losses and ties of one model against the other, the
// share it won of the decided votes (ties left out), and a Wilson 95% interval on that share (sound at
// small counts and at 0 or 100%, where the normal approximation collapses to a point). Every vote
// counts: two voters on one item are two votes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { type AbModelRef, modelRef } from './modelLabel';

export interface AbPairWinRate {
  /** The model the figures are for (the run's first model; across runs, the lower id). */
  model: AbModelRef;
  opponent: AbModelRef;
  wins: number;
  losses: number;
  ties: number;
  /** Every vote: wins + losses + ties. */
  count: number;
  /** wins / (wins + losses); null before any decided vote. */
  win_rate: number | null;
  /** Wilson 95% interval on win_rate. */
  interval: { low: number; high: number } | null;
}

/** Wilson score interval for `successes` of `n` (z = 1.96 for 95%); null when n is 0. */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Win rates over the votes of one run, or of every run of a PoC; one entry per pair of models. */
export async function abWinRates(
  db: Kysely<Database>,
  scope: { runId: number } | { pocId: number },
): Promise<AbPairWinRate[]> {
  let query = db
    .selectFrom('ab_votes as v')
    .innerJoin('ab_items as i', 'i.id', 'v.item_id')
    .innerJoin('ab_runs as r', 'r.id', 'i.run_id')
    .select(['v.choice', 'i.a_model_id', 'i.b_model_id', 'r.first_model_id', 'r.second_model_id'])
    .orderBy('v.id');
  query =
    'runId' in scope ? query.where('r.id', '=', scope.runId) : query.where('r.poc_id', '=', scope.pocId);
  const votes = await query.execute();
  const pairs = new Map<
    string,
    { model: number; opponent: number; wins: number; losses: number; ties: number }
  >();
  for (const vote of votes) {
    // Oriented by the run when there is one run, else by id, so that a pair is one entry.
    const [model, opponent] =
      'runId' in scope
        ? [vote.first_model_id, vote.second_model_id]
        : [Math.min(vote.a_model_id, vote.b_model_id), Math.max(vote.a_model_id, vote.b_model_id)];
    const key = `${model}:${opponent}`;
    const pair = pairs.get(key) ?? { model, opponent, wins: 0, losses: 0, ties: 0 };
    pairs.set(key, pair);
    if (vote.choice === 'tie') pair.ties += 1;
    else if ((vote.choice === 'A' ? vote.a_model_id : vote.b_model_id) === model) pair.wins += 1;
    else pair.losses += 1;
  }
  if (pairs.size === 0) return [];
  const ids = [...new Set([...pairs.values()].flatMap((p) => [p.model, p.opponent]))];
  const models = await db
    .selectFrom('models')
    .select(['id', 'model_name', 'base_model', 'version'])
    .where('id', 'in', ids)
    .execute();
  const ref = (id: number) => modelRef(models.find((m) => m.id === id)!);
  return [...pairs.values()].map((p) => {
    const decided = p.wins + p.losses;
    return {
      model: ref(p.model),
      opponent: ref(p.opponent),
      wins: p.wins,
      losses: p.losses,
      ties: p.ties,
      count: decided + p.ties,
      win_rate: decided === 0 ? null : p.wins / decided,
      interval: wilsonInterval(p.wins, decided),
    };
  });
}
