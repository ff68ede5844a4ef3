// Every user-visible string of blind A/B tests outside their view, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const AbTestStrings = {
  title: () => l10n.t('Blind A/B Test'),
  panelTitle: () => l10n.t('Llamune A/B Test'),
  firstModel: () => l10n.t('The first model or version to compare'),
  secondModel: () => l10n.t('The second model or version (it answers the same questions)'),
  twoModelsNeeded: () => l10n.t('An A/B test compares two models or versions: register a second one first.'),
  sourcePlaceholder: () => l10n.t('Which questions both models answer'),
  sourceSample: () => l10n.t('A random sample of a PoC’s questions'),
  sourceFile: () => l10n.t('Questions from a file…'),
  sourceFileDetail: () => l10n.t('One per line, JSON Lines or CSV with a question column'),
  pocPlaceholder: () => l10n.t('The PoC the questions and answers belong to'),
  samplePrompt: () => l10n.t('How many of the PoC’s questions to compare (picked at random)'),
  sampleInvalid: () => l10n.t('Enter a whole number from 1 to 10000.'),
  openFile: () => l10n.t('Use These Questions'),
  fileProblems: (count: number, first: string) =>
    l10n.t('{0} lines of the file were skipped (first: {1}); the rest are used.', count, first),
  fileProblem: (first: string) => l10n.t('1 line of the file was skipped ({0}); the rest are used.', first),
  noQuestions: (file: string) => l10n.t('The file {0} holds no usable question.', file),
  emptySelection: () => l10n.t('Select the logs to compare in the Logs view (or a PoC or group).'),
  tooMany: (max: number) => l10n.t('Only the newest {0} logs of this group are compared.', max),
  progress: (answered: number, total: number) => l10n.t('{0} of {1} answers', answered, total),
  paused: (reason: string) => l10n.t('The A/B test is paused: {0}', reason),
  resume: () => l10n.t('Resume'),
  openAnyway: () => l10n.t('Vote on What Is Answered'),
  noRuns: () => l10n.t('There is no A/B test yet: run Llamune: Blind A/B Test… first.'),
  runPlaceholder: () => l10n.t('The A/B test to open'),
  runDescription: (status: string, created: string) => l10n.t('{0} · {1}', status, created),
  status: {
    ready: () => l10n.t('not asked yet'),
    running: () => l10n.t('asking'),
    paused: () => l10n.t('paused'),
    done: () => l10n.t('ready to vote'),
  },
};
