import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TrainingOutcome, TrainingReport } from '../../../src/core/training/events';
import type { TrainingRun } from '../../../src/extension/training/trainingTranscript';
import { TrainingViewLink } from '../../../src/extension/training/trainingViewLink';
import { parseTrainingViewMessage, type TrainingViewMessage } from '../../../src/protocol/training';
import { launchChromium } from './chromium';
import { startViewPageServer, type ViewPageServer } from './viewPageServer';

type Of<T extends TrainingViewMessage['type']> = Extract<TrainingViewMessage, { type: T }>;

/**
 * The extension host's side, as TrainingView runs it: the real TrainingViewLink (transcript, validation
 * both ways, replay on `ready`), posting into the test page instead of a WebviewPanel. What the link
 * hands to the handlers is recorded for the tests.
 */
export class FakeTrainingHost {
  readonly received: TrainingViewMessage[] = [];
  readonly warnings: string[] = [];
  private readonly link = new TrainingViewLink({
    cancel: () => this.record({ type: 'cancel' }),
    register: () => this.record({ type: 'register' }),
    showLog: () => this.record({ type: 'showLog' }),
    warn: (message) => this.warnings.push(message),
  });
  private posting: Promise<unknown> = Promise.resolve();
  private waiters: { type: string; resolve: (message: TrainingViewMessage) => void }[] = [];

  constructor(private readonly page: Page) {
    // Posted in order, one after the other, as a WebviewPanel delivers them.
    this.link.attach((message) => {
      this.posting = this.posting.then(() => this.sendRaw([message]));
    });
  }

  async attach(): Promise<void> {
    await this.page.exposeFunction('__toHost', (raw: unknown) => {
      // `ready` is the one message the link answers itself (with the replay): record it too.
      if (parseTrainingViewMessage(raw).ok && (raw as { type: string }).type === 'ready')
        this.record({ type: 'ready' });
      this.link.receive(raw);
    });
  }

  private record(message: TrainingViewMessage) {
    this.received.push(message);
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.type !== message.type) return true;
      waiter.resolve(message);
      return false;
    });
  }

  /** Resolves once everything the link posted so far is in the page. */
  private delivered = () => this.posting.then(() => undefined);

  reset = (run: TrainingRun) => {
    this.link.reset(run);
    return this.delivered();
  };
  report = (...reports: TrainingReport[]) => {
    for (const report of reports) this.link.report(report);
    return this.delivered();
  };
  line = (...lines: string[]) => {
    for (const line of lines) this.link.line(line);
    return this.delivered();
  };
  finish = (outcome: TrainingOutcome, registerLabel?: string | null) => {
    this.link.finish(outcome, registerLabel);
    return this.delivered();
  };
  registered = (text: string) => {
    this.link.registered(text);
    return this.delivered();
  };

  /** Anything at all, straight into the page, to prove the view drops what the protocol does not allow. */
  async sendRaw(messages: unknown[]): Promise<void> {
    await this.page.evaluate((list) => {
      for (const m of list) window.postMessage(m, '*');
    }, messages);
  }

  sent<T extends TrainingViewMessage['type']>(type: T): Of<T>[] {
    return this.received.filter((message): message is Of<T> => message.type === type);
  }

  /** The next message of this type from now on, or a timeout. */
  next<T extends TrainingViewMessage['type']>(type: T, timeoutMs = 10_000): Promise<Of<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message from the view`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Of<T>);
        },
      });
    });
  }
}

export interface TrainingHarness {
  readonly page: Page;
  readonly host: FakeTrainingHost;
  /** Opens the view; resolves once it said `ready`. */
  open(query?: string): Promise<void>;
  /** Reloads the page (a reloaded webview) and waits for its `ready`. */
  reload(): Promise<void>;
}

export function useTrainingHarness(): TrainingHarness {
  let browser: Browser;
  let server: ViewPageServer;
  let page: Page | undefined;
  let host: FakeTrainingHost | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startViewPageServer('training', 'Llamune Training'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
    expect(pageErrors).toEqual([]);
    // Nothing the page sent was refused, and nothing the host meant to show was dropped.
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
    async open(query = '') {
      page = await browser.newPage();
      pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // A CSP violation (an inline handler, a stray resource) shows up as a console error.
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      host = new FakeTrainingHost(page);
      await host.attach();
      const ready = host.next('ready');
      await page.goto(`${server.url}${query}`);
      await ready;
    },
    async reload() {
      const ready = this.host.next('ready');
      await this.page.reload();
      await ready;
    },
  };
}
