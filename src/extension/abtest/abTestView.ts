// The blind A/B view beside the editor: one webview panel showing one run to this window's user. It
// shows and forwards only: the votes and the reveal come from the core through AbTestLink. Opening
// another run replaces the one shown; the page is sent the run afresh each time it loads.
import * as vscode from 'vscode';
import type { AbLocale } from '../../protocol/abtestLabels';
import { createNonce } from '../panel/html';
import { isOpenableLink } from '../panel/views';
import { renderTrainingHtml } from '../training/trainingHtml';
import type { AbBackend } from './abTestLink';
import { AbTestLink } from './abTestLink';

export interface AbTestViewOptions {
  extensionUri: vscode.Uri;
  /** The editor tab's title, localized by the caller. */
  panelTitle: string;
  locale: AbLocale;
  /** Where problems go (the extension's log). */
  warn: (message: string) => void;
}

export class AbTestView implements vscode.Disposable {
  static readonly viewType = 'llamune.abTest';

  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];

  constructor(private readonly options: AbTestViewOptions) {}

  /** Shows this run (replacing any other) beside the editor, with the focus, ready for keys. */
  show(backend: AbBackend, title: string): void {
    this.panel?.dispose();
    const panel = vscode.window.createWebviewPanel(
      AbTestView.viewType,
      `${this.options.panelTitle}: ${title}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        // Drafted reasons and the current item live in the page: hidden, it keeps them.
        retainContextWhenHidden: true,
        localResourceRoots: [this.assets()],
      },
    );
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'llamune.svg');
    const link = new AbTestLink(backend, {
      openLink: (href) => {
        if (isOpenableLink(href)) void vscode.env.openExternal(vscode.Uri.parse(href, true));
        else this.options.warn(`A/B view: refused to open ${href.slice(0, 200)}`);
      },
      warn: (message) => this.options.warn(message),
    });
    link.attach((message) => void panel.webview.postMessage(message));
    const asset = (file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.assets(), file)).toString();
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((data: unknown) => void link.receive(data)),
      panel.onDidDispose(() => {
        for (const subscription of this.panelSubscriptions) subscription.dispose();
        this.panelSubscriptions = [];
        link.detach();
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
    // The training view's page: the same strict CSP (scripts by nonce, styles from the webview only).
    panel.webview.html = renderTrainingHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('abtest.js'),
      styleUri: asset('abtest.css'),
      locale: this.options.locale,
      title: this.options.panelTitle,
    });
  }

  private assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
