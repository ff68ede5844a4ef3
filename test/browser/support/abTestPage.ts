// The A/B view's test page: its real HTML (the training view's page: same CSP, same nonce rule), the
// built bundle from dist/webview, VS Code's stand-ins, and the host's real link (AbTestLink: validation,
// the same message building as the editor, markdown-it trees) over an in-memory run whose hidden order
// the test knows. One Chromium and server per file, a fresh page per test, and a check after each test
// that the page threw and logged no error (CSP violations included) and that the host refused nothing.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AbItemView, AbPairWinRate } from '../../../src/core/abtest';
import { wilsonInterval } from '../../../src/core/abtest/winRate';
import { DomainError } from '../../../src/core/errors';
import type { AbBackend } from '../../../src/extension/abtest/abTestLink';
import { AbTestLink } from '../../../src/extension/abtest/abTestLink';
import { toItemMessage, toStateMessage } from '../../../src/extension/abtest/abTestMessages';
import { createNonce } from '../../../src/extension/panel/html';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import { renderTrainingHtml } from '../../../src/extension/training/trainingHtml';
import { type AbViewMessage, parseAbViewMessage } from '../../../src/protocol/abtest';
import type { AbLocale } from '../../../src/protocol/abtestLabels';
import { launchChromium } from './chromium';

const root = process.cwd();
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  let origin = '';
  const page = (locale: AbLocale) => {
    const nonce = createNonce();
    const html = renderTrainingHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/abtest.js`,
      styleUri: `${origin}/dist/abtest.css`,
      locale,
      title: 'Llamune A/B Test',
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

export interface MemoryItem {
  question: string;
  system_prompt: string | null;
  /** The hidden order: which model answered as A and which as B. */
  a: { model: string; answer: string };
  b: { model: string; answer: string } | null;
}

/** A run held in memory, voted on as the core would: one vote per item, the reveal with it. */
export class MemoryRun implements AbBackend {
  readonly votes = new Map<number, { choice: 'A' | 'B' | 'tie'; reason: string | null }>();
  constructor(
    readonly items: MemoryItem[],
    readonly models: [string, string],
  ) {}

  private view(position: number): AbItemView {
    const item = this.items[position];
    if (!item) throw new DomainError('not_found', `Item ${position + 1} was not found.`);
    const vote = this.votes.get(position);
    const ref = (label: string) => ({ model_id: this.models.indexOf(label) + 1, label });
    return {
      position,
      question: item.question,
      system_prompt: item.system_prompt,
      answers: item.b ? { a: item.a.answer, b: item.b.answer } : null,
      error: null,
      vote: vote
        ? {
            ...vote,
            voted_at: new Date(),
            reveal: {
              a: ref(item.a.model),
              b: ref(item.b!.model),
              winner: vote.choice === 'tie' ? null : ref(vote.choice === 'A' ? item.a.model : item.b!.model),
            },
          }
        : null,
    };
  }

  async state() {
    const [first, second] = this.models;
    let wins = 0;
    let losses = 0;
    let ties = 0;
    for (const [position, vote] of this.votes) {
      const item = this.items[position]!;
      if (vote.choice === 'tie') ties += 1;
      else if ((vote.choice === 'A' ? item.a.model : item.b!.model) === first) wins += 1;
      else losses += 1;
    }
    const rates: AbPairWinRate[] =
      this.votes.size === 0
        ? []
        : [
            {
              model: { model_id: 1, label: first },
              opponent: { model_id: 2, label: second },
              wins,
              losses,
              ties,
              count: this.votes.size,
              win_rate: wins + losses === 0 ? null : wins / (wins + losses),
              interval: wilsonInterval(wins, wins + losses),
            },
          ];
    const answered = this.items.filter((item) => item.b !== null).length;
    return toStateMessage(
      {
        id: 1,
        poc_id: 1,
        title: `A/B: ${this.items.length} questions, ${first} vs ${second}`,
        status: 'done',
        paused_reason: null,
        models: [
          { model_id: 1, label: first },
          { model_id: 2, label: second },
        ],
        items: this.items.length,
        answered,
        voted: this.votes.size,
      },
      rates,
    );
  }

  async item(position: number) {
    return toItemMessage(this.view(position), markdownTree);
  }

  async vote(position: number, choice: 'A' | 'B' | 'tie', reason: string | null) {
    if (this.votes.has(position))
      throw new DomainError(
        'conflict',
        `You have already voted on item ${position + 1}.`,
        'ab_already_voted',
      );
    this.votes.set(position, { choice, reason });
  }

  async start() {
    return 0;
  }
}

/** The extension host's side: the real AbTestLink over a MemoryRun, posting into the test page. */
export class FakeAbHost {
  readonly received: AbViewMessage[] = [];
  readonly warnings: string[] = [];
  readonly opened: string[] = [];
  private link: AbTestLink;
  private handled: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly page: Page,
    readonly run: MemoryRun,
  ) {
    this.link = new AbTestLink(run, {
      openLink: (href) => this.opened.push(href),
      warn: (message) => this.warnings.push(message),
    });
    this.link.attach((message) => {
      this.handled = this.handled.then(() => this.sendRaw([message]));
    });
  }

  async attach(): Promise<void> {
    await this.page.exposeFunction('__toHost', (raw: unknown) => {
      if (parseAbViewMessage(raw).ok) this.received.push(raw as AbViewMessage);
      this.handled = this.handled.then(() => this.link.receive(raw));
    });
  }

  /** Anything at all, straight into the page, to prove the view drops what the protocol does not allow. */
  async sendRaw(messages: unknown[]): Promise<void> {
    await this.page.evaluate((list) => {
      for (const m of list) window.postMessage(m, '*');
    }, messages);
  }

  /** Resolves once every message so far is handled and its answers are in the page. */
  settled = () => this.handled.then(() => this.handled);

  sent<T extends AbViewMessage['type']>(type: T): Extract<AbViewMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<AbViewMessage, { type: T }> => m.type === type);
  }
}

export interface AbHarness {
  readonly page: Page;
  readonly host: FakeAbHost;
  open(run: MemoryRun, query?: string): Promise<void>;
}

export function useAbHarness(): AbHarness {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let page: Page | undefined;
  let host: FakeAbHost | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
    expect(pageErrors).toEqual([]);
    expect(host?.warnings ?? []).toEqual([]);
  });

  return {
    get page() {
      if (!page) throw new Error('open() the view first');
      return page;
    },
    get host() {
      if (!host) throw new Error('open() the view first');
      return host;
    },
    async open(run, query = '') {
      page = await browser.newPage();
      pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      host = new FakeAbHost(page, run);
      await host.attach();
      await page.goto(`${server.url}${query}`);
      await page.locator('article.item').waitFor();
    },
  };
}
