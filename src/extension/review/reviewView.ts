// The review view beside the editor: one webview panel walking my queue or the disagreements I lead, and
// showing a PoC's agreement tables. It shows and forwards only: the rules are the core's (ReviewLink →
// ReviewBackend → src/core/review). Opening it again retargets the same panel.
import * as vscode from 'vscode';
import type { ReviewLocale } from '../../protocol/reviewLabels';
import { createNonce } from '../panel/html';
import { isOpenableLink } from '../panel/views';
import { renderTrainingHtml } from '../training/trainingHtml';
import { ReviewBackend, type ReviewBackendDeps, type Walk } from './reviewBackend';
import { type DraftService, ReviewLink } from './reviewLink';

export interface ReviewViewOptions {
  extensionUri: vscode.Uri;
  panelTitle: () => string;
  locale: ReviewLocale;
  backend: ReviewBackendDeps;
  drafting: DraftService;
  editGuidelines(pocId: number): void;
  /** A review or resolution was saved (the Logs tree refreshes). */
  changed(logId: number): void;
  warn(message: string): void;
}

export class ReviewView implements vscode.Disposable {
  static readonly viewType = 'llamune.review';

  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];
  private backend: ReviewBackend | undefined;
  private link: ReviewLink | undefined;
  /** The page has said `ready` (until then, what to show waits for it). */
  private ready = false;

  constructor(private readonly options: ReviewViewOptions) {}

  /** Shows my queue (or the disagreements I lead), starting at `focus` if given. */
  async open(walk: Walk, focus?: number): Promise<void> {
    if (this.panel && this.backend && this.link) {
      this.backend.retarget(walk, focus);
      this.panel.reveal(undefined, false);
      if (this.ready) await this.link.reload();
      return;
    }
    this.create(walk, focus);
  }

  /** Shows a PoC's agreement figures (opening the view if needed). */
  async showAgreement(pocId: number): Promise<void> {
    if (!this.panel) this.create('queue');
    this.panel?.reveal(undefined, false);
    await this.link?.showAgreement(pocId, this.ready);
  }

  /** Data changed elsewhere (guidelines saved, another user): the page reloads what it shows. */
  async refresh(): Promise<void> {
    if (this.panel && this.ready) await this.link?.reload();
  }

  private create(walk: Walk, focus?: number): void {
    const panel = vscode.window.createWebviewPanel(
      ReviewView.viewType,
      this.options.panelTitle(),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {
        enableScripts: true,
        // What a reviewer typed (and a draft) lives in the page: hidden, it keeps them.
        retainContextWhenHidden: true,
        localResourceRoots: [this.assets()],
      },
    );
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'llamune.svg');
    const backend = new ReviewBackend(this.options.backend, walk, focus);
    const link = new ReviewLink(backend, this.options.drafting, {
      openLink: (href) => {
        if (isOpenableLink(href)) void vscode.env.openExternal(vscode.Uri.parse(href, true));
        else this.options.warn(`Review view: refused to open ${href.slice(0, 200)}`);
      },
      editGuidelines: (pocId) => this.options.editGuidelines(pocId),
      changed: (logId) => this.options.changed(logId),
      warn: (message) => this.options.warn(message),
    });
    this.backend = backend;
    this.link = link;
    link.attach((message) => void panel.webview.postMessage(message));
    const asset = (file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.assets(), file)).toString();
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((data: unknown) => {
        if ((data as { type?: unknown } | null)?.type === 'ready') this.ready = true;
        void link.receive(data);
      }),
      panel.onDidDispose(() => {
        for (const subscription of this.panelSubscriptions) subscription.dispose();
        this.panelSubscriptions = [];
        link.detach();
        if (this.panel === panel) {
          this.panel = undefined;
          this.backend = undefined;
          this.link = undefined;
          this.ready = false;
        }
      }),
    ];
    // The training view's page: the same strict CSP (scripts by nonce, styles from the webview only).
    panel.webview.html = renderTrainingHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('review.js'),
      styleUri: asset('review.css'),
      locale: this.options.locale,
      title: this.options.panelTitle(),
    });
  }

  private assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
