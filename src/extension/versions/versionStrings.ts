// Every user-visible string of registering a model version, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const VersionStrings = {
  title: () => l10n.t('Register Model Version'),
  fromPlaceholder: () => l10n.t('The model it was trained from (a base model or an earlier version)'),
  adapterOpen: () => l10n.t('Use This Adapter Folder'),
  adapterTitle: () => l10n.t('The adapter folder (adapters.safetensors and adapter_config.json)'),
  dataPlaceholder: () => l10n.t('The export it was trained on links the version to its logs'),
  chooseExport: () => l10n.t('Choose the export folder…'),
  chooseExportDetail: () => l10n.t('The folder Export Training Data wrote (it holds manifest.json)'),
  noExport: () => l10n.t('Not from an export'),
  noExportDetail: () => l10n.t('The version is registered without the logs that trained it'),
  exportOpen: () => l10n.t('Use This Export Folder'),
  registerAnyway: () => l10n.t('Register Anyway'),
  descriptionPrompt: (base: string, version: number, adapter: string) =>
    l10n.t('{0} v{1} · {2} — a note on this version (optional)', base, version, adapter),
  trainedAtPrompt: () => l10n.t('When it was trained (ISO-8601; the adapter file’s time by default)'),
  badTime: () => l10n.t('Enter a time such as 2026-12-05T10:00:00Z.'),
  registered: (base: string, version: number, from: string) =>
    l10n.t('Registered {0} v{1}, trained from {2}. It is now the selected model.', base, version, from),
  registeredOn: (base: string, version: number, from: string, logs: number) =>
    l10n.t(
      'Registered {0} v{1}, trained from {2} on {3} logs. It is now the selected model.',
      base,
      version,
      from,
      logs,
    ),
  retestGate: () => l10n.t('Re-test Gate'),
  noModels: () => l10n.t('Register a base model first: a version is trained from a model.'),
};
