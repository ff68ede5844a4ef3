// The test page of a view with its own bundle (training, blind A/B, review): its real HTML
// (renderTrainingHtml: same CSP, same nonce rule), the built bundle and CSS from dist/webview, and VS Code's
// stand-ins (theme variables, acquireVsCodeApi) injected before the page's own, as VS Code does. `?lang=ja`
// serves the Japanese page.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createNonce } from '../../../src/extension/panel/html';
import { renderTrainingHtml } from '../../../src/extension/training/trainingHtml';

const root = process.cwd();
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

export interface ViewPageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the view whose bundle is dist/webview/<bundle>.js (and .css), titled `title`. */
export async function startViewPageServer(bundle: string, title: string): Promise<ViewPageServer> {
  let origin = '';
  const page = (locale: 'en' | 'ja') => {
    const nonce = createNonce();
    const html = renderTrainingHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/${bundle}.js`,
      styleUri: `${origin}/dist/${bundle}.css`,
      locale,
      title,
    });
    return html.replace(
      '</head>',
      `  <link rel="stylesheet" href="${origin}/fixtures/themes.css">\n` +
        `    <script nonce="${nonce}" src="${origin}/fixtures/vscodeStandIn.js"></script>\n  </head>`,
    );
  };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    try {
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page(url.searchParams.get('lang') === 'ja' ? 'ja' : 'en'));
        return;
      }
      const file = url.pathname.startsWith('/dist/')
        ? join(root, 'dist/webview', normalize(url.pathname.slice('/dist/'.length)))
        : url.pathname.startsWith('/fixtures/')
          ? join(root, 'test/browser/fixtures', normalize(url.pathname.slice('/fixtures/'.length)))
          : null;
      if (!file || file.includes('..')) throw new Error('not found');
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
