// The evaluation panel's HTML: a pure function of the webview's URIs, a nonce and the first state, so
// it is tested without VS Code. Strict CSP: no inline code, scripts only with the nonce, styles, fonts
// and images only from the webview's own resource origin (the built assets in dist/webview).
import { initialStateElementId, type StateMessage } from '../../protocol/messages';
import type { Locale } from '../../protocol/views';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per render (see createNonce). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview/panel.js)`. */
  scriptUri: string;
  /** dist/webview/codicon.css and dist/webview/panel.css, as webview URIs. */
  styleUris: readonly string[];
  locale: Locale;
  /** Rendered at once, before the `ready` → `state` round trip; null shows a loading state. */
  initialState: StateMessage | null;
  title?: string;
}

/** 128 random bits, base64: a nonce from the platform's CSPRNG (never Math.random). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON that cannot end its <script> element or start a comment, whatever the strings hold. */
const scriptSafeJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function renderPanelHtml(options: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) throw new Error('The nonce must be random base64.');
  const { cspSource, nonce } = options;
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
  const styles = options.styleUris
    .map((uri) => `<link rel="stylesheet" href="${attribute(uri)}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="${options.locale}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${attribute(options.title ?? 'Llamune')}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="application/json" id="${initialStateElementId}">${scriptSafeJson(options.initialState)}</script>
    <script nonce="${nonce}" src="${attribute(options.scriptUri)}"></script>
  </body>
</html>
`;
}
