// What the review view shows, for one reviewer (or lead) and one walk — my queue or the disagreements I
// lead — answered from the core's review rules (src/core/review) and nothing else: the walk is a snapshot
// of log ids taken when the page loads, so that a log I have just reviewed stays where it was (and shows
// the others' verdicts) while next / previous move on. No vscode import: tested on both databases.
import type { Kysely } from 'kysely';
import type { Database, User } from '../../core/db/schema';
import type * as Review from '../../core/review';
import type { MarkdownTree } from '../../protocol/markdown';
import type {
  AgreementView,
  DraftUseView,
  GivenVerdictView,
  GuidelinesView,
  ReviewHostMessage,
  ReviewItemView,
  ReviewVerdictView,
  VerdictForm,
} from '../../protocol/review';

/** The core functions the view uses (the extension passes the lazily loaded core; tests the modules). */
export interface ReviewCore {
  reviewQueue: typeof Review.reviewQueue;
  reviewItem: typeof Review.reviewItem;
  submitReview: typeof Review.submitReview;
  listDisagreements: typeof Review.listDisagreements;
  resolveDisagreement: typeof Review.resolveDisagreement;
  getGuidelines: typeof Review.getGuidelines;
  reviewStats: typeof Review.reviewStats;
  getLog(db: Kysely<Database>, id: number): Promise<Review.GivenVerdict & { status: number }>;
  getPoc(db: Kysely<Database>, id: number): Promise<{ id: number; name: string }>;
  markdownTree(text: string): MarkdownTree;
}

export type Walk = 'queue' | 'disputes';
export type StateMessage = Extract<ReviewHostMessage, { type: 'state' }>;
export type ItemMessage = Extract<ReviewHostMessage, { type: 'item' }>;

export interface ReviewBackendDeps {
  db(): Promise<Kysely<Database>>;
  user(): Promise<User>;
  core: ReviewCore;
}

/** The most a walk holds (the core's own page limit). */
const WALK_MAX = 1000;

const iso = (date: Date) => date.toISOString();
const verdictView = (v: Review.GivenVerdict): ReviewVerdictView => ({
  evaluation: v.evaluation,
  reason: v.reason,
  correct_answer: v.correct_answer,
  priority: v.priority,
});

export class ReviewBackend {
  private ids: number[] = [];
  /** A disagreement's data as listed when the walk was taken (it leaves the list once resolved). */
  private readonly disputes = new Map<number, Review.DisputedLog>();
  /** Resolutions given in this view, shown in place of the disagreement. */
  private readonly resolutions = new Map<number, Review.Resolution>();

  constructor(
    private readonly deps: ReviewBackendDeps,
    private walkKind: Walk,
    /** A log to show first (opened from the Logs tree). */
    private focus: number | undefined = undefined,
  ) {}

  get walk(): Walk {
    return this.walkKind;
  }

  /** Another walk (or another log to show first): taken on the next `ready`. */
  retarget(walk: Walk, focus?: number): void {
    this.walkKind = walk;
    this.focus = focus;
  }

  /** Takes the walk's snapshot and returns the state; the position to show first is `start`. */
  async load(): Promise<{ state: StateMessage; start: number }> {
    const db = await this.deps.db();
    const me = await this.deps.user();
    this.disputes.clear();
    if (this.walkKind === 'queue') {
      const queue = await this.deps.core.reviewQueue(db, me.id, { limit: WALK_MAX });
      this.ids = queue.items.map((item) => item.logId);
    } else {
      const disputes = await this.deps.core.listDisagreements(db, { lead_id: me.id, limit: WALK_MAX });
      for (const dispute of disputes) this.disputes.set(dispute.item.logId, dispute);
      this.ids = disputes.map((dispute) => dispute.item.logId);
    }
    // A log opened from the tree that is no longer in the walk (reviewed, resolved): shown first anyway.
    if (this.focus !== undefined && !this.ids.includes(this.focus)) this.ids.unshift(this.focus);
    const start = this.focus === undefined ? 0 : this.ids.indexOf(this.focus);
    this.focus = undefined;
    return { state: await this.state(), start };
  }

  async state(): Promise<StateMessage> {
    const db = await this.deps.db();
    const me = await this.deps.user();
    const [queue, disputes] = await Promise.all([
      this.deps.core.reviewQueue(db, me.id, { limit: 1 }),
      this.deps.core.listDisagreements(db, { lead_id: me.id, limit: WALK_MAX }),
    ]);
    return {
      type: 'state',
      me: me.username,
      walk: this.walkKind,
      total: this.ids.length,
      counts: {
        to_review: queue.counts.toReview,
        reviewed: queue.counts.reviewed,
        closed: queue.counts.closed,
      },
      disputes: disputes.length,
    };
  }

  logIdAt(position: number): number | undefined {
    return this.ids[position];
  }

  /** The entry at `position` (null past the end: the walk is done), with its PoC's guidelines. */
  async item(position: number): Promise<ItemMessage> {
    const logId = this.ids[position];
    if (logId === undefined) return { type: 'item', position, item: null, guidelines: null };
    const db = await this.deps.db();
    const me = await this.deps.user();
    const item =
      this.walkKind === 'queue'
        ? await this.reviewEntry(db, logId, me.id)
        : await this.disputeEntry(db, logId);
    return { type: 'item', position, item: item.view, guidelines: await this.guidelines(db, item.pocId) };
  }

