// Commands: Start / Stop / Restart Model Server, Show Model Server Log, and the status bar's menu.
import * as vscode from 'vscode';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { Logger } from '../logging';
import type { ModelServerController } from '../modelServer/controller';

export function registerModelServerCommands(server: ModelServerController, log: Logger): vscode.Disposable[] {
  const start = guarded(log, 'Start Model Server', () => server.start());
  const stop = guarded(log, 'Stop Model Server', () => server.stop());
  const restart = guarded(log, 'Restart Model Server', () => server.restart());
  const showLog = () => server.showLog();
  return [
    vscode.commands.registerCommand('llamune.startModelServer', start),
    vscode.commands.registerCommand('llamune.stopModelServer', stop),
    vscode.commands.registerCommand('llamune.restartModelServer', restart),
    vscode.commands.registerCommand('llamune.showModelServerLog', showLog),
    vscode.commands.registerCommand('llamune.modelServerActions', async () => {
      const actions = [
        { label: `$(debug-start) ${Strings.startServer()}`, run: start },
        { label: `$(debug-stop) ${Strings.stopServer()}`, run: stop },
        { label: `$(debug-restart) ${Strings.restartServer()}`, run: restart },
        { label: `$(output) ${Strings.showServerLog()}`, run: async () => showLog() },
      ];
      const picked = await vscode.window.showQuickPick(actions, { title: Strings.serverActionsTitle() });
      await picked?.run();
    }),
  ];
}
