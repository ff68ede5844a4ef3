// Group counts for the Logs tree that never keep a node waiting. Counts the summary tables answer come
// at once. With a text filter the logs themselves must be read (seconds at a million logs): the groups
// are shown at once from the same filter without the text (a superset), marked as counting, while the
// exact counts run in the background; when they arrive the node is redrawn with them (groups without a
// match disappear). Free of vscode so that it can be tested against real databases.
import type { LogFilterInput, LogGroupBy, LogGroupCount } from '../../core/domain/logQueries';

export interface CountsAnswer {
  counts: LogGroupCount[];
  /** True while the exact counts are still being computed: show the groups, not these numbers. */
  counting: boolean;
}

export interface ProgressiveCountsDeps {
  count(filter: LogFilterInput, groupBy: LogGroupBy, signal: AbortSignal): Promise<LogGroupCount[]>;
  /** Whether the summary tables answer this (fast) — the core's countsFromSummary. */
  summarized(filter: LogFilterInput, groupBy: LogGroupBy): boolean;
  /** The exact counts for `key` are ready (or failed): ask for that node's children again. */
  onSettled(key: string): void;
}

export class ProgressiveCounts {
  private readonly settled = new Map<string, LogGroupCount[] | { error: unknown }>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Bumped by reset(): background counts of an older epoch are dropped. */
  private epoch = 0;

  constructor(private readonly deps: ProgressiveCountsDeps) {}

  /** Forgets every count (the data, the filter or the grouping changed). */
  reset(): void {
    this.epoch++;
    this.settled.clear();
    this.pending.clear();
  }

  async get(
    key: string,
    filter: LogFilterInput,
    groupBy: LogGroupBy,
    signal: AbortSignal,
  ): Promise<CountsAnswer> {
    if (filter.text === undefined || this.deps.summarized(filter, groupBy)) {
      return { counts: await this.deps.count(filter, groupBy, signal), counting: false };
    }
    const done = this.settled.get(key);
    if (Array.isArray(done)) return { counts: done, counting: false };
    // The background count failed: count here, so that the error reaches the view.
    if (done) return { counts: await this.deps.count(filter, groupBy, signal), counting: false };
    const rough = await this.deps.count({ ...filter, text: undefined }, groupBy, signal);
    if (!this.pending.has(key)) this.pending.set(key, this.countExactly(key, filter, groupBy, signal));
    return { counts: rough, counting: true };
  }

  /** Resolves when every background count started so far has settled (for tests). */
  async idle(): Promise<void> {
    await Promise.all(this.pending.values());
  }

  private async countExactly(
    key: string,
    filter: LogFilterInput,
    groupBy: LogGroupBy,
    signal: AbortSignal,
  ): Promise<void> {
    const epoch = this.epoch;
    let result: LogGroupCount[] | { error: unknown };
    try {
      result = await this.deps.count(filter, groupBy, signal);
    } catch (error) {
      result = { error };
    }
    if (epoch !== this.epoch) return;
    this.pending.delete(key);
    // Abandoned: the next get() starts again.
    if (signal.aborted) return;
    this.settled.set(key, result);
    this.deps.onSettled(key);
  }
}