  private async reviewEntry(db: Kysely<Database>, logId: number, me: number) {
    const found = await this.deps.core.reviewItem(db, logId, me);
    const view: ReviewItemView = {
      kind: 'review',
      ...this.logFields(found.item),
      state: found.state,
      mine: found.mine ? verdictView(found.mine) : null,
      // reviewItem already leaves these out until mine is in; checked again, since this is the view's blindness.
      original:
        found.mine && found.original
          ? { ...verdictView(found.original), by: found.original.rater, at: iso(found.original.ratedAt) }
          : null,
      others: found.mine ? found.others.map(givenView) : [],
      accepted: found.mine && found.accepted ? verdictView(found.accepted) : null,
    };
    return { view, pocId: found.item.pocId };
  }

  private async disputeEntry(db: Kysely<Database>, logId: number) {
    const dispute = this.disputes.get(logId) ?? (await this.findDispute(db, logId));
    const resolution = this.resolutions.get(logId);
    let resolved: Extract<ReviewItemView, { kind: 'dispute' }>['resolved'] = resolution
      ? { verdict: verdictView(resolution.verdict), picked: resolution.picked }
      : null;
    // Resolved elsewhere (another window, the CLI): the log holds the final verdict.
    if (!resolved && !(await this.stillDisputed(db, logId))) {
      const log = await this.deps.core.getLog(db, logId);
      resolved = { verdict: verdictView(log), picked: null };
    }
    const view: ReviewItemView = {
      kind: 'dispute',
      ...this.logFields(dispute.item),
      on: dispute.on,
      original: dispute.original
        ? { ...verdictView(dispute.original), by: dispute.original.rater, at: iso(dispute.original.ratedAt) }
        : null,
      reviews: dispute.reviews.map(givenView),
      resolved,
    };
    return { view, pocId: dispute.item.pocId };
  }

  private async findDispute(db: Kysely<Database>, logId: number): Promise<Review.DisputedLog> {
    const me = await this.deps.user();
    const all = await this.deps.core.listDisagreements(db, { lead_id: me.id, limit: WALK_MAX });
    const found = all.find((dispute) => dispute.item.logId === logId);
    if (!found) throw new Error(`Log ${logId} is not a disagreement you lead.`);
    this.disputes.set(logId, found);
    return found;
  }

  private async stillDisputed(db: Kysely<Database>, logId: number): Promise<boolean> {
    const me = await this.deps.user();
    const all = await this.deps.core.listDisagreements(db, { lead_id: me.id, limit: WALK_MAX });
    return all.some((dispute) => dispute.item.logId === logId);
  }

  private logFields(item: Review.QueueItem) {
    return {
      log_id: item.logId,
      poc_name: item.pocName,
      model: `${item.modelName} v${item.modelVersion}`,
      system_prompt: item.systemPrompt,
      question: item.question,
      answer: item.answer,
      answer_md: this.deps.core.markdownTree(item.answer),
      asked_at: iso(item.askedAt),
      assigned_at: iso(item.assignedAt),
      required_reviews: item.requiredReviews,
    };
  }

  private async guidelines(db: Kysely<Database>, pocId: number): Promise<GuidelinesView> {
    const [guidelines, poc] = await Promise.all([
      this.deps.core.getGuidelines(db, pocId),
      this.deps.core.getPoc(db, pocId),
    ]);
    const current = guidelines.current;
    return {
      poc_id: pocId,
      poc_name: poc.name,
      body_md: current?.body.trim() ? this.deps.core.markdownTree(current.body) : null,
      saved_by: current?.savedBy ?? null,
      saved_at: current ? iso(current.savedAt) : null,
      versions: guidelines.versions,
    };
  }

  async submit(
    logId: number,
    form: VerdictForm,
    draft: DraftUseView | null,
  ): Promise<Review.SubmittedReview> {
    const db = await this.deps.db();
    const me = await this.deps.user();
    return this.deps.core.submitReview(db, {
      log_id: logId,
      reviewer_id: me.id,
      verdict: verdictInput(form),
      ...(draft && { draft }),
    });
  }

  async resolve(
    logId: number,
    decision: { pick: string } | { verdict: VerdictForm; draft: DraftUseView | null },
  ): Promise<Review.Resolution> {
    const db = await this.deps.db();
    const me = await this.deps.user();
    const resolution = await this.deps.core.resolveDisagreement(db, {
      log_id: logId,
      lead_id: me.id,
      decision:
        'pick' in decision
          ? { pick: decision.pick }
          : { verdict: verdictInput(decision.verdict), ...(decision.draft && { draft: decision.draft }) },
    });
    this.resolutions.set(logId, resolution);
    return resolution;
  }

  async agreement(pocId: number): Promise<AgreementView> {
    const db = await this.deps.db();
    const me = await this.deps.user();
    const [stats, poc] = await Promise.all([
      this.deps.core.reviewStats(db, pocId),
      this.deps.core.getPoc(db, pocId),
    ]);
    return {
      poc_id: stats.pocId,
      poc_name: poc.name,
      me: me.username,
      logs: stats.logs,
      pairs: stats.pairs.map(({ reviewers, ...figure }) => ({ reviewers: [...reviewers], ...figure })),
      groups: stats.groups,
      reviewers: stats.reviewers,
    };
  }
}

function givenView(review: Review.OtherReview): GivenVerdictView {
  return { ...verdictView(review), by: review.reviewer, at: iso(review.reviewedAt) };
}

/** The form as the core's verdict: rating 1 carries no reason, correction or priority. */
function verdictInput(form: VerdictForm): Review.VerdictInput {
  return form.evaluation === 1
    ? { evaluation: 1 }
    : {
        evaluation: form.evaluation,
        reason: form.reason,
        correct_answer: form.correct_answer,
        priority: form.priority,
      };
}
