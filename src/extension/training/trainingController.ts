// One training run at a time in this window: started from Train Adapter, shown in the training view
// beside the editor and in a log channel, cancelled from the view or the palette, stopped when the
// window closes (the core's process group makes sure nothing outlives us either way). On success the
// view offers to register the adapter as the next version, with the lineage filled in.
import * as vscode from 'vscode';
import type { TrainingArgs, TrainingOutcome } from '../../core/training/events';
import type { TrainingRun } from '../../core/training/run';
import type { CommandContext } from '../commands/context';
import { registerModelVersion } from '../commands/registerVersion';
import { loadCore } from '../core';
import { TrainingStrings as S } from './trainingStrings';
import { TrainingView } from './trainingView';

export interface TrainingPlan {
  fromModelId: number;
  /** e.g. "qwen2.5:14b v1" */
  fromLabel: string;
  baseModel: string;
  nextVersion: number;
  args: TrainingArgs;
}

export class TrainingController implements vscode.Disposable {
  private run: TrainingRun | undefined;
  private plan: TrainingPlan | undefined;
  private channelInstance: vscode.OutputChannel | undefined;
  private readonly view: TrainingView;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly ctx: CommandContext,
    extensionUri: vscode.Uri,
  ) {
    this.view = new TrainingView({
      extensionUri,
      panelTitle: S.panelTitle(),
      locale: vscode.env.language.toLowerCase().startsWith('ja') ? 'ja' : 'en',
      warn: (message) => ctx.log.warn(`Training view: ${message}`),
    });
    this.subscriptions = [
      this.view,
      { dispose: () => this.channelInstance?.dispose() },
      this.view.onCancel(() => void this.cancel()),
      this.view.onShowLog(() => this.channel.show(true)),
      this.view.onRegister(() => void this.register()),
    ];
  }

  /** Created on the first run, so that the Output list does not show it before anyone trains. */
  private get channel(): vscode.OutputChannel {
    this.channelInstance ??= vscode.window.createOutputChannel(S.logChannel());
    return this.channelInstance;
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  /** Brings the running (or last) run's view to the front. */
  show(): void {
    this.view.show();
  }

  async start(plan: TrainingPlan, command: string): Promise<void> {
    if (this.run) throw new Error(S.busy());
    this.plan = plan;
    this.view.reset({
      title: S.runTitle(plan.fromLabel, plan.baseModel, plan.nextVersion),
      settings: plan.args,
      registerLabel: S.registerAs(plan.nextVersion),
    });
    this.view.show();
    this.channel.clear();
    this.channel.appendLine(`${command} ${loadCore().trainingArgv(plan.args).join(' ')}`);
    const run = await loadCore().startTraining({
      command,
      args: plan.args,
      onReport: (report) => this.view.report(report),
      onLine: (line) => {
        this.channel.appendLine(line.text);
        this.view.line(line.text);
      },
    });
    this.run = run;
    await vscode.commands.executeCommand('setContext', 'llamune.training', true);
    void run.done.then((outcome) => this.finished(plan, outcome));
  }

  async cancel(): Promise<void> {
    await this.run?.cancel();
  }

  private async finished(plan: TrainingPlan, outcome: TrainingOutcome): Promise<void> {
    this.run = undefined;
    await vscode.commands.executeCommand('setContext', 'llamune.training', false);
    this.view.finish(outcome, outcome.ok ? S.registerAs(plan.nextVersion) : null);
    if (outcome.ok) {
      const loss = outcome.result.finalTrainLoss?.toFixed(3) ?? '—';
      const choice = await vscode.window.showInformationMessage(
        S.finished(outcome.result.iterations, loss),
        S.registerAs(plan.nextVersion),
      );
      if (choice) await this.register();
      return;
    }
    if (outcome.failure.kind === 'cancelled') return;
    const { message, advice } = outcome.failure;
    const choice = await vscode.window.showErrorMessage(
      S.failed([message, advice].filter(Boolean).join(' ')),
      S.showLog(),
    );
    if (choice) this.channel.show(true);
  }

  /** Registers the finished run's adapter as the next version of the model it was trained from. */
  private async register(): Promise<void> {
    const plan = this.plan;
    if (!plan || this.run) return;
    try {
      const modelId = await registerModelVersion(this.ctx, {
        fromModelId: plan.fromModelId,
        adapterPath: plan.args.adapterPath,
        dataPath: plan.args.data,
      });
      if (modelId === undefined) return;
      const model = await loadCore().getModel(await this.ctx.database.db(), modelId);
      this.view.registered(S.registeredInView(model.base_model ?? model.model_name, model.version));
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    }
  }

  dispose(): void {
    void this.run?.cancel();
    for (const s of this.subscriptions) s.dispose();
  }
}
