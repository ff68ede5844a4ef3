import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ModelAsker } from '../../../src/core/api/deps';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import type { User } from '../../../src/core/db/schema';
import type { Walk } from '../../../src/extension/review/reviewBackend';
import type { ReviewHostMessage } from '../../../src/protocol/review';
import { type HostSide, reviewHost } from '../../integration/review/reviewViewHost';
import { truncateAll } from '../../support/testDatabase';
import { launchChromium } from './chromium';
import { startViewPageServer } from './viewPageServer';

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
      startViewPageServer('review', 'Llamune Review'),
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
