// Serves the test page on 127.0.0.1 (a free port): the panel's real HTML from renderPanelHtml (same CSP,
// same nonce rule), the built bundle from dist/webview, and VS Code's stand-ins (API and theme variables).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createNonce, renderPanelHtml } from '../../../src/extension/panel/html';
import type { StateMessage } from '../../../src/protocol/messages';
import type { Locale } from '../../../src/protocol/views';

const root = process.cwd();
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface PanelServer {
  url: string;
  /** The next page load renders this first state into the HTML (null: only the `ready` round trip). */
  setInitialState(state: StateMessage | null, locale?: Locale): void;
  close(): Promise<void>;
}

export async function startPanelServer(): Promise<PanelServer> {
  let initialState: StateMessage | null = null;
  let locale: Locale = 'en';
  let origin = '';

  const page = () => {
    const nonce = createNonce();
    const html = renderPanelHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/panel.js`,
      styleUris: [`${origin}/dist/codicon.css`, `${origin}/dist/panel.css`],
      locale,
      initialState,
    });
    // VS Code injects its own script and theme variables before the page's; so does the stand-in.
    return html.replace(
      '</head>',
      `  <link rel="stylesheet" href="${origin}/fixtures/themes.css">\n` +
        `    <script nonce="${nonce}" src="${origin}/fixtures/vscodeStandIn.js"></script>\n  </head>`,
    );
  };

  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    try {
      if (path === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (path === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page());
        return;
      }
      const file = path.startsWith('/dist/')
        ? join(root, 'dist/webview', normalize(path.slice('/dist/'.length)))
        : path.startsWith('/fixtures/')
          ? join(root, 'test/browser/fixtures', normalize(path.slice('/fixtures/'.length)))
          : null;
      if (!file || file.includes('..')) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    setInitialState(state, nextLocale = 'en') {
      initialState = state;
      locale = nextLocale;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
