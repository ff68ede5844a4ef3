// How much the reviewers of a PoC agree on the three ratings: Cohen's κ for every pair of reviewers
// over the logs both reviewed, Fleiss' κ over the logs with two and with three reviews (raters may
// differ from log to log), and each reviewer's agreement with the accepted verdict of the settled logs
// they reviewed. Every figure carries the number of logs behind it.
import type { Kysely } from 'kysely';
import type { Database, Evaluation } from '../db/schema';
import { idSchema } from '../domain/codes';
import { getPoc } from '../domain/pocs';
import { parseInput } from '../errors';
import { cohensKappa, fleissKappa, type KappaFigure } from './kappa';

export interface PairAgreement extends KappaFigure {
  reviewers: [string, string];
}

export interface GroupAgreement extends KappaFigure {
  /** Logs with exactly this many reviews. */
  raters: number;
}

export interface ReviewerAgreement {
  reviewer: string;
  reviews: number;
  /** Reviews of settled logs: what the agreement with the accepted verdict rests on. */
  settled: number;
  /** How many of those gave the accepted rating. */
  agreed: number;
  /** agreed / settled; null with no settled log. */
  share: number | null;
  /** Cohen's κ between this reviewer and the accepted ratings. */
  kappa: KappaFigure | null;
}

export interface ReviewStats {
  pocId: number;
  logs: { assigned: number; waiting: number; disputed: number; settled: number };
  pairs: PairAgreement[];
  groups: GroupAgreement[];
  reviewers: ReviewerAgreement[];
}

interface ReviewRow {
  logId: number;
  reviewer: string;
  evaluation: Evaluation;
}

export async function reviewStats(db: Kysely<Database>, pocId: number): Promise<ReviewStats> {
  const poc = await getPoc(db, parseInput(idSchema, pocId));
  const inPoc = db
    .selectFrom('conversation_logs')
    .innerJoin('sessions', 'sessions.id', 'conversation_logs.session_id')
    .select('conversation_logs.id')
    .where('sessions.poc_id', '=', poc.id);
  const [assignments, reviews, adjudications] = await Promise.all([
    db
      .selectFrom('review_assignments')
      .select(['log_id', 'required_reviews', 'settled_by'])
      .where('log_id', 'in', inPoc)
      .execute(),
    db
      .selectFrom('log_reviews')
      .innerJoin('users', 'users.id', 'log_reviews.reviewer_id')
      .select(['log_reviews.log_id as logId', 'users.username as reviewer', 'log_reviews.evaluation'])
      .where('log_reviews.log_id', 'in', inPoc)
      .orderBy('log_reviews.id')
      .execute(),
    db
      .selectFrom('review_adjudications')
      .select(['log_id', 'evaluation'])
      .where('log_id', 'in', inPoc)
      .execute(),
  ]);

  const byLog = new Map<number, ReviewRow[]>();
  for (const review of reviews) byLog.set(review.logId, [...(byLog.get(review.logId) ?? []), review]);
  const lead = new Map(adjudications.map((row) => [row.log_id, row.evaluation]));
  // The accepted rating: the lead's, or (settled by agreement) the first review's, which all shared.
  const accepted = new Map<number, Evaluation>();
  const logs = { assigned: assignments.length, waiting: 0, disputed: 0, settled: 0 };
  for (const assignment of assignments) {
    const given = byLog.get(assignment.log_id) ?? [];
    if (assignment.settled_by === 'lead') accepted.set(assignment.log_id, lead.get(assignment.log_id)!);
    else if (assignment.settled_by === 'agreement') accepted.set(assignment.log_id, given[0]!.evaluation);
    if (assignment.settled_by) logs.settled += 1;
    else if (given.length >= assignment.required_reviews) logs.disputed += 1;
    else logs.waiting += 1;
  }

  return {
    pocId: poc.id,
    logs,
    pairs: pairAgreements(byLog),
    groups: [2, 3].flatMap((raters) => {
      const table = [...byLog.values()]
        .filter((given) => given.length === raters)
        .map((given) => [1, 2, 3].map((category) => given.filter((r) => r.evaluation === category).length));
      const figure = fleissKappa(table);
      return figure ? [{ raters, ...figure }] : [];
    }),
    reviewers: reviewerAgreements(reviews, accepted),
  };
}

function pairAgreements(byLog: Map<number, ReviewRow[]>): PairAgreement[] {
  const pairs = new Map<string, { reviewers: [string, string]; ratings: [Evaluation, Evaluation][] }>();
  for (const given of byLog.values()) {
    const sorted = [...given].sort((a, b) => a.reviewer.localeCompare(b.reviewer));
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length; j += 1) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        const key = JSON.stringify([a.reviewer, b.reviewer]);
        const pair = pairs.get(key) ?? { reviewers: [a.reviewer, b.reviewer], ratings: [] };
        pair.ratings.push([a.evaluation, b.evaluation]);
        pairs.set(key, pair);
      }
    }
  }
  return [...pairs.values()]
    .map((pair) => ({ reviewers: pair.reviewers, ...cohensKappa(pair.ratings)! }))
    .sort((a, b) => a.reviewers.join('\0').localeCompare(b.reviewers.join('\0')));
}

function reviewerAgreements(reviews: ReviewRow[], accepted: Map<number, Evaluation>): ReviewerAgreement[] {
  const people = [...new Set(reviews.map((review) => review.reviewer))].sort((a, b) => a.localeCompare(b));
  return people.map((reviewer) => {
    const own = reviews.filter((review) => review.reviewer === reviewer);
    const settled = own.flatMap((review) => {
      const verdict = accepted.get(review.logId);
      return verdict === undefined ? [] : [[review.evaluation, verdict] as [Evaluation, Evaluation]];
    });
    const agreed = settled.filter(([mine, final]) => mine === final).length;
    return {
      reviewer,
      reviews: own.length,
      settled: settled.length,
      agreed,
      share: settled.length > 0 ? agreed / settled.length : null,
      kappa: cohensKappa(settled),
    };
  });
}
