// Runs re-tests from the editor, one at a time (the MLX server answers one question at a time): the
// panel's re-test view shows the run while a cancellable notification reports progress (cancel =
// pause). Pause, resume and cancel come from the view's buttons and the commands alike. After each
// question the data views (the Logs tree, the chart) hear that logs changed — at most a few times a
// second, however fast the server.
import * as vscode from 'vscode';
import type { RetestOutcome } from '../../core/retest';
import type { CommandContext } from '../commands/context';
import { loadCore } from '../core';
import type { ModelServerController } from '../modelServer/controller';
import type { EvaluationPanel } from '../panel/panelHost';
import { RetestStrings as S } from './retestStrings';
import { showRetestSummary } from './retestSummaryPick';
import { throttled } from './throttled';

/** The logs-changed signal during a run, at most this often. */
const NOTIFY_MS = 300;

interface ActiveRun {
  runId: number;
  pause: AbortController;
  cancelling: boolean;
  done: Promise<RetestOutcome>;
}

export class RetestController implements vscode.Disposable {
  private active: ActiveRun | undefined;

  constructor(
    private readonly ctx: CommandContext,
    private readonly modelServer: ModelServerController,
    private readonly panel: EvaluationPanel,
  ) {}

  get runningRunId(): number | undefined {
    return this.active?.runId;
  }

  /**
   * Asks what the run has not asked yet, shown in the panel. `summary`: the summary afterwards (the
   * caller of several runs shows its own). Resolves with the outcome, or undefined when another run
   * is going (nothing started).
   */
  async run(runId: number, options: { summary?: boolean } = {}): Promise<RetestOutcome | undefined> {
    if (this.active) {
      if (this.active.runId !== runId) void vscode.window.showWarningMessage(S.anotherRunning());
      return undefined;
    }
    const core = loadCore();
    const db = await this.ctx.database.db();
    const run = await core.retestRun(db, runId);
    if (run.status === 'done' || run.status === 'cancelled') {
      await this.panel.showRetest(runId);
      return { status: run.status, reason: null };
    }
    const asker = await this.modelServer.asker();
    await this.panel.showRetest(runId);
    const events = this.panel.retest.eventsFor(runId);
    const active: ActiveRun = {
      runId,
      pause: new AbortController(),
      cancelling: false,
      done: Promise.resolve({ status: 'paused', reason: null }),
    };
    this.active = active;
    const notify = throttled(() => this.ctx.database.notifyChanged('logs'), NOTIFY_MS);
    try {
      active.done = Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: run.title, cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => active.pause.abort());
            let last = 0;
            return core.runRetest(db, asker, runId, {
              signal: active.pause.signal,
              onStart: events.onStart,
              onDelta: events.onDelta,
              onItem: (p) => {
                events.onItem(p);
                notify.call();
                progress.report({
                  message: S.progress(p.answered, p.total),
                  increment: ((p.answered - last) / p.total) * 100,
                });
                last = p.answered;
              },
            });
          },
        ),
      );
      this.panel.retest.runStatusChanged(runId);
      let outcome = await active.done;
      if (active.cancelling) {
        await core.cancelRetest(db, runId);
        outcome = { status: 'cancelled', reason: null };
      }
      return await this.after(runId, outcome, options.summary ?? true);
    } finally {
      if (this.active === active) this.active = undefined;
      notify.flush();
      events.onStopped();
    }
  }

  /** Pauses the run going now (its current question is not recorded; a resume asks it again). */
  pause(runId: number): void {
    if (this.active?.runId === runId) this.active.pause.abort();
  }

  /** Stops a run for good: what was answered stays, the rest is never asked. */
  async cancel(runId: number): Promise<void> {
    if (this.active?.runId === runId) {
      this.active.cancelling = true;
      this.active.pause.abort();
      await this.active.done.catch(() => undefined);
      return;
    }
    await loadCore().cancelRetest(await this.ctx.database.db(), runId);
    this.panel.retest.runStatusChanged(runId);
  }

  private async after(runId: number, outcome: RetestOutcome, summary: boolean): Promise<RetestOutcome> {
    const db = await this.ctx.database.db();
    if (outcome.status === 'paused' && !this.active?.cancelling) {
      // Not awaited: the run is over; the message waits for the user without holding the next run.
      void vscode.window
        .showWarningMessage(S.paused(outcome.reason ?? ''), S.resume(), S.showSummary())
        .then(async (choice) => {
          if (choice === S.resume()) await this.run(runId, { summary });
          else if (choice === S.showSummary())
            await showRetestSummary(this.panel, await loadCore().retestSummary(db, runId));
        });
      return outcome;
    }
    if (summary && outcome.status === 'done') {
      const result = await loadCore().retestSummary(db, runId);
      if (!this.panel.isShowingRetest(runId)) {
        await showRetestSummary(this.panel, result);
        return outcome;
      }
      // The view already shows the counts, and the user may be rating in it: a QuickPick would take
      // the keyboard (a correction being typed would go into its filter). A notification does not.
      const { counts, run } = result;
      void vscode.window
        .showInformationMessage(S.summaryTitle(run.title, counts.fixed, counts.regressed), S.showSummary())
        .then(async (choice) => {
          if (choice === S.showSummary()) await showRetestSummary(this.panel, result);
        });
    }
    return outcome;
  }

  dispose(): void {
    this.active?.pause.abort();
  }
}
