// Keeps one mlx_lm.server alive for the extension or the CLI: spawn (or adopt), wait until it can
// really answer, publish its state, restart it after crashes and wedges with backoff, give up with the
// server's last words, and stop the whole process group. No vscode here.
import { DomainError, parseInput } from '../errors';
import { type AskOptions, type AskStream, ask } from '../llm/ask';
import { ModelServerError } from '../llm/modelServerError';
import { crashAware } from './crashAwareStream';
import { CrashHistory } from './crashHistory';
import { resolveServerCommand } from './executable';
import {
  type MlxSupervisorOptions,
  type OutputLine,
  type SupervisorSettings,
  type SupervisorState,
  supervisorOptionsSchema,
} from './options';
import { freePort, portInUse } from './ports';
import { type GroupProcess, spawnInGroup } from './processGroup';
import { healthAnswers, waitForHealth, warmUp } from './readiness';
import { readyUrl } from './readyUrl';

const stderrTailLength = 20;
const unsupportedHint =
  'mlx_lm.server runs only on macOS with Apple Silicon and needs `pip install mlx-lm`; elsewhere use Ollama or another OpenAI-compatible server.';

export type SupervisedAskOptions = Omit<AskOptions, 'provider' | 'baseUrl' | 'model' | 'adapterPath'> & {
  /** Defaults to the supervisor's model (and then its adapter). */
  model?: string;
  adapterPath?: string;
};

export class MlxSupervisor {
  private readonly settings: SupervisorSettings;
  private current: SupervisorState = { name: 'stopped', adopted: false, lastStderr: [], crashes: 0 };
  private readonly listeners = new Set<(state: SupervisorState) => void>();
  private readonly crashHistory: CrashHistory;
  private process: GroupProcess | undefined;
  private launchController: AbortController | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stderrTail: string[] = [];
  private wantRunning = false;
  private everReady = false;
  private launching: Promise<void> | undefined;

  constructor(
    options: MlxSupervisorOptions,
    private readonly onLine: (line: OutputLine) => void = options.onLine ?? (() => {}),
  ) {
    this.settings = parseInput(supervisorOptionsSchema, options);
    this.crashHistory = new CrashHistory(this.settings);
  }

  get state(): SupervisorState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: SupervisorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts (or adopts) the server; resolves when this attempt is ready, failed or crashed. */
  start(): Promise<void> {
    if (this.wantRunning && this.current.name !== 'failed' && this.current.name !== 'stopped') {
      return this.launching ?? Promise.resolve();
    }
    this.wantRunning = true;
    this.everReady = false;
    this.crashHistory.reset();
    this.launching = this.launch();
    return this.launching;
  }

