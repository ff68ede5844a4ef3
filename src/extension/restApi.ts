// The REST API inside the editor: started when enabled (setting or command) against this window's
// database and model server, shown in the status bar, stopped when disabled or on deactivate.
import * as vscode from 'vscode';
import type { ApiServer } from '../core/api/server';
import type { Config } from './config';
import { loadCore } from './core';
import type { DatabaseService } from './database';
import { Strings } from './localize';
import type { Logger } from './logging';
import type { ModelServerController } from './modelServer/controller';

export class RestApiController implements vscode.Disposable {
  private server: ApiServer | undefined;
  private starting: Promise<ApiServer | undefined> | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly config: Config,
    private readonly database: DatabaseService,
    private readonly models: ModelServerController,
    private readonly log: Logger,
  ) {
    this.status = vscode.window.createStatusBarItem('llamune.restApi', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'Llamune REST API';
    this.status.command = 'llamune.stopApi';
    this.subscription = config.onDidChange((keys) => {
      if (keys.includes('api.enabled')) void (config.settings['api.enabled'] ? this.start() : this.stop());
      else if ((keys.includes('api.host') || keys.includes('api.port')) && this.server) void this.restart();
    });
  }

  /** At activation: serve now if the setting says so (never blocks activation). */
  startIfEnabled(): void {
    if (this.config.settings['api.enabled']) void this.start();
  }

  get url(): string | undefined {
    return this.server?.url;
  }

  start(): Promise<ApiServer | undefined> {
    if (this.server) return Promise.resolve(this.server);
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<ApiServer | undefined> {
    const host = this.config.settings['api.host'];
    const port = this.config.settings['api.port'];
    try {
      const db = await this.database.db();
      const models = await this.models.asker();
      this.server = await loadCore().startApiServer({
        db,
        models,
        host,
        port,
        accessLog: (line) => this.log.info(`API ${line}`),
        errorLog: (error) =>
          this.log.error('API request failed', error instanceof Error ? error : new Error(String(error))),
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message =
        code === 'EADDRINUSE'
          ? Strings.apiPortInUse(host, port)
          : Strings.apiFailed((error as Error).message);
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
    this.log.info(`REST API listening at ${this.server.url}`);
    this.status.text = `$(globe) API :${this.server.port}`;
    this.status.tooltip = Strings.apiRunning(this.server.url);
    this.status.show();
    void vscode.window.showInformationMessage(Strings.apiStarted(this.server.url));
    return this.server;
  }

  async stop(): Promise<void> {
    await this.starting;
    const server = this.server;
    this.server = undefined;
    this.status.hide();
    if (server) {
      await server.close();
      this.log.info('REST API stopped');
    }
  }

  private async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await this.stop();
    this.status.dispose();
  }
}
