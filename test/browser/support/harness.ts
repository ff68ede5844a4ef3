// One Chromium and one test-page server per test file, a fresh page and stand-in host per test, and a
// check after each test that the page threw and logged no error (CSP violations included).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { HostMessage } from '../../../src/protocol/messages';
import { launchChromium } from './chromium';
import { FakeHost } from './fakeHost';
import { type PanelServer, startPanelServer } from './server';

export interface PanelHarness {
  readonly page: Page;
  readonly host: FakeHost;
  readonly server: PanelServer;
  /** Opens the test page; `state` answers every `ready`. */
  open(state: HostMessage | null, query?: string): Promise<void>;
}

export function usePanelHarness(): PanelHarness {
  let browser: Browser;
  let server: PanelServer;
  let page: Page | undefined;
  let host: FakeHost | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startPanelServer()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  beforeEach(() => server.setInitialState(null));
  afterEach(async () => {
    await page?.close();
    page = undefined;
    expect(pageErrors).toEqual([]);
  });

  return {
    get page() {
      if (!page) throw new Error('open() the panel first');
      return page;
    },
    get host() {
      if (!host) throw new Error('open() the panel first');
      return host;
    },
    get server() {
      return server;
    },
    async open(state, query = '') {
      page = await browser.newPage();
      pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // A CSP violation (an inline handler, eval, a stray resource) shows up as a console error.
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      host = new FakeHost(page, () => state);
      await host.attach();
      await page.goto(`${server.url}${query}`);
      await host.next('ready', 0);
    },
  };
}
