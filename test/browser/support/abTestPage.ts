import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AbItemView, AbPairWinRate } from '../../../src/core/abtest';
import { wilsonInterval } from '../../../src/core/abtest/winRate';
import { DomainError } from '../../../src/core/errors';
import type { AbBackend } from '../../../src/extension/abtest/abTestLink';
import { AbTestLink } from '../../../src/extension/abtest/abTestLink';
import { toItemMessage, toStateMessage } from '../../../src/extension/abtest/abTestMessages';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import { type AbViewMessage, parseAbViewMessage } from '../../../src/protocol/abtest';
import { launchChromium } from './chromium';
import { startViewPageServer } from './viewPageServer';

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
    [browser, server] = await Promise.all([
      launchChromium(),
      startViewPageServer('abtest', 'Llamune A/B Test'),
    ]);
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
