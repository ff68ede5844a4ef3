// The model server inside the editor: the MLX supervisor (started on first need, or at startup when
// auto-start is on), its output in a LogOutputChannel, its state in the status bar, restarted with new
// settings, stopped on deactivate. Also hands out the ModelAsker that routes each model row.
import * as vscode from 'vscode';
import type { ModelAsker } from '../../core/api/deps';
import type { MlxSupervisor } from '../../core/supervisor/mlxSupervisor';
import type { SupervisorState } from '../../core/supervisor/options';
import type { Config } from '../config';
import { loadCore } from '../core';
import { Strings } from '../localize';
import type { Logger } from '../logging';
import { defaultBaseUrl, shouldAutoStartMlx } from '../settings';
import { mlxStatusView, restartEventFor, type ServerRestartEvent } from './statusText';

const ON_APPLE_SILICON = process.platform === 'darwin' && process.arch === 'arm64';

const TOOLTIP_COMMANDS = [
  'llamune.showModelServerLog',
  'llamune.startModelServer',
  'llamune.restartModelServer',
  'llamune.stopModelServer',
];

/** The state's lines (escaped: they hold the server's own output) and the actions as command links. */
function statusTooltip(lines: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
  for (const line of lines.split('\n')) tooltip.appendText(line).appendMarkdown('  \n');
  const [showLog, start, restart, stop] = TOOLTIP_COMMANDS;
  tooltip.appendMarkdown(
    `\n[$(output) ${Strings.showServerLog()}](command:${showLog}) · [$(debug-start) ${Strings.startServer()}](command:${start}) · [$(debug-restart) ${Strings.restartServer()}](command:${restart}) · [$(debug-stop) ${Strings.stopServer()}](command:${stop})`,
  );
  return tooltip;
}

export class ModelServerController implements vscode.Disposable {
  private supervisor: MlxSupervisor | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly output: vscode.LogOutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastStateName: SupervisorState['name'] = 'stopped';
  private readonly restartEvents = new vscode.EventEmitter<ServerRestartEvent>();
  /** The supervised server stopped on its own and is restarting, is back, or gave up (for the panel). */
  readonly onDidRestartEvent = this.restartEvents.event;

  constructor(
    private readonly config: Config,
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.output = vscode.window.createOutputChannel('Llamune Model Server', { log: true });
    this.status = vscode.window.createStatusBarItem(
      'llamune.modelServer',
      vscode.StatusBarAlignment.Left,
      50,
    );
    this.status.name = Strings.serverActionsTitle();
    // A click opens the server's log; start, stop and restart are links in the tooltip.
    this.status.command = 'llamune.showModelServerLog';
    this.subscriptions.push(
      this.output,
      this.status,
      this.restartEvents,
      config.onDidChange((keys) => {
        if (keys.some((k) => k.startsWith('mlx.') || k.startsWith('modelServer.'))) void this.applySettings();
      }),
    );
    this.render();
  }

  /** At activation: start MLX now when auto-start says so (never blocks activation). */
  autoStart(): void {
    if (shouldAutoStartMlx(this.config.settings, process.platform, process.arch)) {
      void this.start().catch((error) => this.log.error('Auto-start of the MLX server failed', error));
    }
  }

  /** What answers questions, per the settings and each model row's provider. */
  async asker(): Promise<ModelAsker> {
    const settings = this.config.settings;
    const provider = settings['modelServer.provider'];
    if (provider === 'mlx') await this.offerAlternativeOffMac();
    const current = this.config.settings['modelServer.provider'];
    const { createModelAsker } = loadCore();
    if (current === 'mlx') {
      return createModelAsker({
        provider: 'openai',
        supervisor: this.ensureSupervisor(),
        timeouts: this.timeouts(),
        generation: this.generation(),
      });
    }
    return createModelAsker({
      provider: current,
      baseUrl: this.config.settings['modelServer.baseUrl'] || defaultBaseUrl(current),
      timeouts: this.timeouts(),
      generation: this.generation(),
    });
  }

  async start(): Promise<void> {
    await this.ensureSupervisor().start();
  }

  async stop(): Promise<void> {
    await this.supervisor?.stop();
  }

  async restart(): Promise<void> {
    await this.ensureSupervisor().restart();
  }

  showLog(): void {
    this.output.show(true);
  }

  get state(): SupervisorState | undefined {
    return this.supervisor?.state;
  }

  private timeouts() {
    return { firstTokenMs: this.config.settings['mlx.firstTokenTimeoutSeconds'] * 1000 };
  }

  /** Read per question, so a changed setting applies to the next one without a reload. */
  private generation() {
    const settings = this.config.settings;
    return { maxTokens: settings['generation.maxTokens'], temperature: settings['generation.temperature'] };
  }

