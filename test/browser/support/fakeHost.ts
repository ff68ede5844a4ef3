// Plays the extension host's side of the panel protocol for a test page: every message from the webview
// is validated with the same schemas the real host uses; messages to it are posted into the page. Answers
// are turned into Markdown trees by the real host code, run here in Node.
import type { Page } from 'playwright-core';
import { AnswerTree } from '../../../src/extension/panel/answerProgress';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import type { HostMessage, WebviewMessage } from '../../../src/protocol/messages';
import { parseWebviewMessage } from '../../../src/protocol/webviewMessages';

type Of<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

interface Waiter {
  type: WebviewMessage['type'];
  from: number;
  resolve: (message: WebviewMessage) => void;
}

export class FakeHost {
  readonly received: WebviewMessage[] = [];
  readonly invalid: string[] = [];
  private waiters: Waiter[] = [];
  private answers = new Map<string, AnswerTree>();

  /** `onReady` answers every `ready` (a reload sends it again), like the real host answers with state. */
  constructor(
    private readonly page: Page,
    private readonly onReady: () => HostMessage | null,
  ) {}

  async attach(): Promise<void> {
    await this.page.exposeFunction('__toHost', (raw: unknown) => this.receive(raw));
  }

  private receive(raw: unknown) {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.invalid.push(parsed.error);
      return;
    }
    const message = parsed.message;
    this.received.push(message);
    const index = this.received.length - 1;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.type !== message.type || index < waiter.from) return true;
      waiter.resolve(message);
      return false;
    });
    if (message.type === 'ready') {
      const reply = this.onReady();
      if (reply) void this.send(reply);
    }
  }

  async send(message: HostMessage): Promise<void> {
    await this.sendRaw(message);
  }

  /** Anything at all, to prove the webview drops what the protocol does not allow. */
  async sendRaw(message: unknown): Promise<void> {
    await this.postAndWait([message]);
  }

  /** Posts many messages in one task, as a fast stream would arrive. */
  async sendAll(messages: HostMessage[]): Promise<void> {
    await this.postAndWait(messages);
  }

  /**
   * Posts the messages and settles once the page has handled them: a posted message is dispatched in a
   * later task, and a test that moved a fake clock on before that fired the panel's reply timeout first.
   * A listener added now runs after the panel's own for the same event.
   */
  private async postAndWait(messages: unknown[]): Promise<void> {
    await this.page.evaluate(
      (list) =>
        new Promise<void>((handled) => {
          const expected = list.map((m) => JSON.stringify(m));
          let next = 0;
          const seen = (event: MessageEvent) => {
            if (JSON.stringify(event.data) === expected[next]) next += 1;
            if (next < expected.length) return;
            window.removeEventListener('message', seen);
            handled();
          };
          if (expected.length === 0) return handled();
          window.addEventListener('message', seen);
          for (const m of list) window.postMessage(m, '*');
        }),
      messages,
    );
  }

  /**
   * Streams an answer as the host does (answerProgress.ts with the real parser): one update per chunk,
   * all posted in one task, as a fast model's stream would arrive. Later calls continue the same answer.
   */
  async streamAnswer(requestId: string, chunks: string[]): Promise<void> {
    const answer = this.answers.get(requestId) ?? new AnswerTree(markdownTree);
    this.answers.set(requestId, answer);
    const messages: HostMessage[] = [];
    for (const chunk of chunks) {
      answer.append(chunk);
      const update = answer.progress();
      if (update) messages.push({ type: 'answerProgress', request_id: requestId, ...update });
    }
    await this.sendAll(messages);
  }

  sent<T extends WebviewMessage['type']>(type: T): Of<T>[] {
    return this.received.filter((message): message is Of<T> => message.type === type);
  }

  /** The next message of this type (counting from now, or from `from`), or a timeout. */
  next<T extends WebviewMessage['type']>(
    type: T,
    from = this.received.length,
    timeoutMs = 10_000,
  ): Promise<Of<T>> {
    const already = this.received.slice(from).find((message) => message.type === type);
    if (already) return Promise.resolve(already as Of<T>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message from the webview`)), timeoutMs);
      this.waiters.push({
        type,
        from,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Of<T>);
        },
      });
    });
  }
}
