// The loopback server behind the browser tests' pages: the page at `/`, the built bundles from
// dist/webview at /dist/, the test fixtures (VS Code's stand-ins) at /fixtures/, nothing else.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const root = process.cwd();
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** VS Code injects its own script and theme variables before the page's; so does the stand-in. */
export function withStandIns(html: string, origin: string, nonce: string): string {
  return html.replace(
    '</head>',
    `  <link rel="stylesheet" href="${origin}/fixtures/themes.css">\n` +
      `    <script nonce="${nonce}" src="${origin}/fixtures/vscodeStandIn.js"></script>\n  </head>`,
  );
}

/** Serves `page(url, origin)` at `/` on 127.0.0.1 (a free port). */
export async function startPageServer(page: (url: URL, origin: string) => string): Promise<PageServer> {
  let origin = '';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    try {
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page(url, origin));
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
