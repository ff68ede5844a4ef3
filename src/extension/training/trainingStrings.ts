// Every user-visible string of Train Adapter outside its view, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const TrainingStrings = {
  title: () => l10n.t('Train Adapter'),
  panelTitle: () => l10n.t('Llamune Training'),
  logChannel: () => l10n.t('Llamune Training'),
  fromPlaceholder: () => l10n.t('The model to train from (an earlier version’s adapter is trained further)'),
  dataPlaceholder: () => l10n.t('The training data: an export folder with train.jsonl and valid.jsonl'),
  chooseExport: () => l10n.t('Choose an export folder…'),
  exportFirst: () => l10n.t('Export training data first…'),
  exportFirstDetail: () => l10n.t('Runs Export Training Data, then trains on the folder it writes'),
  useFolder: () => l10n.t('Train on This Folder'),
  notAnExport: (folder: string, missing: string) =>
    l10n.t('No {1} in {0}: choose a folder that Export Training Data wrote.', folder, missing),
  start: () => l10n.t('Start training'),
  startDetail: (base: string, version: number) =>
    l10n.t('Trains the adapter for {0} v{1}; pick a line below to change it', base, version),
  iters: () => l10n.t('Iterations (--iters)'),
  batchSize: () => l10n.t('Batch size (--batch-size)'),
  learningRate: () => l10n.t('Learning rate (--learning-rate)'),
  numLayers: () => l10n.t('LoRA layers (--num-layers, -1 for all)'),
  extraArgs: () => l10n.t('Extra arguments'),
  extraArgsNone: () => l10n.t('none'),
  extraArgsPrompt: () => l10n.t('More mlx_lm.lora arguments, e.g. --grad-checkpoint --mask-prompt'),
  adapterPath: () => l10n.t('Adapter folder (--adapter-path)'),
  absolutePath: () => l10n.t('Enter an absolute path.'),
  adapterExists: (folder: string) => l10n.t('{0} already holds an adapter. Training writes over it.', folder),
  overwrite: () => l10n.t('Overwrite'),
  runTitle: (from: string, base: string, version: number) =>
    l10n.t('Training {0} → {1} v{2}', from, base, version),
  registerAs: (version: number) => l10n.t('Register as version {0}', version),
  busy: () => l10n.t('A training run is in progress. Cancel it before starting another.'),
  show: () => l10n.t('Show'),
  cancel: () => l10n.t('Cancel Training'),
  finished: (iterations: number, loss: string) =>
    l10n.t('Training finished after {0} iterations (train loss {1}).', iterations, loss),
  failed: (message: string) => l10n.t('Training failed: {0}', message),
  showLog: () => l10n.t('Show Log'),
  registeredInView: (base: string, version: number) => l10n.t('Registered as {0} v{1}.', base, version),
};
