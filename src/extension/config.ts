// The typed facade over `llamune.*` settings: parsed with zod, bad values reported once, changes
// announced with the keys that changed (applied without reloading the window).
import * as vscode from 'vscode';
import { Strings } from './localize';
import type { Logger } from './logging';
import { changedKeys, parseSettings, type SettingKey, type Settings } from './settings';

export class Config implements vscode.Disposable {
  private current: Settings;
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<SettingKey[]>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Logger) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('llamune')) return;
      const next = this.read();
      const keys = changedKeys(this.current, next);
      this.current = next;
      if (keys.length === 0) return;
      // Key names only: a value may be a connection string.
      this.log.info(`Settings changed: ${keys.join(', ')}`);
      this.changed.fire(keys);
    });
  }

  get settings(): Settings {
    return this.current;
  }

  async update<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    await vscode.workspace.getConfiguration('llamune').update(key, value, vscode.ConfigurationTarget.Global);
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration('llamune');
    const { settings, problems } = parseSettings((key) => config.get(key));
    for (const problem of problems) {
      const message = Strings.settingInvalid(problem.key, problem.message);
      if (this.reported.has(message)) continue;
      this.reported.add(message);
      this.log.warn(message);
      void vscode.window.showWarningMessage(message, Strings.openSettings()).then((choice) => {
        if (choice)
          void vscode.commands.executeCommand('workbench.action.openSettings', `llamune.${problem.key}`);
      });
    }
    return settings;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
