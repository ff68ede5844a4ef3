// The test page of a view with its own bundle (training, blind A/B, review): its real HTML
// (renderTrainingHtml: same CSP, same nonce rule), the built bundle and CSS from dist/webview, and VS Code's
// stand-ins (theme variables, acquireVsCodeApi) injected before the page's own, as VS Code does. `?lang=ja`
// serves the Japanese page.
import { createNonce } from '../../../src/extension/panel/html';
import { renderTrainingHtml } from '../../../src/extension/training/trainingHtml';
import { type PageServer, startPageServer, withStandIns } from './pageServer';

export type ViewPageServer = PageServer;

/** Serves the view whose bundle is dist/webview/<bundle>.js (and .css), titled `title`. */
export function startViewPageServer(bundle: string, title: string): Promise<ViewPageServer> {
  return startPageServer((url, origin) => {
    const nonce = createNonce();
    const html = renderTrainingHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/${bundle}.js`,
      styleUri: `${origin}/dist/${bundle}.css`,
      locale: url.searchParams.get('lang') === 'ja' ? 'ja' : 'en',
      title,
    });
    return withStandIns(html, origin, nonce);
  });
}
