// The training view's HTML: a pure function of the webview's URIs, a nonce and the language, so it is
// tested without VS Code. Stricter than the panel's: no fonts or images at all (the chart is inline SVG
// drawn by the script), scripts only with the nonce, styles only from the webview's resource origin.
import type { TrainingLocale } from '../../protocol/trainingLabels';

export interface TrainingHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per render (createNonce in ../panel/html.ts). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview/training.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview/training.css)`. */
  styleUri: string;
  locale: TrainingLocale;
  title: string;
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function trainingCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

export function renderTrainingHtml(options: TrainingHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) throw new Error('The nonce must be random base64.');
  return `<!DOCTYPE html>
<html lang="${options.locale}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attribute(trainingCsp(options.cspSource, options.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${attribute(options.styleUri)}">
    <title>${attribute(options.title)}</title>
  </head>
  <body>
    <div id="root"></div>
    <script nonce="${options.nonce}" src="${attribute(options.scriptUri)}"></script>
  </body>
</html>
`;
}
