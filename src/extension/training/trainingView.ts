// The training run's live view beside the editor: one webview panel with the run, its progress, the
// loss chart and how it ended. It shows and forwards only: the process is supervised in the core
// (src/core/training), and whoever starts the run decides what cancel, register and show-log do.
// The panel keeps its context while hidden; when a page loads (first shown, reopened after being
// closed, reloaded) it is sent the whole run so far (TrainingViewLink).
import * as vscode from 'vscode';
import type { TrainingOutcome, TrainingReport } from '../../core/training/events';
import type { TrainingLocale } from '../../protocol/trainingLabels';
import { createNonce } from '../panel/html';
import { renderTrainingHtml } from './trainingHtml';
import type { TrainingRun } from './trainingTranscript';
import { TrainingViewLink } from './trainingViewLink';

export type { TrainingRun } from './trainingTranscript';

export interface TrainingViewOptions {
  extensionUri: vscode.Uri;
  /** The editor tab's title, localized by the caller (e.g. "Llamune Training"). */
  panelTitle: string;
  locale: TrainingLocale;
  /** Where problems go (the extension's log): a refused message, a report that could not be shown. */
  warn: (message: string) => void;
}

export class TrainingView implements vscode.Disposable {
  static readonly viewType = 'llamune.training';

  private readonly cancelEmitter = new vscode.EventEmitter<void>();
  private readonly registerEmitter = new vscode.EventEmitter<void>();
  private readonly showLogEmitter = new vscode.EventEmitter<void>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  /** The user pressed Cancel (the run goes on until the supervisor stops it and `finish` is called). */
  readonly onCancel = this.cancelEmitter.event;
  /** The user pressed "Register as version N+1" (again, if the first registration was abandoned). */
  readonly onRegister = this.registerEmitter.event;
  /** The user wants the full output: reveal the log channel. */
  readonly onShowLog = this.showLogEmitter.event;
  /** The user closed the panel; the run is not affected, and `show()` opens it again, up to date. */
  readonly onDidClose = this.closeEmitter.event;

  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];
  private readonly link: TrainingViewLink;

  constructor(private readonly options: TrainingViewOptions) {
    this.link = new TrainingViewLink({
      cancel: () => this.cancelEmitter.fire(),
      register: () => this.registerEmitter.fire(),
      showLog: () => this.showLogEmitter.fire(),
      warn: options.warn,
    });
  }

  /** Opens the panel beside the editor (keeping the editor's focus), or reveals it. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TrainingView.viewType,
      this.options.panelTitle,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        // The chart and the run's numbers live only in the page: hidden, it keeps them.
        retainContextWhenHidden: true,
        localResourceRoots: [this.assets()],
      },
    );
    this.attach(panel);
  }

  /** A new run: the view forgets the last one and shows this one's settings. */
  reset(run: TrainingRun): void {
    this.link.reset(run);
  }

  report(report: TrainingReport): void {
    this.link.report(report);
  }

  /** One line of the trainer's output (the view keeps a short tail; the log channel has them all). */
  line(text: string): void {
    this.link.line(text);
  }

  /** The run ended. `registerLabel` replaces the one given to `reset` (null: offer no registration). */
  finish(outcome: TrainingOutcome, registerLabel?: string | null): void {
    this.link.finish(outcome, registerLabel);
  }

  /** The adapter was registered: the view says so (e.g. "Registered as version 3") instead of offering it. */
  registered(text: string): void {
    this.link.registered(text);
  }

  private assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'llamune.svg');
    const asset = (file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.assets(), file)).toString();
    this.link.attach((message) => void panel.webview.postMessage(message));
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((data: unknown) => this.link.receive(data)),
      panel.onDidDispose(() => {
        for (const subscription of this.panelSubscriptions) subscription.dispose();
        this.panelSubscriptions = [];
        this.panel = undefined;
        this.link.detach();
        this.closeEmitter.fire();
      }),
    ];
    panel.webview.html = renderTrainingHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('training.js'),
      styleUri: asset('training.css'),
      locale: this.options.locale,
      title: this.options.panelTitle,
    });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const emitter of [this.cancelEmitter, this.registerEmitter, this.showLogEmitter, this.closeEmitter])
      emitter.dispose();
  }
}