  /** SIGTERM to the server's process group, SIGKILL after the grace period; an adopted server is left running. */
  async stop(): Promise<void> {
    this.wantRunning = false;
    clearTimeout(this.restartTimer);
    this.launchController?.abort();
    const process = this.process;
    this.process = undefined;
    if (process) await process.stop(this.settings.stopGraceMs);
    this.setState({
      name: 'stopped',
      pid: undefined,
      baseUrl: undefined,
      restartInMs: undefined,
      message: undefined,
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The base URL of a ready server, starting it when stopped; rejects when it failed or was stopped. */
  ensureReady(signal?: AbortSignal): Promise<string> {
    if (this.current.name === 'stopped') void this.start();
    return readyUrl(this.current, (listener) => this.onStateChange(listener), signal);
  }

  /**
   * Asks through the supervised server. A missing first token while the server holds the model means
   * it is wedged (mlx-lm #1672) and gets restarted; asking for another model allows its load time.
   */
  async ask(options: SupervisedAskOptions): Promise<AskStream> {
    const baseUrl = await this.ensureReady(options.signal);
    const model = options.model ?? this.settings.model;
    if (model === undefined) {
      throw new DomainError(
        'invalid',
        'No model was given and the MLX server was started without one.',
        'no_model',
      );
    }
    const adapterPath =
      options.model === undefined ? (options.adapterPath ?? this.settings.adapterPath) : options.adapterPath;
    const holds = this.current.model === model && this.current.adapterPath === adapterPath;
    const asked = this.process;
    const raw = ask({
      ...options,
      provider: 'openai',
      baseUrl,
      model,
      adapterPath,
      timeouts: {
        firstTokenMs: holds ? this.settings.firstTokenTimeoutMs : this.settings.readinessTimeoutMs,
        ...options.timeouts,
      },
    });
    const stream = crashAware(raw, asked?.exited);
    stream.result.then(
      () => {
        if (!holds && this.current.baseUrl === baseUrl) this.setState({ model, adapterPath });
      },
      (error: unknown) => {
        if (!(error instanceof ModelServerError) || this.current.baseUrl !== baseUrl) return;
        if (error.reason === 'timeout' && error.timeout === 'first_token')
          void this.reportFirstTokenTimeout();
        else if (error.reason === 'unreachable' && this.current.adopted) {
          this.scheduleRestart('The adopted MLX server stopped answering.', 'crashed');
        }
      },
    );
    return stream;
  }

  /** For callers of ask() itself: a request got no first token from this server in time. */
  async reportFirstTokenTimeout(): Promise<void> {
    const process = this.process;
    const baseUrl = this.current.baseUrl;
    if (this.current.name !== 'ready' || !process || !baseUrl) return;
    const live = await healthAnswers(baseUrl);
    if (this.process !== process) return;
    this.process = undefined;
    const message = live
      ? `The MLX server answers /health but produced no token within ${Math.round(this.settings.firstTokenTimeoutMs / 1000)} s (its generation has stopped).`
      : 'The MLX server stopped answering.';
    this.setState({ name: 'wedged', message });
    await process.stop(this.settings.stopGraceMs);
    if (this.wantRunning) this.scheduleRestart(message, 'wedged');
  }

  private async launch(): Promise<void> {
    clearTimeout(this.restartTimer);
    const controller = new AbortController();
    this.launchController = controller;
    const { settings } = this;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(settings.readinessTimeoutMs)]);
    this.stderrTail = [];
    this.setState({
      name: 'starting',
      adopted: false,
      model: settings.model,
      adapterPath: settings.adapterPath,
      pid: undefined,
      port: undefined,
      baseUrl: undefined,
      message: undefined,
      restartInMs: undefined,
      lastStderr: [],
    });
    try {
      if (settings.port !== 0) {
        const baseUrl = this.urlFor(settings.port);
        if (await healthAnswers(baseUrl, 1_000, signal)) return await this.adopt(baseUrl, signal);
        if (await portInUse(settings.host, settings.port)) {
          return this.fail(
            `Port ${settings.port} on ${settings.host} is in use by a program that is not an MLX server. Stop that program or choose another port (0 = any free port).`,
          );
        }
      }
      const env = { ...process.env, PYTHONUNBUFFERED: '1', ...settings.env };
      const lookup = await resolveServerCommand(settings.command, env, settings.cwd ?? process.cwd());
      if (!lookup.found) return this.fail(lookup.message);
      const port = settings.port || (await freePort(settings.host));
      signal.throwIfAborted();
      const spawned = await spawnInGroup(lookup.command, [...lookup.args, ...this.serverArgs(port)], {
        env,
        cwd: settings.cwd,
        onLine: (line) => this.line(line),
      });
      this.process = spawned;
      void spawned.exited.then((exit) => this.onExit(spawned, exit));
      if (controller.signal.aborted) {
        this.process = undefined;
        return await spawned.stop(settings.stopGraceMs);
      }
      const baseUrl = this.urlFor(port);
      this.setState({ pid: spawned.pid, port, baseUrl });
      await waitForHealth(baseUrl, settings.healthIntervalMs, signal);
      this.setState({ name: 'loading', message: settings.model ? `Loading ${settings.model}…` : undefined });
      if (settings.model) await warmUp(baseUrl, settings.model, settings.adapterPath, signal);
      this.everReady = true;
      this.setState({ name: 'ready', message: undefined });
    } catch (error) {
      if (controller.signal.aborted) return; // stopped, or the process exited (onExit reports it)
      const stage = this.current.name;
      const reason = signal.aborted
        ? `The MLX server was not ready within ${Math.round(settings.readinessTimeoutMs / 1000)} s (still ${stage}).`
        : `The MLX server could not ${stage === 'loading' ? `load ${settings.model}` : 'start'}: ${(error as Error).message}`;
      await this.fail(reason);
    }
  }

  private async adopt(baseUrl: string, signal: AbortSignal): Promise<void> {
    const { port, model, adapterPath } = this.settings;
    this.setState({
      name: 'loading',
      adopted: true,
      baseUrl,
      port,
      message: `Using the MLX server already running on port ${port}.`,
    });
    if (model) await warmUp(baseUrl, model, adapterPath, signal);
    this.everReady = true;
    this.setState({ name: 'ready' });
  }

  private onExit(process: GroupProcess, exit: { code: number | null; signal: NodeJS.Signals | null }): void {
    if (this.process !== process) return; // stopped or replaced on purpose
    this.process = undefined;
    this.launchController?.abort();
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
    if (!this.everReady && this.current.name === 'starting') {
      void this.fail(`The MLX server exited at start (${how}) before answering. ${unsupportedHint}`);
      return;
    }
    this.scheduleRestart(`The MLX server exited unexpectedly (${how}).`, 'crashed');
  }

  private scheduleRestart(message: string, name: 'crashed' | 'wedged'): void {
    const delay = this.crashHistory.record(Date.now());
    if (delay === null) {
      const { count, windowMs } = this.settings.crashLimit;
      void this.fail(
        `${message} It failed ${count} times within ${Math.round(windowMs / 1000)} s, so it stays stopped.`,
      );
      return;
    }
    this.setState({
      name,
      pid: undefined,
      message: `${message} Restarting in ${(delay / 1000).toFixed(1)} s.`,
      restartInMs: delay,
      crashes: this.crashHistory.count,
    });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (this.wantRunning) this.launching = this.launch();
    }, delay);
  }

  private async fail(message: string): Promise<void> {
    clearTimeout(this.restartTimer);
    const process = this.process;
    this.process = undefined;
    const tail = this.stderrTail.length > 0 ? `\nLast output:\n${this.stderrTail.join('\n')}` : '';
    this.setState({
      name: 'failed',
      pid: undefined,
      message: `${message}${tail}`,
      restartInMs: undefined,
      crashes: this.crashHistory.count,
    });
    if (process) await process.stop(this.settings.stopGraceMs);
  }

  private serverArgs(port: number): string[] {
    const { host, model, adapterPath, args } = this.settings;
    return [
      '--host',
      host,
      '--port',
      String(port),
      ...(model ? ['--model', model] : []),
      ...(adapterPath ? ['--adapter-path', adapterPath] : []),
      ...args,
    ];
  }

  private urlFor(port: number): string {
    const host = this.settings.host.includes(':') ? `[${this.settings.host}]` : this.settings.host;
    return `http://${host}:${port}`;
  }

  private line(line: OutputLine): void {
    if (line.stream === 'stderr') {
      this.stderrTail.push(line.text);
      if (this.stderrTail.length > stderrTailLength) this.stderrTail.shift();
    }
    this.onLine(line);
  }

  private setState(change: Partial<SupervisorState>): void {
    this.current = { ...this.current, ...change, lastStderr: [...this.stderrTail] };
    for (const listener of [...this.listeners]) listener(this.current);
  }
}

export function createMlxSupervisor(options: MlxSupervisorOptions): MlxSupervisor {
  return new MlxSupervisor(options);
}