  private ensureSupervisor(): MlxSupervisor {
    if (this.supervisor) return this.supervisor;
    const settings = this.config.settings;
    const { createMlxSupervisor } = loadCore();
    const supervisor = createMlxSupervisor({
      command: settings['mlx.command'] === 'mlx_lm.server' ? undefined : settings['mlx.command'],
      args: settings['mlx.args'],
      port: settings['mlx.port'],
      readinessTimeoutMs: settings['mlx.readyTimeoutSeconds'] * 1000,
      firstTokenTimeoutMs: settings['mlx.firstTokenTimeoutSeconds'] * 1000,
      onLine: (line) =>
        line.stream === 'stderr' ? this.output.warn(line.text) : this.output.info(line.text),
    });
    this.unsubscribe = supervisor.onStateChange((state) => this.onState(state));
    this.supervisor = supervisor;
    return supervisor;
  }

  private onState(state: SupervisorState): void {
    this.log.info(
      `Model server: ${state.name}${state.port ? ` on port ${state.port}` : ''}${state.message ? ` — ${state.message}` : ''}`,
    );
    if (state.name === 'failed' && this.lastStateName !== 'failed') {
      void vscode.window
        .showErrorMessage(Strings.serverFailedMessage(state.message ?? ''), Strings.showLog())
        .then((choice) => choice && this.showLog());
    }
    const event = restartEventFor(this.lastStateName, state);
    if (event) this.restartEvents.fire(event);
    this.lastStateName = state.name;
    this.render();
  }

  private render(): void {
    const provider = this.config.settings['modelServer.provider'];
    if (provider !== 'mlx') {
      const url = this.config.settings['modelServer.baseUrl'] || defaultBaseUrl(provider);
      this.status.text = `$(server) ${provider === 'ollama' ? 'Ollama' : 'OpenAI'}`;
      this.status.tooltip = Strings.serverExternal(
        provider === 'ollama' ? 'Ollama' : 'OpenAI-compatible',
        url,
      );
      this.status.backgroundColor = undefined;
      this.status.show();
      return;
    }
    const state = this.supervisor?.state ?? {
      name: 'stopped' as const,
      adopted: false,
      lastStderr: [],
      crashes: 0,
    };
    const view = mlxStatusView(state, {
      mlx: Strings.mlx(),
      stopped: Strings.serverStopped(),
      starting: Strings.serverStarting(),
      loading: Strings.serverLoading(),
      ready: Strings.serverReady(),
      wedged: Strings.serverWedged(),
      crashed: Strings.serverCrashed,
      failed: Strings.serverFailed(),
    });
    this.status.text = view.text;
    this.status.tooltip = statusTooltip(view.tooltip);
    this.status.accessibilityInformation = { label: view.accessibilityLabel };
    this.status.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.status.show();
  }

  /** New command, arguments or port: a running server is restarted with them. */
  private async applySettings(): Promise<void> {
    const previous = this.supervisor;
    const wasRunning = previous && previous.state.name !== 'stopped' && previous.state.name !== 'failed';
    if (previous) {
      this.unsubscribe?.();
      this.supervisor = undefined;
      await previous.stop();
    }
    this.render();
    if (wasRunning && this.config.settings['modelServer.provider'] === 'mlx')
      await this.start().catch(() => {});
  }

  /** Off Apple Silicon, MLX cannot run: offer Ollama or a base URL, once. */
  private async offerAlternativeOffMac(): Promise<void> {
    if (ON_APPLE_SILICON || this.config.settings['mlx.command'] !== 'mlx_lm.server') return;
    if (this.memento.get<boolean>('llamune.offeredAlternativeToMlx')) return;
    await this.memento.update('llamune.offeredAlternativeToMlx', true);
    const choice = await vscode.window.showWarningMessage(
      Strings.nonMacPrompt(),
      { modal: false },
      Strings.useOllama(),
      Strings.useBaseUrl(),
    );
    if (choice === Strings.useOllama()) {
      await this.config.update('modelServer.provider', 'ollama');
    } else if (choice === Strings.useBaseUrl()) {
      const url = await vscode.window.showInputBox({
        prompt: Strings.baseUrlPrompt(),
        value: 'http://127.0.0.1:8080',
        validateInput: (v) => (/^https?:\/\/[^/]+/.test(v.trim()) ? undefined : Strings.invalidUrl()),
        ignoreFocusOut: true,
      });
      if (url) {
        await this.config.update('modelServer.baseUrl', url.trim());
        await this.config.update('modelServer.provider', 'openai');
      }
    }
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    this.unsubscribe?.();
    const supervisor = this.supervisor;
    this.supervisor = undefined;
    await supervisor?.stop();
  }
}
