// Every user-visible string of re-testing in the editor, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const RetestStrings = {
  title: () => l10n.t('Re-test'),
  gateTitle: () => l10n.t('Re-test Gate'),
  targetPlaceholder: () => l10n.t('The version to ask the questions again'),
  pocPlaceholder: () => l10n.t('The PoC whose rated logs the gate re-asks'),
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
};
