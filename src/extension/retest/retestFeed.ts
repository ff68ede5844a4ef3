// Keeps the panel's re-test view current: the run it shows (its light rows and counts), the question
// selected there in full, and the answer being asked, streamed. Progress is batched: a question's
// events mark its row changed, and at most every `intervalMs` one message carries every changed row
// (read again from the database, the one source of truth) with the counts; the streaming answer goes
// through the panel's throttled sender (answerProgress.ts). Nothing is sent for a run not shown.
// No vscode import: tested against both databases.
import type { Kysely } from 'kysely';
import type { ConversationLog, Database, Model } from '../../core/db/schema';
import type { Flip, RetestItemView, RetestProgress, RetestRunView } from '../../core/retest';
import type { MarkdownTree } from '../../protocol/markdown';
import type { HostMessage } from '../../protocol/messages';
import type { RetestRow } from '../../protocol/retest';
import { createProgressSender, type ProgressSender } from '../panel/answerProgress';
import { toRetestItemView, toRetestRow, toRetestRunView } from './retestViews';

export type RetestHostMessage = Extract<
  HostMessage,
  { type: 'retestRun' | 'retestRows' | 'retestItem' | 'retestAnswerProgress' }
>;

/** The core functions the feed reads with (the lazily loaded core in the editor; direct in tests). */
export interface RetestFeedCore {
  retestRun(db: Kysely<Database>, runId: number): Promise<RetestRunView>;
  retestItems(db: Kysely<Database>, runId: number, positions?: readonly number[]): Promise<RetestItemView[]>;
  getLog(db: Kysely<Database>, id: number): Promise<ConversationLog>;
  getModel(db: Kysely<Database>, id: number): Promise<Model>;
  markdownTree(text: string): MarkdownTree;
  answerTree(text: string): MarkdownTree;
}

export interface RetestFeedOptions {
  db: () => Promise<Kysely<Database>>;
  core: () => RetestFeedCore;
  /** Posts to the panel; drops the message when the webview is not listening (it asks again on ready). */
  post: (message: RetestHostMessage) => void;
  warn: (message: string) => void;
  intervalMs?: number;
}

/** The events of one run, as runRetest reports them. */
export interface RetestRunEvents {
  onStart(position: number): void;
  onDelta(position: number, text: string): void;
  onItem(progress: RetestProgress): void;
  /** The run stopped (done, paused, cancelled): its status is read again. */
  onStopped(): void;
}

interface Shown {
  runId: number;
  run: RetestRunView;
  target: Model | undefined;
  rows: RetestRow[];
  /** New log id → position, to find the rows a saved rating changes. */
  byNewLog: Map<number, number>;
  answering: number | null;
  selected: number | null;
}

export class RetestFeed {
  private shown: Shown | undefined;
  private readonly changed = new Set<number>();
  private runChanged = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private stream: { position: number; sender: ProgressSender } | undefined;

  constructor(private readonly options: RetestFeedOptions) {}

  get shownRunId(): number | undefined {
    return this.shown?.runId;
  }

  /** Shows this run in the view (read whole), optionally with one question selected. */
  async show(runId: number, position?: number): Promise<void> {
    const { core, db } = this.options;
    const database = await db();
    const run = await core().retestRun(database, runId);
    const items = await core().retestItems(database, runId);
    const target = await core()
      .getModel(database, run.targetModelId)
      .catch(() => undefined);
    const answering = this.shown?.runId === runId ? this.shown.answering : null;
    this.stopStream();
    this.shown = {
      runId,
      run,
      target,
      rows: items.map((item) => toRetestRow(item, answering)),
      byNewLog: new Map(items.flatMap((item) => (item.after ? [[item.after.logId, item.position]] : []))),
      answering,
      selected: position ?? null,
    };
    this.changed.clear();
    this.sendWhole();
    if (position !== undefined) await this.sendItem(this.shown, position, true);
  }

  /** The webview (re)loaded: it gets the whole run again, if one is shown, and its selected question. */
  async resend(): Promise<void> {
    const shown = this.shown;
    if (!shown) return;
    this.sendWhole();
    this.stream?.sender.resend();
    if (shown.selected !== null) await this.sendItem(shown, shown.selected, true);
  }

  close(runId: number): void {
    if (this.shown?.runId !== runId) return;
    this.stopStream();
    this.shown = undefined;
    this.changed.clear();
  }

  /** The webview selected a question: send it in full now and whenever it changes. */
  async select(runId: number, position: number): Promise<void> {
    const shown = this.shown;
    if (shown?.runId !== runId) return;
    shown.selected = position;
    await this.sendItem(shown, position);
  }

