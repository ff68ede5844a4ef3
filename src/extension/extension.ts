// Activation only wires the editor layer to the core: nothing is opened or started here (the database
// opens on first use), so activation stays cheap. Its own time is written to the log.
import * as vscode from 'vscode';
import { registerAbTestCommands } from './abtest/abTestCommands';
import { registerApiKeyCommands } from './commands/apiKey';
import type { CommandContext } from './commands/context';
import { registerDatabaseCommands } from './commands/database';
import { registerExportCommands } from './commands/exportData';
import { registerLogsCommands } from './commands/logs';
import { registerModelServerCommands } from './commands/modelServer';
import { registerModelCommands } from './commands/models';
import { registerPanelCommands } from './commands/panel';
import { registerPocCommands } from './commands/pocs';
import { registerVersionCommands } from './commands/registerVersion';
import { registerRetestCommands } from './commands/retest';
import { registerReviewCommands } from './commands/review';
import { registerSessionCommands } from './commands/sessions';
import { registerTrainingCommands } from './commands/trainAdapter';
import { Config } from './config';
import { loadCore } from './core';
import { DatabaseService } from './database';
import { Strings } from './localize';
import { createLogger } from './logging';
import { ModelServerController } from './modelServer/controller';
import { EvaluationPanel } from './panel/panelHost';
import { RestApiController } from './restApi';
import { ReviewTreeData } from './review/reviewTreeData';
import { Secrets } from './secrets';
import { Selection } from './selection';
import { TrainingController } from './training/trainingController';
import { EvaluateTreeProvider } from './views/evaluateTree';
import { LogsTreeProvider } from './views/logsTree';

/** Things whose shutdown is asynchronous (database pools, processes): awaited in deactivate, last first. */
const asyncCleanups: (() => Promise<void>)[] = [];

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLogger();
  context.subscriptions.push(log);
  try {
    const config = new Config(log);
    const secrets = new Secrets(context.secrets);
    const selection = new Selection(context);
    const database = new DatabaseService(context, config, secrets, log);
    asyncCleanups.push(() => database.dispose());
    const modelServer = new ModelServerController(config, context.globalState, log);
    const restApi = new RestApiController(config, database, modelServer, log);
    // Stopped in reverse order: the API before the model server and the database it uses.
    asyncCleanups.push(
      () => modelServer.dispose(),
      () => restApi.dispose(),
    );
    const ctx: CommandContext = { config, database, selection, secrets, log };
    const training = new TrainingController(ctx, context.extensionUri);

    const panel = new EvaluationPanel(ctx, modelServer, context.extensionUri);
    const evaluate = new EvaluateTreeProvider(database, selection);
    const evaluateView = vscode.window.createTreeView('llamune.evaluate', {
      treeDataProvider: evaluate,
      showCollapseAll: false,
    });
    const reviewNodes = new ReviewTreeData({
      db: () => database.db(),
      user: () => database.user(),
      core: () => loadCore(),
      log,
    });
    const logs = new LogsTreeProvider(database, context.workspaceState, reviewNodes);
    const logsView = vscode.window.createTreeView('llamune.logs', {
      treeDataProvider: logs,
      showCollapseAll: true,
      canSelectMany: true,
    });

    context.subscriptions.push(
      config,
      selection,
      evaluate,
      evaluateView,
      ...registerPocCommands(ctx),
      ...registerModelCommands(ctx),
      ...registerVersionCommands(ctx),
      training,
      ...registerTrainingCommands(ctx, training),
      ...registerSessionCommands(ctx),
      ...registerDatabaseCommands(ctx),
      ...registerApiKeyCommands(ctx),
      panel,
      ...registerPanelCommands(ctx, panel),
      logs,
      logsView,
      ...registerLogsCommands(ctx, logs, logsView, panel),
      ...registerExportCommands(ctx, logs, panel),
      ...registerRetestCommands(ctx, modelServer, panel, logsView),
      ...registerAbTestCommands(ctx, modelServer, logsView, context.extensionUri),
      ...registerReviewCommands(ctx, { modelServer, logsView, extensionUri: context.extensionUri }),
      ...registerModelServerCommands(modelServer, log),
      vscode.commands.registerCommand('llamune.startApi', async () => {
        if (!config.settings['api.enabled']) await config.update('api.enabled', true);
        else await restApi.start();
      }),
      vscode.commands.registerCommand('llamune.stopApi', async () => {
        if (config.settings['api.enabled']) await config.update('api.enabled', false);
        else await restApi.stop();
        void vscode.window.showInformationMessage(Strings.apiStopped());
      }),
      vscode.commands.registerCommand('llamune.refresh', () => evaluate.refresh()),
    );
    modelServer.autoStart();
    restApi.startIfEnabled();
    log.info(`Llamune activated in ${(performance.now() - started).toFixed(1)} ms`);
  } catch (error) {
    log.error('Activation failed', error instanceof Error ? error : new Error(String(error)));
    void vscode.window.showErrorMessage(
      `Llamune could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function deactivate(): Promise<void> {
  for (const cleanup of asyncCleanups.splice(0).reverse()) {
    await cleanup().catch(() => {});
  }
}
