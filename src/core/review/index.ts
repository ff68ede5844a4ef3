// Reviewers together (issue 16): the public face of the review rules for the CLI, the REST API and the
// editor — assignment, a reviewer's blind queue, reviews and their acceptance, the lead's disagreements,
// agreement (κ), guidelines, and corrections drafted by a teacher model.
export { type Agreement, type Disagreement, decideAgreement, normaliseCorrection } from './agreement';
export { type Assigned, assignReviews } from './assign';
export { type DisputedLog, listDisagreements, type Resolution, resolveDisagreement } from './disagreements';
export {
  type Guidelines,
  type GuidelinesVersion,
  getGuidelines,
  guidelinesHistory,
  saveGuidelines,
} from './guidelines';
export { cohensKappa, fleissKappa, type KappaFigure, type KappaReading, landisKoch } from './kappa';
export {
  type GivenVerdict,
  type OtherReview,
  type QueueCounts,
  type QueueItem,
  type ReviewItem,
  type ReviewQueue,
  reviewItem,
  reviewQueue,
} from './queue';
export {
  type AssignInput,
  assignInputSchema,
  type DraftUse,
  draftUseSchema,
  GUIDELINES_MAX,
  guidelinesBodySchema,
  MAX_REQUIRED_REVIEWS,
  type ResolveInput,
  resolveInputSchema,
  type SubmitReviewInput,
  submitReviewInputSchema,
  type Verdict,
  type VerdictInput,
  verdictSchema,
} from './schemas';
export { type ReviewStats, reviewStats } from './stats';
export { type ReviewOutcome, type SubmittedReview, submitReview } from './submit';
export {
  buildDraftPrompt,
  type CorrectionDraft,
  type DraftInProgress,
  type DraftProvenance,
  type DraftRequest,
  draftCorrection,
  draftProvenance,
  recordDraftForLog,
} from './teacherDraft';
