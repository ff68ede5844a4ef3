// Every user-visible string of the extension host, through vscode.l10n (Japanese in l10n/).
import { l10n } from 'vscode';

export const Strings = {
  // database
  openingDatabase: () => l10n.t('Llamune: opening the database…'),
  settingUpDatabase: () => l10n.t('Setting up the local database…'),
  connectingDatabase: () => l10n.t('Connecting to the database…'),
  usuallyTakes: (seconds: number) => l10n.t('usually about {0} s', seconds),
  databaseFailedItem: () => l10n.t('The database could not be opened'),
  databaseFailed: (detail: string) => l10n.t('Llamune could not open its database: {0}', detail),
  embeddedInUse: () =>
    l10n.t(
      'The embedded database is in use by another process that does not answer. Close the other VS Code window or the llamune-poc process, then retry.',
    ),
  configureDatabase: () => l10n.t('Configure Database'),
  openSettings: () => l10n.t('Open Settings'),
  retry: () => l10n.t('Retry'),
  showLog: () => l10n.t('Show Log'),
  settingInvalid: (key: string, message: string) =>
    l10n.t('The setting llamune.{0} is invalid ({1}); its default is used.', key, message),
  // database configuration
  dbChooseTitle: () => l10n.t('Where should Llamune keep its data?'),
  dbEmbedded: () => l10n.t('Embedded database (PGlite, on this machine)'),
  dbEmbeddedDetail: () => l10n.t('Nothing to install; data stays in VS Code’s storage for this extension.'),
  dbPostgres: () => l10n.t('PostgreSQL server'),
  dbPostgresDetail: () => l10n.t('Shared with llamune_learning and your team.'),
  dbUrlPrompt: () => l10n.t('PostgreSQL connection string, without the password'),
  dbUrlPlaceholder: () => 'postgres://user@host:5432/llamune',
  dbUrlInvalid: () => l10n.t('Enter a URL that starts with postgres:// or postgresql://'),
  dbUrlHasPassword: () => l10n.t('Leave the password out: it is asked next and kept in the OS keychain.'),
  dbPasswordPrompt: () => l10n.t('Password for this PostgreSQL user (empty: none). Kept in the OS keychain.'),
  dbSaved: (where: string) => l10n.t('Llamune now uses {0}.', where),
  // PoCs and models
  pocNamePrompt: () => l10n.t('PoC name'),
  pocNamePlaceholder: () => l10n.t('e.g. Accounting system PoC'),
  pocDomainPrompt: () => l10n.t('Business domain'),
  pocDomainPlaceholder: () => l10n.t('e.g. accounting, legal'),
  pocPromptPrompt: () => l10n.t('Default system prompt for new sessions (optional)'),
  pocCreated: (name: string) => l10n.t('PoC "{0}" created.', name),
  required: () => l10n.t('Required.'),
  tooLong: (max: number) => l10n.t('At most {0} characters.', max),
  modelNamePrompt: () =>
    l10n.t('Model: a Hugging Face id or local path (MLX), an Ollama tag, or your server’s model name'),
  modelNamePlaceholder: () => 'mlx-community/Qwen2.5-7B-Instruct-4bit',
  modelBasePrompt: () => l10n.t('Base model name (optional; fine-tuned versions share it)'),
  modelProviderTitle: () => l10n.t('Which model server serves it?'),
  modelProviderDefault: () => l10n.t('The default (setting llamune.modelServer.provider)'),
  modelAdapterPrompt: () => l10n.t('LoRA adapter directory (optional)'),
  modelRegistered: (name: string, version: number) =>
    l10n.t('Model "{0}" version {1} registered.', name, version),
  selectPoc: () => l10n.t('Select a PoC'),
  selectModel: () => l10n.t('Select a model'),
  noPocs: () => l10n.t('Create a PoC first.'),
  noModels: () => l10n.t('Register a model first.'),
  createPoc: () => l10n.t('Create PoC'),
  registerModel: () => l10n.t('Register Model'),
  // sessions
  systemPromptPrompt: () => l10n.t('System prompt for this session (kept as a snapshot)'),
  sessionStarted: (poc: string, model: string) => l10n.t('Session started: {0} with {1}.', poc, model),
  sessionEnded: () => l10n.t('Session ended.'),
  noSession: () => l10n.t('No session is open.'),
  // tree
  pocsGroup: () => l10n.t('PoCs'),
  modelsGroup: () => l10n.t('Models'),
  sessionGroup: () => l10n.t('Session'),
  noSessionItem: () => l10n.t('No session — start one'),
  current: () => l10n.t('current'),
  questions: (n: number) => (n === 1 ? l10n.t('1 question') : l10n.t('{0} questions', n)),
  versionLabel: (v: number) => l10n.t('v{0}', v),
  ratingCounts: (c: { good: number; insufficient: number; wrong: number; unrated: number }) =>
    c.good + c.insufficient + c.wrong + c.unrated === 0
      ? ''
      : l10n.t(
          'good {0} · insufficient {1} · wrong {2} · unrated {3}',
          c.good,
          c.insufficient,
          c.wrong,
          c.unrated,
        ),
  trainedOn: (logs: number | null, exportId: number | null) =>
    logs === null
      ? undefined
      : exportId === null
        ? l10n.t('trained on {0} logs', logs)
        : l10n.t('trained on {0} logs (export {1})', logs, exportId),
  trainedAt: (when: string) => l10n.t('trained {0}', when),
  trainedFrom: (model: string) => l10n.t('adapter on {0}', model),
  startedAt: (when: string) => l10n.t('started {0}', when),
  // API key
  apiKeyCreated: (user: string) =>
    l10n.t(
      'A new API key for "{0}" was created and kept in the OS keychain. The previous key no longer works.',
      user,
    ),
  copyKey: () => l10n.t('Copy Key'),
  keyCopied: () => l10n.t('API key copied to the clipboard.'),
  // model server
  mlx: () => l10n.t('MLX'),
  serverStopped: () => l10n.t('stopped'),
  serverStarting: () => l10n.t('starting'),
  serverLoading: () => l10n.t('loading the model'),
  serverReady: () => l10n.t('ready'),
  serverWedged: () => l10n.t('not answering'),
  serverCrashed: (seconds: number) => l10n.t('crashed, restarting in {0} s', seconds),
  serverFailed: () => l10n.t('failed'),
  serverActionsTitle: () => l10n.t('Model server'),
  serverExternal: (provider: string, url: string) => l10n.t('{0} at {1}', provider, url),
  serverFailedMessage: (message: string) => l10n.t('The MLX model server stopped: {0}', message),
  serverCrashedMessage: () => l10n.t('The MLX model server crashed; restarting it.'),
  nonMacPrompt: () =>
    l10n.t(
      'mlx_lm.server runs only on macOS with Apple Silicon. Use Ollama or another OpenAI-compatible server on this machine?',
    ),
  useOllama: () => l10n.t('Use Ollama'),
  useBaseUrl: () => l10n.t('Enter a Server URL'),
  baseUrlPrompt: () => l10n.t('Base URL of an OpenAI-compatible server (llama.cpp, vLLM, LM Studio)'),
  invalidUrl: () => l10n.t('Enter an http:// or https:// URL'),
  startServer: () => l10n.t('Start Model Server'),
  stopServer: () => l10n.t('Stop Model Server'),
  restartServer: () => l10n.t('Restart Model Server'),
  showServerLog: () => l10n.t('Show Model Server Log'),
  // REST API
  apiRunning: (url: string) => l10n.t('REST API at {0}', url),
  apiStarted: (url: string) =>
    l10n.t(
      'The REST API is serving at {0}. Authenticate with the X-API-Key header (Llamune: Create API Key).',
      url,
    ),
  apiStopped: () => l10n.t('The REST API is stopped.'),
  apiPortInUse: (host: string, port: number) =>
    l10n.t(
      'Port {1} on {0} is already in use, so the REST API cannot start. Stop what uses it or change the setting llamune.api.port.',
      host,
      port,
    ),
  apiFailed: (message: string) => l10n.t('The REST API could not start: {0}', message),
  // panel
  panelTitle: () => l10n.t('Llamune Evaluation'),
  fixStartServer: () =>
    l10n.t('Check the model server: run "Llamune: Start Model Server" or "Llamune: Show Model Server Log".'),
  fixTimeout: () =>
    l10n.t(
      'The model did not answer in time. A first load can take minutes; try again, or raise llamune.mlx.firstTokenTimeoutSeconds.',
    ),
  fixServerError: () =>
    l10n.t(
      'The model server reported an error; its own words are above, and more in "Llamune: Show Model Server Log".',
    ),
  fixModelName: () =>
    l10n.t(
      'The model server cannot find or load this model. Check the model row’s name (a Hugging Face id or a local path for MLX, a pulled tag for Ollama): Llamune: Register Model.',
    ),
  fixCrashed: () =>
    l10n.t(
      'The model server stopped and is restarting by itself; ask again once the status bar says it is ready. If it keeps stopping, see "Llamune: Show Model Server Log" (out of memory: try a smaller model).',
    ),
  fixBadResponse: () =>
    l10n.t(
      'The model server sent an answer that could not be read; see "Llamune: Show Model Server Log", then ask again.',
    ),
  fixSettings: () =>
    l10n.t(
      'Set the model server in the settings (llamune.modelServer.provider and llamune.modelServer.baseUrl).',
    ),
  fixNewSession: () => l10n.t('Start a new session to ask again.'),
  linkRefused: (href: string) => l10n.t('Only web links can be opened from an answer: {0}', href),
  ratingNotSavedDatabaseDown: () =>
    l10n.t(
      'Not saved: the database is unavailable right now. Your rating and text are kept here; save again when it is back.',
    ),
  selectionEmpty: () => l10n.t('Select some text to ask about first.'),
  instructionPrompt: () =>
    l10n.t('What should Llamune do with the selection? (optional, e.g. "Explain this")'),
};
