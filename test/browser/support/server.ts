// Serves the test page on 127.0.0.1 (a free port): the panel's real HTML from renderPanelHtml (same CSP,
// same nonce rule), the built bundle from dist/webview, and VS Code's stand-ins (API and theme variables).
import { createNonce, renderPanelHtml } from '../../../src/extension/panel/html';
import type { StateMessage } from '../../../src/protocol/messages';
import type { Locale } from '../../../src/protocol/views';
import { startPageServer, withStandIns } from './pageServer';

export interface PanelServer {
  url: string;
  /** The next page load renders this first state into the HTML (null: only the `ready` round trip). */
  setInitialState(state: StateMessage | null, locale?: Locale): void;
  close(): Promise<void>;
}

export async function startPanelServer(): Promise<PanelServer> {
  let initialState: StateMessage | null = null;
  let locale: Locale = 'en';
  const server = await startPageServer((_url, origin) => {
    const nonce = createNonce();
    const html = renderPanelHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/panel.js`,
      styleUris: [`${origin}/dist/codicon.css`, `${origin}/dist/panel.css`],
      locale,
      initialState,
    });
    return withStandIns(html, origin, nonce);
  });
  return {
    ...server,
    setInitialState(state, nextLocale = 'en') {
      initialState = state;
      locale = nextLocale;
    },
  };
}
