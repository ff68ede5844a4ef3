// The review view's test page: its real HTML (the training view's page: same CSP, same nonce rule), the
// built bundle from dist/webview, VS Code's stand-ins, and the host's real link and backend over the real
// review core on an in-memory PGlite (migrated once per file, emptied before each test). One Chromium and
// server per file, a fresh page per test, and a check after each test that the page threw and logged no
// error (CSP violations included) and that the host refused nothing.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ModelAsker } from '../../../src/core/api/deps';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import type { User } from '../../../src/core/db/schema';
import { createNonce } from '../../../src/extension/panel/html';
import type { Walk } from '../../../src/extension/review/reviewBackend';
import { renderTrainingHtml } from '../../../src/extension/training/trainingHtml';
import type { ReviewHostMessage } from '../../../src/protocol/review';
import { type HostSide, reviewHost } from '../../integration/review/reviewViewHost';
import { truncateAll } from '../../support/testDatabase';
import { launchChromium } from './chromium';

const root = process.cwd();
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  let origin = '';
  const page = (locale: 'en' | 'ja') => {
    const nonce = createNonce();
    const html = renderTrainingHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/review.js`,
      styleUri: `${origin}/dist/review.css`,
      locale,
      title: 'Llamune Review',
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

export interface OpenOptions {
  user: User;
  walk: Walk;
  focus?: number;
  asker?: () => ModelAsker;
  draftModel?: () => number | undefined;
  query?: string;
}

export interface ReviewHarness {
  readonly page: Page;
  readonly host: HostSide;
  readonly db: DatabaseHandle['db'];
  /** Every message the host posted into the page so far (what "blind" is checked against). */
  readonly posted: ReviewHostMessage[];
  open(options: OpenOptions): Promise<void>;
  /** Resolves once everything the host posted so far is in the page. */
  delivered(): Promise<void>;
  sendRaw(messages: unknown[]): Promise<void>;
}

export function useReviewHarness(): ReviewHarness {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let handle: DatabaseHandle;
  let page: Page | undefined;
  let host: HostSide | undefined;
  let pageErrors: string[] = [];
  let posting: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    [browser, server, handle] = await Promise.all([
      launchChromium(),
      startServer(),
      openDatabase({ kind: 'memory' }).then(async (opened) => {
        await migrateToLatest(opened.db);
        return opened;
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), handle?.close()]);
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
    expect(pageErrors).toEqual([]);
    expect(host?.warnings ?? []).toEqual([]);
  });

  const sendRaw = async (messages: unknown[]) => {
    await page?.evaluate((list) => {
      for (const m of list) window.postMessage(m, '*');
    }, messages);
  };

  return {
    get page() {
      if (!page) throw new Error('open() the view first');
      return page;
    },
    get host() {
      if (!host) throw new Error('open() the view first');
      return host;
    },
    get db() {
      return handle.db;
    },
    get posted() {
      return host?.posted ?? [];
    },
    delivered: () => posting.then(() => undefined),
    sendRaw,
    async open(options) {
      page = await browser.newPage();
      pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      const opened = page;
      // Posted in order, one after the other, as a WebviewPanel delivers them.
      host = reviewHost({
        db: handle.db,
        ...options,
        post: (message) => {
          posting = posting.then(() =>
            opened.evaluate((m) => window.postMessage(m, '*'), message).catch(() => {}),
          );
        },
      });
      const side = host;
      // Not serialised: a cancel must reach the host while a draft is still streaming.
      await page.exposeFunction('__toHost', (raw: unknown) => void side.send(raw));
      await page.goto(`${server.url}${options.query ?? ''}`);
      await page.locator('main.review h1, main.review .agreement').first().waitFor();
    },
  };
}