  /** Logs changed (a rating saved here or elsewhere): the rows they answer are read again. */
  logsChanged(logIds: readonly number[]): void {
    const shown = this.shown;
    if (!shown) return;
    for (const id of logIds) {
      const position = shown.byNewLog.get(id);
      if (position !== undefined) this.changed.add(position);
    }
    if (this.changed.size > 0) this.schedule();
  }

  /** A run's status changed outside its events (cancelled while stopped, resumed). */
  runStatusChanged(runId: number): void {
    if (this.shown?.runId !== runId) return;
    this.runChanged = true;
    this.schedule();
  }

  /** What the core's runRetest reports, turned into batched view updates. */
  eventsFor(runId: number): RetestRunEvents {
    const mine = () => (this.shown?.runId === runId ? this.shown : undefined);
    return {
      onStart: (position) => {
        const shown = mine();
        if (!shown) return;
        const previous = shown.answering;
        shown.answering = position;
        if (previous !== null) this.changed.add(previous);
        this.changed.add(position);
        this.runChanged = true;
        this.schedule();
      },
      onDelta: (position, text) => {
        if (!mine() || !text) return;
        if (this.stream?.position !== position) {
          this.stopStream();
          const sender = createProgressSender({
            toTree: (answer) => this.options.core().markdownTree(answer),
            send: (update) =>
              this.options.post({ type: 'retestAnswerProgress', run_id: runId, position, ...update }),
          });
          this.stream = { position, sender };
        }
        this.stream.sender.append(text);
      },
      onItem: (progress) => {
        const shown = mine();
        if (!shown) return;
        if (this.stream?.position === progress.position) this.stopStream();
        if (progress.newLogId !== null) shown.byNewLog.set(progress.newLogId, progress.position);
        if (shown.answering === progress.position) shown.answering = null;
        this.changed.add(progress.position);
        this.schedule();
      },
      onStopped: () => {
        const shown = mine();
        if (!shown) return;
        this.stopStream();
        if (shown.answering !== null) this.changed.add(shown.answering);
        shown.answering = null;
        this.runChanged = true;
        this.schedule();
      },
    };
  }

  /** Sends what changed now (tests and the end of a run call it; the timer otherwise). */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.sendChanged());
    return this.flushing;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.stopStream();
    this.shown = undefined;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), this.options.intervalMs ?? 150);
  }

  private stopStream(): void {
    this.stream?.sender.stop();
    this.stream = undefined;
  }

  private sendWhole(): void {
    const shown = this.shown!;
    this.options.post({
      type: 'retestRun',
      run: this.runView(shown),
      counts: countRows(shown.rows),
      rows: shown.rows,
    });
  }

  private runView(shown: Shown) {
    return toRetestRunView(shown.run, shown.target, shown.rows.length, shown.answering);
  }

  private async sendChanged(): Promise<void> {
    const shown = this.shown;
    if (!shown || (this.changed.size === 0 && !this.runChanged)) return;
    const positions = [...this.changed];
    this.changed.clear();
    const readRun = this.runChanged;
    this.runChanged = false;
    try {
      const { core, db } = this.options;
      const database = await db();
      if (readRun) shown.run = await core().retestRun(database, shown.runId);
      const items = await core().retestItems(database, shown.runId, positions);
      // The view moved to another run meanwhile: that run's own reads follow.
      if (this.shown !== shown) return;
      const rows = items.map((item) => toRetestRow(item, shown.answering));
      for (const row of rows) shown.rows[row.position] = row;
      this.options.post({
        type: 'retestRows',
        run: this.runView(shown),
        counts: countRows(shown.rows),
        rows,
      });
      if (shown.selected !== null && positions.includes(shown.selected))
        await this.sendItem(shown, shown.selected);
    } catch (error) {
      this.options.warn(`Re-test view: ${(error as Error).message}`);
    }
  }

  private async sendItem(shown: Shown, position: number, reveal = false): Promise<void> {
    const { core, db } = this.options;
    const database = await db();
    const [item] = await core().retestItems(database, shown.runId, [position]);
    if (!item || this.shown !== shown) return;
    const newLog = item.after ? await core().getLog(database, item.after.logId) : undefined;
    this.options.post({
      type: 'retestItem',
      run_id: shown.runId,
      item: toRetestItemView(item, newLog, (text) => core().answerTree(text)),
      reveal,
    });
  }
}

function countRows(rows: readonly RetestRow[]): Record<Flip, number> {
  const counts: Record<Flip, number> = {
    fixed: 0,
    still_wrong: 0,
    regressed: 0,
    still_good: 0,
    unrated: 0,
    not_asked: 0,
  };
  for (const row of rows) counts[row.flip] += 1;
  return counts;
}
