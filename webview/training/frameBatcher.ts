// The host can send hundreds of messages at once (a replay after a reload, a burst of output): they are
// gathered and handed on at most once per animation frame, so the chart and the table are drawn once per
// frame rather than once per message. A hidden view draws nothing until it is shown again.
export interface FrameBatcher<T> {
  add(item: T): void;
  /** Hands on what is waiting now (before a user action, so that it applies to what is on screen). */
  flush(): void;
  dispose(): void;
}

export function createFrameBatcher<T>(
  deliver: (items: T[]) => void,
  schedule: (callback: () => void) => number = requestAnimationFrame,
  unschedule: (handle: number) => void = cancelAnimationFrame,
): FrameBatcher<T> {
  let items: T[] = [];
  let frame: number | null = null;

  const flush = () => {
    if (frame !== null) unschedule(frame);
    frame = null;
    if (items.length === 0) return;
    const batch = items;
    items = [];
    deliver(batch);
  };

  return {
    add(item) {
      items.push(item);
      frame ??= schedule(flush);
    },
    flush,
    dispose() {
      if (frame !== null) unschedule(frame);
      frame = null;
      items = [];
    },
  };
}
