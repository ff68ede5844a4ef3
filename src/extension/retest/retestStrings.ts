// Every user-visible string of re-testing in the editor, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const RetestStrings = {
  title: () => l10n.t('Re-test'),
  gateTitle: () => l10n.t('Re-test Gate'),
  targetPlaceholder: () => l10n.t('The version to ask the questions again'),
  pocPlaceholder: () => l10n.t('The PoC whose rated logs the gate re-asks'),
  questionSetPocPlaceholder: () => l10n.t('The PoC the new answers are recorded in'),
  emptySelection: () => l10n.t('Select the logs to re-test in the Logs view (or a PoC or group).'),
  tooMany: (max: number) => l10n.t('Only the newest {0} logs of this group are re-tested.', max),
  progress: (answered: number, total: number) => l10n.t('{0} of {1} asked', answered, total),
  paused: (reason: string) => l10n.t('The re-test is paused: {0}', reason),
  resume: () => l10n.t('Resume'),
  showSummary: () => l10n.t('Show Summary'),
  summaryTitle: (title: string, fixed: number, regressed: number) =>
    l10n.t('{0} — fixed {1}, regressed {2}', title, fixed, regressed),
  flip: {
    fixed: () => l10n.t('Fixed (was insufficient or wrong, now good)'),
    regressed: () => l10n.t('Regressed (was good, now insufficient or wrong)'),
    still_wrong: () => l10n.t('Still insufficient or wrong'),
    still_good: () => l10n.t('Still good'),
    unrated: () => l10n.t('Not rated yet: pick one to rate it in the panel'),
    not_asked: () => l10n.t('Not asked yet'),
  },
  hint: (percent: number) => l10n.t('{0}% like the correction (a hint, not a rating)', percent),
  noRuns: () => l10n.t('No re-test is paused.'),
  resumePlaceholder: () => l10n.t('The re-test to resume'),
  offerGate: () => l10n.t('Re-test Gate'),
  openSideBySide: () => l10n.t('Compare the answers side by side in the panel'),
  anotherRunning: () => l10n.t('Another re-test is running: pause or cancel it first.'),
  targetsPlaceholder: () => l10n.t('The versions to ask the questions again (one run each)'),
  noTarget: () => l10n.t('Choose at least one version to re-test.'),
  noModels: () => l10n.t('No model is registered yet: register one first.'),
  skippedOne: (logId: number, modelId: number) =>
    l10n.t(
      'Log {0} is left out of the re-test: the model of its session (id {1}) no longer exists.',
      logId,
      modelId,
    ),
  skippedMany: (count: number, logIds: string) =>
    l10n.t(
      'Logs left out of the re-test, because the model of their session no longer exists: {0} ({1}).',
      count,
      logIds,
    ),
  openTitle: () => l10n.t('Open Re-test'),
  openPlaceholder: () => l10n.t('The re-test run to show side by side in the panel'),
  noRunsAtAll: () => l10n.t('No re-test has been run yet.'),
  runStatus: {
    ready: () => l10n.t('not started'),
    running: () => l10n.t('running'),
    paused: () => l10n.t('paused'),
    done: () => l10n.t('done'),
    cancelled: () => l10n.t('cancelled'),
  },
  questionSetTitle: () => l10n.t('Re-test a Question Set'),
  questionSetOpen: () => l10n.t('Use These Questions'),
  questionSetFilter: () => l10n.t('Question sets'),
  questionSetEmpty: (file: string) => l10n.t('No question could be read from {0}.', file),
  questionSetProblems: (file: string, count: number, problems: string) =>
    l10n.t('{0}: {1} line(s) skipped — {2}', file, count, problems),
  questionSetProblem: (line: number, message: string) => l10n.t('line {0}: {1}', line, message),
  questionSetContinue: (count: number) => l10n.t('Run the Other {0}', count),
  runsTitle: () => l10n.t('Re-test runs finished'),
  runLine: (fixed: number, regressed: number, unrated: number) =>
    l10n.t('fixed {0}, regressed {1}, not rated {2}', fixed, regressed, unrated),
};
