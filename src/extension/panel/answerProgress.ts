// A streaming answer on its way to the panel: the text so far is parsed again (Markdown can change an
// earlier line's meaning, e.g. a setext heading or a table), but only the top-level blocks that changed
// since the last message are sent, so a long answer costs the webview one block per update. Updates are
// throttled: at most one per interval, which grows when parsing gets slow, and one at the end.
import type { MarkdownTree } from '../../protocol/markdown';

export interface Progress {
  /** The webview keeps its blocks before `from` and replaces the rest with `blocks`. */
  from: number;
  blocks: MarkdownTree;
}

/** The answer's text and the blocks the webview has been sent; pure, so tested without timers. */
export class AnswerTree {
  private text = '';
  private sent: string[] = [];

  constructor(private readonly toTree: (text: string) => MarkdownTree) {}

  append(delta: string): void {
    this.text += delta;
  }

  /** The webview lost what it was sent (it reloaded): the next progress sends every block again. */
  forgetSent(): void {
    this.sent = [];
  }

  /** What changed since the last call, or null when the webview already shows all of it. */
  progress(): Progress | null {
    const blocks = this.toTree(this.text);
    const keys = blocks.map((block) => JSON.stringify(block));
    let from = 0;
    while (from < keys.length && keys[from] === this.sent[from]) from++;
    if (from === keys.length && keys.length === this.sent.length) return null;
    this.sent = keys;
    return { from, blocks: blocks.slice(from) };
  }
}

export interface ProgressSender {
  append(delta: string): void;
  /** Sends what is left at once and stops the timer. */
  finish(): void;
  /** Stops without sending (cancelled, failed). */
  stop(): void;
  /** The webview reloaded: the next update carries the whole answer so far. */
  resend(): void;
}

export interface ProgressOptions {
  toTree: (text: string) => MarkdownTree;
  send: (progress: Progress) => void;
  intervalMs?: number;
  now?: () => number;
}

export function createProgressSender({
  toTree,
  send,
  intervalMs = 50,
  now = () => performance.now(),
}: ProgressOptions): ProgressSender {
  const tree = new AnswerTree(toTree);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let interval = intervalMs;

  const flush = () => {
    timer = undefined;
    const started = now();
    const progress = tree.progress();
    // Parsing a very long answer every 50 ms would keep the host busy: stay under ~20 % of a core.
    interval = Math.max(intervalMs, (now() - started) * 5);
    last = now();
    if (progress) send(progress);
  };

  return {
    append(delta) {
      tree.append(delta);
      if (timer !== undefined) return;
      const wait = last + interval - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    finish() {
      if (timer !== undefined) clearTimeout(timer);
      flush();
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    resend() {
      tree.forgetSent();
      this.append('');
    },
  };
}
