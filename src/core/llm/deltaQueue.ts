// The hand-off between the request that receives an answer and whoever iterates it: deltas are
// buffered until read, then the iteration ends or throws the request's error.

export class DeltaQueue {
  private readonly items: string[] = [];
  private waiting: (() => void) | undefined;
  private state: { done: false } | { done: true; error?: unknown; failed: boolean } = { done: false };
  private iterated = false;

  push(delta: string): void {
    this.items.push(delta);
    this.wake();
  }

  end(): void {
    this.state = { done: true, failed: false };
    this.wake();
  }

  fail(error: unknown): void {
    this.state = { done: true, error, failed: true };
    this.wake();
  }

  /** One iteration per answer; leaving it early (break, return) calls `onLeave`, which cancels. */
  iterator(onLeave: () => void): AsyncIterator<string> {
    if (this.iterated) throw new Error('An answer can be iterated only once.');
    this.iterated = true;
    return {
      next: async (): Promise<IteratorResult<string>> => {
        while (true) {
          const item = this.items.shift();
          if (item !== undefined) return { done: false, value: item };
          if (this.state.done) {
            if (this.state.failed) throw this.state.error;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => {
            this.waiting = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<string>> => {
        if (!this.state.done) onLeave();
        return { done: true, value: undefined };
      },
    };
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
