// Group commit for hot writes: concurrent calls are sent to the database together, as one statement
// (one round trip, one commit, one run of each statement trigger for the lot). No timer decides: a
// write that arrives while fewer than `maxInFlight` statements are running goes at once, alone, so a
// lone writer waits for nothing; those that arrive while the statements run leave together in the next.
// A batch that fails for a reason other than the database being unavailable is run again item by item,
// so that one item's error is that item's alone and never costs the others their write.
import { isDatabaseUnavailable } from './connectionErrors';

export interface WriteBatcherOptions<T, R> {
  /** Writes `items` in one statement; the results in the items' order. */
  write(items: T[]): Promise<R[]>;
  /** Items with the same key are written in turn, in arrival order: never in one batch, nor in two at once. */
  key(item: T): unknown;
  /** Statements running at once (default 2). */
  maxInFlight?: number;
  /** Items in one statement at most (default 64). */
  maxBatch?: number;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function writeBatcher<T, R>(options: WriteBatcherOptions<T, R>): (item: T) => Promise<R> {
  const { write, key, maxInFlight = 2, maxBatch = 64 } = options;
  let queue: Pending<T, R>[] = [];
  let inFlight = 0;
  const keysInFlight = new Set<unknown>();

  const takeBatch = (): Pending<T, R>[] => {
    // The usual case, one write alone: nothing to sort out.
    if (queue.length === 1 && keysInFlight.size === 0) {
      const batch = queue;
      queue = [];
      return batch;
    }
    const batch: Pending<T, R>[] = [];
    const rest: Pending<T, R>[] = [];
    // A key already met here (taken, or left waiting) keeps its later items waiting behind it.
    const seen = new Set<unknown>(keysInFlight);
    for (const pending of queue) {
      const k = key(pending.item);
      if (batch.length < maxBatch && !seen.has(k)) batch.push(pending);
      else rest.push(pending);
      seen.add(k);
    }
    queue = rest;
    return batch;
  };

  const settle = async (batch: Pending<T, R>[]): Promise<void> => {
    try {
      const results = await write(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as R);
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      await Promise.all(batch.map((p) => settle([p])));
    }
  };

  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      if (batch.length === 0) return;
      const keys = batch.map((p) => key(p.item));
      for (const k of keys) keysInFlight.add(k);
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        for (const k of keys) keysInFlight.delete(k);
        pump();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
