// The evaluation panel's host side: one webview panel (created, revealed or revived), its HTML with a
// strict CSP, and the protocol: every message from the webview validated, then routed to the core.
import * as vscode from 'vscode';
import { isDomainError } from '../../core/errors';
import type { HostMessage, StateMessage, WebviewMessage } from '../../protocol/messages';
import { parseWebviewMessage } from '../../protocol/webviewMessages';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import { Strings } from '../localize';
import type { ModelServerController } from '../modelServer/controller';
import { RetestFeed } from '../retest/retestFeed';
import { runChat } from './chat';
import { adviceFor, type FailureAdvice } from './failureAdvice';
import { createNonce, renderPanelHtml } from './html';
import { RatingChartFeed } from './ratingChartFeed';
import { replyToRejected } from './rejectedMessage';
import { fieldErrorsFrom, isOpenableLink, toLogView, toModelView, toPocView, toSessionView } from './views';

const HISTORY_PAGE = 50;

export class EvaluationPanel implements vscode.Disposable {
  static readonly viewType = 'llamune.evaluation';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private waiting: HostMessage[] = [];
  private readonly requests = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private panelSubscriptions: vscode.Disposable[] = [];
  private readonly ratingChart: RatingChartFeed;
  /** The re-test view's data (src/extension/retest/retestFeed.ts). */
  readonly retest: RetestFeed;
  private retestControl:
    | ((runId: number, action: 'pause' | 'resume' | 'cancel') => Promise<void>)
    | undefined;

  constructor(
    private readonly ctx: CommandContext,
    private readonly modelServer: ModelServerController,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.ratingChart = new RatingChartFeed(ctx, (message) => this.panel && this.post(message));
    this.retest = new RetestFeed({
      db: () => ctx.database.db(),
      core: loadCore,
      post: (message) => this.postLive(message),
      warn: (message) => ctx.log.warn(message),
    });
    // What changes elsewhere (sidebar, another command) is pushed to an open panel.
    this.subscriptions.push(
      this.ratingChart,
      ctx.selection.onDidChange(() => this.pushState()),
      ctx.database.onDidChangeData((kind) => kind !== 'logs' && this.pushState()),
      ctx.database.onDidChangeLogs((ids) => {
        void this.pushLogs(ids);
        this.retest.logsChanged(ids);
      }),
      this.retest,
      // A closed panel has nothing to update: the next state it gets is current anyway.
      modelServer.onDidRestartEvent(
        (event) =>
          this.panel &&
          this.post({
            type: 'serverNotice',
            kind: event.kind,
            detail: event.message?.slice(0, 2000) ?? null,
          }),
      ),
      vscode.window.registerWebviewPanelSerializer(EvaluationPanel.viewType, {
        deserializeWebviewPanel: async (panel) => this.attach(panel),
      }),
    );
  }

