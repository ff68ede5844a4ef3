// Every user-visible string of the Logs view and its commands, through vscode.l10n (Japanese in l10n/),
// with the design's terms for ratings, priorities and statuses.
import { l10n } from 'vscode';
import type { LogsGrouping, LogsLabels } from './logsNodes';

export const LogsStrings = {
  good: () => l10n.t('Good'),
  insufficient: () => l10n.t('Insufficient'),
  wrong: () => l10n.t('Wrong'),
  high: () => l10n.t('High'),
  medium: () => l10n.t('Medium'),
  low: () => l10n.t('Low'),
  noPriority: () => l10n.t('No priority'),
  unprocessed: () => l10n.t('Unprocessed'),
  trained: () => l10n.t('Trained'),
  verified: () => l10n.t('Verified'),
  rated: () => l10n.t('Rated'),
  unrated: () => l10n.t('Unrated'),
  question: () => l10n.t('Question'),
  answer: () => l10n.t('Answer'),
  correction: () => l10n.t('Correction'),
  reason: () => l10n.t('Reason'),
  loadMore: () => l10n.t('Load more…'),
  logCount: (n: number) => (n === 1 ? l10n.t('1 log') : l10n.t('{0} logs', n)),
  counting: () => l10n.t('counting…'),
  version: (v: number) => l10n.t('v{0}', v),
  groupByTitle: () => l10n.t('Group the logs of each PoC by'),
  grouping: (g: LogsGrouping) =>
    ({
      session: l10n.t('Session'),
      model: l10n.t('Model and version'),
      evaluation: l10n.t('Evaluation'),
      status: l10n.t('Status'),
      priority: l10n.t('Priority'),
      user: l10n.t('User'),
      day: l10n.t('Day'),
    })[g],
  filterTitle: () => l10n.t('Filter the logs'),
  filterText: () => l10n.t('Text in the question, answer or reason'),
  filterDates: () => l10n.t('Date range'),
  filterRated: () => l10n.t('Rated or not'),
  any: () => l10n.t('Any'),
  clearAll: () => l10n.t('Clear all filters'),
  textPrompt: () => l10n.t('Text to look for (empty: any)'),
  fromPrompt: () => l10n.t('First day, YYYY-MM-DD (empty: no limit)'),
  toPrompt: () => l10n.t('Last day, YYYY-MM-DD (empty: no limit)'),
  badDate: () => l10n.t('Enter a date as YYYY-MM-DD.'),
  noCorrection: () => l10n.t('This log has no correction.'),
  copied: () => l10n.t('Copied to the clipboard.'),
  statusSet: (n: number, status: string) =>
    n === 1 ? l10n.t('1 log marked {0}.', status) : l10n.t('{0} logs marked {1}.', n, status),
  onlyRated: () => l10n.t('Only rated logs can be marked verified; rate the others first.'),
};

export function logsLabels(): LogsLabels {
  const s = LogsStrings;
  return {
    evaluation: { 1: s.good(), 2: s.insufficient(), 3: s.wrong() },
    priority: { 1: s.high(), 2: s.medium(), 3: s.low() },
    status: { 1: s.unprocessed(), 2: s.trained(), 3: s.verified() },
    noPriority: s.noPriority(),
    unrated: s.unrated(),
    rated: s.rated(),
    version: s.version,
    question: s.question(),
    answer: s.answer(),
    correction: s.correction(),
    reason: s.reason(),
    loadMore: s.loadMore(),
    logCount: s.logCount,
    counting: s.counting(),
  };
}
