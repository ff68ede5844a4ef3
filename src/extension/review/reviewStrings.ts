// Every user-visible string of the review commands, the Logs tree's review nodes and the guidelines
// editor, through vscode.l10n (Japanese in l10n/); the view's own are in src/protocol/reviewLabels.ts.
import { l10n } from 'vscode';

export const ReviewStrings = {
  panelTitle: () => l10n.t('Llamune Review'),
  myReviews: () => l10n.t('My Reviews'),
  disagreements: () => l10n.t('Disagreements'),
  queueCounts: (toReview: number, reviewed: number, closed: number) =>
    l10n.t('{0} to review · {1} reviewed · {2} closed', toReview, reviewed, closed),
  disputeCount: (n: number) => (n === 1 ? l10n.t('1 to resolve') : l10n.t('{0} to resolve', n)),
  onRating: () => l10n.t('on: rating'),
  onCorrection: () => l10n.t('on: correction'),
  assignedAgo: (ago: string) => l10n.t('assigned {0}', ago),
  question: () => l10n.t('Question'),
  answer: () => l10n.t('Answer'),
  assignTitle: () => l10n.t('Assign for Review'),
  whichLogsOf: (poc: string) => l10n.t('Which logs of {0}?', poc),
  wrongOrInsufficient: () => l10n.t('Rated Wrong or Insufficient'),
  allRated: () => l10n.t('Every rated log'),
  everyLog: () => l10n.t('Every log, rated or not'),
  skipsAssigned: () => l10n.t('Logs already under review are skipped'),
  pickReviewers: (n: number) =>
    n === 1
      ? l10n.t('Reviewers for 1 log (pick one or more)')
      : l10n.t('Reviewers for {0} logs (pick one or more)', n),
  pickReviewersFilter: () => l10n.t('Reviewers (pick one or more)'),
  you: () => l10n.t('you'),
  requiredTitle: () => l10n.t('Independent reviews each log needs'),
  requiredItem: (n: number) => (n === 1 ? l10n.t('1 review') : l10n.t('{0} reviews', n)),
  requiredDetail: (n: number) =>
    n === 1
      ? l10n.t('The review is accepted as it is')
      : l10n.t('Accepted when the {0} reviews agree; otherwise you resolve it', n),
  assigned: (logs: number, reviewers: string, required: number) =>
    logs === 1
      ? l10n.t('1 log assigned to {0} (required reviews: {1}).', reviewers, required)
      : l10n.t('{0} logs assigned to {1} (required reviews per log: {2}).', logs, reviewers, required),
  tooManyLogs: (max: number) =>
    l10n.t('At most {0} logs can be assigned at once; narrow the selection.', max),
  pickPoc: () => l10n.t('Choose a PoC'),
  noPoc: () => l10n.t('There is no PoC yet.'),
  pickDraftModel: () => l10n.t('The model that drafts the correction'),
  draftModelDetail: (version: number) => l10n.t('version {0}', version),
  guidelinesSaved: (poc: string) => l10n.t('Rating guidelines of {0} saved as a new version.', poc),
  notUtf8: () => l10n.t('The guidelines must be UTF-8 text.'),
  guidelinesOnlyFiles: () => l10n.t('Rating guidelines are single files; nothing else can be made here.'),
};