  /** The re-test view is on screen with this run. */
  isShowingRetest(runId: number): boolean {
    return this.panel?.visible === true && this.retest.shownRunId === runId;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      EvaluationPanel.viewType,
      Strings.panelTitle(),
      vscode.ViewColumn.Beside,
      {
        enableScripts: true,
        localResourceRoots: [this.assets()],
      },
    );
    this.attach(panel);
  }

  /** Quick ask: opens the panel and asks `question` there, in the current session. */
  async ask(question: string): Promise<void> {
    this.show();
    // The panel must know the current session (perhaps just started) before the question arrives.
    await this.pushState();
    this.post({ type: 'askQuestion', question });
  }

  /** Shows a log (from the Logs tree) in the panel for reading and changing its rating. */
  async openLog(logId: number): Promise<void> {
    const core = loadCore();
    const db = await this.ctx.database.db();
    const log = await core.getLog(db, logId);
    const session = await core.getSession(db, log.session_id).catch(() => undefined);
    this.show();
    this.post({
      type: 'openLog',
      log: toLogView(log, core.answerTree),
      session: session ? toSessionView(session) : null,
    });
  }

  /** Shows a re-test run in the panel (the list, counts, and `position` in full when given). */
  async showRetest(runId: number, position?: number): Promise<void> {
    this.show();
    await this.retest.show(runId, position);
  }

  /** Who carries out the view's pause / resume / cancel buttons (the re-test controller). */
  setRetestControl(handler: (runId: number, action: 'pause' | 'resume' | 'cancel') => Promise<void>): void {
    this.retestControl = handler;
  }

  /** Sends the current rows of logs changed elsewhere; the panel replaces the ones it shows. */
  private async pushLogs(ids: readonly number[]): Promise<void> {
    if (!this.panel) return;
    const core = loadCore();
    const db = await this.ctx.database.db();
    // A failed read leaves the panel as it was; the user's next action reads the row again anyway.
    const logs = await Promise.all(ids.slice(0, 200).map((id) => core.getLog(db, id).catch(() => undefined)));
    const found = logs.filter((log) => log !== undefined);
    if (found.length > 0)
      this.post({ type: 'logsUpdated', logs: found.map((log) => toLogView(log, core.answerTree)) });
  }

  private assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'llamune.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.assets()] };
    const asset = (file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.assets(), file)).toString();
    panel.webview.html = renderPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('panel.js'),
      styleUris: [asset('codicon.css'), asset('panel.css')],
      locale: locale(),
      initialState: null,
      title: Strings.panelTitle(),
    });
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      // A hidden webview is torn down and reloads when shown again (no retainContextWhenHidden: drafts
      // live in its own state); until it says `ready` again, messages wait in the queue.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        for (const controller of this.requests.values()) controller.abort();
        this.requests.clear();
        for (const s of this.panelSubscriptions) s.dispose();
        this.panel = undefined;
        this.ready = false;
        this.waiting = [];
        this.ratingChart.forget();
        const shown = this.retest.shownRunId;
        if (shown !== undefined) this.retest.close(shown);
      }),
    ];
  }

  private post(message: HostMessage): void {
    if (!this.panel || !this.ready) {
      this.waiting.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /** Live updates only (a stream, progress): dropped while the webview is not listening, which asks
   * for the whole picture again on `ready` — so a hidden panel never piles them up. */
  private postLive(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private async pushState(): Promise<void> {
    if (!this.panel || !this.ready) return;
    try {
      this.post(await this.state());
    } catch (error) {
      this.ctx.log.warn(`Panel state: ${(error as Error).message}`);
    }
  }

  private async state(): Promise<StateMessage> {
    const core = loadCore();
    const db = await this.ctx.database.db();
    const user = await this.ctx.database.user();
    const { pocId, modelId, sessionId } = this.ctx.selection.state;
    const [pocs, models] = await Promise.all([core.listPocs(db), core.listModels(db)]);
    let session = null;
    let history: StateMessage['history'] = [];
    let hasMore = false;
    if (sessionId !== undefined) {
      const found = await core.getSession(db, sessionId, { userId: user.id }).catch(() => undefined);
      if (found && !found.ended_at) {
        session = toSessionView(found);
        const logs = await core.listSessionLogs(db, found.id, { limit: HISTORY_PAGE + 1 });
        hasMore = logs.length > HISTORY_PAGE;
        history = logs.slice(0, HISTORY_PAGE).map((log) => toLogView(log, core.answerTree));
      }
    }
    return {
      type: 'state',
      locale: locale(),
      pocs: pocs.map(toPocView),
      models: models.map(toModelView),
      selected: {
        poc_id: pocs.some((p) => p.id === pocId) ? (pocId ?? null) : null,
        model_id: models.some((m) => m.id === modelId) ? (modelId ?? null) : null,
      },
      session,
      history,
      has_more_history: hasMore,
    };
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.ctx.log.warn(`Refused an invalid message from the panel: ${parsed.error.slice(0, 2000)}`);
      const reply = replyToRejected(data, locale());
      if (reply) this.post(reply);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.ctx.log.warn(`Panel ${parsed.message.type}: ${message}`);
      const operation =
        parsed.message.type === 'startSession' || parsed.message.type === 'endSession'
          ? parsed.message.type
          : parsed.message.type === 'requestHistory'
            ? 'history'
            : 'other';
      this.post({ type: 'error', operation, message: message.slice(0, 2000), fix: null });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const core = loadCore();
    switch (message.type) {
      case 'ready': {
        const state = await this.state();
        this.ready = true;
        const waiting = this.waiting.splice(0);
        this.post(state);
        for (const m of waiting) this.post(m);
        await this.retest.resend();
        return;
      }
      case 'select':
        if (message.poc_id !== null) await this.ctx.selection.setPoc(message.poc_id);
        if (message.model_id !== null) await this.ctx.selection.setModel(message.model_id);
        return;
      case 'startSession': {
        const db = await this.ctx.database.db();
        const user = await this.ctx.database.user();
        const session = await core.startSession(db, {
          user_id: user.id,
          poc_id: message.poc_id,
          model_id: message.model_id,
          system_prompt: message.system_prompt,
        });
        await this.ctx.selection.setPoc(message.poc_id);
        await this.ctx.selection.setModel(message.model_id);
        this.post({ type: 'sessionStarted', session: toSessionView(session) });
        await this.ctx.selection.setSession(session.id);
        this.ctx.database.notifyChanged('sessions');
        return;
      }
      case 'endSession': {
        const db = await this.ctx.database.db();
        const scope = { userId: (await this.ctx.database.user()).id };
        await core.endSession(db, message.session_id, scope).catch((error) => {
          if (!(isDomainError(error) && error.code === 'session_ended')) throw error;
        });
        const session = await core.getSession(db, message.session_id, scope);
        this.post({ type: 'sessionEnded', session: toSessionView(session) });
        if (this.ctx.selection.state.sessionId === session.id) await this.ctx.selection.setSession(undefined);
        this.ctx.database.notifyChanged('sessions');
        return;
      }
      case 'ask': {
        this.post({ type: 'answerStarted', request_id: message.request_id });
        const controller = new AbortController();
        this.requests.set(message.request_id, controller);
        try {
          const logId = await runChat(
            {
              core,
              db: await this.ctx.database.db(),
              scope: { userId: (await this.ctx.database.user()).id },
              asker: () => this.modelServer.asker(),
              post: (m) => this.post(m),
              fixFor,
            },
            {
              requestId: message.request_id,
              sessionId: message.session_id,
              question: message.question,
              signal: controller.signal,
            },
          );
          if (logId !== undefined) this.ctx.database.notifyChanged('logs');
        } finally {
          this.requests.delete(message.request_id);
        }
        return;
      }
      case 'cancel':
        this.requests.get(message.request_id)?.abort();
        return;
      case 'saveRating': {
        const db = await this.ctx.database.db();
        try {
          const log = await core.evaluateLog(
            db,
            message.log_id,
            {
              evaluation: message.evaluation,
              reason: message.reason,
              correct_answer: message.correct_answer,
              priority: message.priority,
              memo: message.memo,
            },
            // Not scoped to this user: in the editor, reviewers correct any log they open from the Logs tree.
          );
          this.post({ type: 'logSaved', log: toLogView(log, core.answerTree) });
          this.ctx.database.notifyChanged('logs');
          this.retest.logsChanged([log.id]);
        } catch (error) {
          // The database gone (restarted, failing over): the card says so and keeps the user's text.
          const databaseDown = isDomainError(error)
            ? error.code === 'database_unavailable'
            : core.isDatabaseUnavailable(error);
          if (databaseDown) {
            this.post({
              type: 'saveFailed',
              log_id: message.log_id,
              message: Strings.ratingNotSavedDatabaseDown(),
              field_errors: {},
            });
            return;
          }
          if (!isDomainError(error)) throw error;
          this.post({
            type: 'saveFailed',
            log_id: message.log_id,
            message: error.message.slice(0, 2000),
            field_errors: error.kind === 'invalid' ? fieldErrorsFrom(error.message) : {},
          });
        }
        return;
      }
      case 'requestHistory': {
        const db = await this.ctx.database.db();
        const scope = { userId: (await this.ctx.database.user()).id };
        await core.getSession(db, message.session_id, scope);
        const logs = await core.listSessionLogs(db, message.session_id, {
          beforeId: message.before_id,
          limit: HISTORY_PAGE + 1,
        });
        this.post({
          type: 'historyPage',
          session_id: message.session_id,
          logs: logs.slice(0, HISTORY_PAGE).map((log) => toLogView(log, core.answerTree)),
          has_more: logs.length > HISTORY_PAGE,
        });
        return;
      }
      case 'openLink':
        if (isOpenableLink(message.href)) {
          await vscode.env.openExternal(vscode.Uri.parse(message.href, true));
        } else {
          this.post({
            type: 'error',
            operation: 'openLink',
            message: Strings.linkRefused(message.href.slice(0, 200)),
            fix: null,
          });
        }
        return;
      case 'log':
        this.ctx.log[message.level](`Panel: ${message.message}`);
        return;
      case 'requestRatingChart':
        await this.ratingChart.request(message.poc_id);
        return;
      case 'retestSelect':
        await this.retest.select(message.run_id, message.position);
        return;
      case 'retestControl':
        await this.retestControl?.(message.run_id, message.action);
        return;
      case 'retestClose':
        this.retest.close(message.run_id);
        return;
    }
  }

  dispose(): void {
    for (const controller of this.requests.values()) controller.abort();
    for (const s of [...this.subscriptions, ...this.panelSubscriptions]) s.dispose();
    this.panel?.dispose();
  }
}

function locale(): 'en' | 'ja' {
  return vscode.env.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const fixes: Record<FailureAdvice, () => string> = {
  new_session: Strings.fixNewSession,
  configure_server: Strings.fixSettings,
  crashed: Strings.fixCrashed,
  timeout: Strings.fixTimeout,
  model_name: Strings.fixModelName,
  server_error: Strings.fixServerError,
  bad_response: Strings.fixBadResponse,
  start_server: Strings.fixStartServer,
};

function fixFor(error: unknown): string | null {
  const advice = adviceFor(error);
  return advice ? fixes[advice]() : null;
}
