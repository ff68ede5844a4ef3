// Every user-visible string of the export command, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const ExportStrings = {
  title: () => l10n.t('Export Training Data'),
  settingsHint: () => l10n.t('Enter: preview the export · pick a line to change it'),
  preview: () => l10n.t('Preview…'),
  previewDetail: () =>
    l10n.t('Reads the logs and writes nothing yet: counts, skipped logs and sample lines first.'),
  pocs: () => l10n.t('PoCs'),
  evaluation: () => l10n.t('Evaluation'),
  status: () => l10n.t('Status'),
  priority: () => l10n.t('Priority'),
  dates: () => l10n.t('Date range'),
  formats: () => l10n.t('Formats'),
  split: () => l10n.t('Split and seed'),
  maxTokens: () => l10n.t('Longest example (estimated tokens)'),
  folder: () => l10n.t('Output folder'),
  all: () => l10n.t('All'),
  anyTime: () => l10n.t('Any time'),
  seed: (seed: number) => l10n.t('seed {0}', seed),
  splitPrompt: () => l10n.t('Shares of train / valid / test, adding up to 1'),
  seedPrompt: () => l10n.t('Split seed (a whole number): the same seed puts the same logs in the same files'),
  maxTokensPrompt: () => l10n.t('Skip examples estimated longer than this many tokens'),
  folderPrompt: () => l10n.t('Folder to write the files to (absolute path; created when missing)'),
  absolutePath: () => l10n.t('Enter an absolute path.'),
  wholeNumber: () => l10n.t('Enter a whole number.'),
  badSplit: (reason: string) => l10n.t('Give {0}.', reason),
  fromPrompt: () => l10n.t('First day, YYYY-MM-DD (empty: no limit)'),
  toPrompt: () => l10n.t('Last day, YYYY-MM-DD (empty: no limit)'),
  badDate: () => l10n.t('Enter a date as YYYY-MM-DD.'),
  ignored: (what: string) =>
    l10n.t('The export cannot filter on {0}; it exports every matching rated log of the PoC instead.', what),
  noPocs: () => l10n.t('There is no PoC to export yet: create one and rate some answers first.'),
  folderNotEmpty: (folder: string) =>
    l10n.t('{0} already holds files. Replace them with this export?', folder),
  replace: () => l10n.t('Replace'),
  reading: () => l10n.t('Reading the rated logs…'),
  previewTitle: (exported: number, total: number) =>
    l10n.t('Export preview: {0} of {1} rated logs go to training', exported, total),
  write: () => l10n.t('Write files'),
  writeAndMark: () => l10n.t('Write files and mark the exported logs trained (status 2)'),
  files: () => l10n.t('Files'),
  lines: (n: number) => (n === 1 ? l10n.t('1 line') : l10n.t('{0} lines', n)),
  ratings: () => l10n.t('Ratings'),
  skipped: (n: number) => l10n.t('Skipped ({0}) — select one to open it in the panel', n),
  conflicts: (n: number) => l10n.t('Conflicting targets ({0}) — select one to open its first log', n),
  more: (n: number) => l10n.t('… and {0} more, listed in manifest.json', n),
  abPairs: (n: number) =>
    l10n.t('dpo/*.jsonl also holds {0} decided blind A/B pairs (chosen = the winner).', n),
  heldOut: (n: number) =>
    n === 1
      ? l10n.t('1 log keeps the split an earlier export gave it (test stays test)')
      : l10n.t('{0} logs keep the split an earlier export gave them (test stays test)', n),
  reason: (reason: string) =>
    ({
      no_correction: l10n.t('rated 2 / 3 without a correct answer'),
      empty: l10n.t('empty question or target'),
      too_long: l10n.t('too long'),
      duplicate: l10n.t('duplicate'),
      conflict: l10n.t('conflicting targets'),
    })[reason] ?? reason,
  cancelled: () => l10n.t('The export was cancelled: nothing was written or marked.'),
  written: (files: number, folder: string) => l10n.t('Wrote {0} files to {1}.', files, folder),
  marked: (n: number) =>
    n === 1 ? l10n.t('1 log marked trained (status 2).') : l10n.t('{0} logs marked trained (status 2).', n),
  changed: (n: number) =>
    l10n.t('{0} exported logs changed after the preview and were left as they were.', n),
  reveal: () => l10n.t('Reveal in Explorer'),
  openManifest: () => l10n.t('Open manifest.json'),
};
