// Where the Logs view's My Reviews and Disagreements come from: the core's queue and disagreement list for
// this window's user. A failure here is logged and leaves the review nodes out, never the logs below.
import type { Kysely } from 'kysely';
import type { Database, User } from '../../core/db/schema';
import type { listDisagreements, reviewQueue } from '../../core/review';
import type { Logger } from '../logging';
import { buildReviewRootNodes, type ReviewNode } from '../views/reviewNodes';
import type { ReviewNodesSource } from '../views/reviewTreeItems';
import { ReviewStrings as S } from './reviewStrings';

/** The tree shows this many entries under each node (the review view walks them all). */
const SHOWN = 200;

export interface ReviewTreeDeps {
  db(): Promise<Kysely<Database>>;
  user(): Promise<User>;
  core(): { reviewQueue: typeof reviewQueue; listDisagreements: typeof listDisagreements };
  log: Logger;
}

export class ReviewTreeData implements ReviewNodesSource {
  constructor(private readonly deps: ReviewTreeDeps) {}

  async rootNodes(): Promise<ReviewNode[]> {
    try {
      const db = await this.deps.db();
      const me = await this.deps.user();
      const core = this.deps.core();
      const [queue, disputes, leads] = await Promise.all([
        core.reviewQueue(db, me.id, { limit: SHOWN }),
        core.listDisagreements(db, { lead_id: me.id, limit: SHOWN }),
        leadsAnyReview(db, me.id),
      ]);
      return buildReviewRootNodes(queue, disputes, leads, {
        myReviews: S.myReviews(),
        disagreements: S.disagreements(),
        queueCounts: S.queueCounts,
        disputeCount: S.disputeCount,
        on: { rating: S.onRating(), correction: S.onCorrection() },
        assignedAgo: S.assignedAgo,
        question: S.question(),
        answer: S.answer(),
      });
    } catch (error) {
      this.deps.log.warn(
        `The review nodes could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      );
      return [];
    }
  }
}

/** Whether the user has ever assigned logs for review (a lead sees Disagreements even when none wait). */
async function leadsAnyReview(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('review_assignments')
    .select('log_id')
    .where('assigned_by', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
