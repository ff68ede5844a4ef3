// Streaming deltas arrive far faster than the screen refreshes: they are gathered and handed on at most
// once per animation frame, and flushed at once before any other message so order is kept.
export interface DeltaBatcher {
  add(requestId: string, text: string): void;
  flush(): void;
  dispose(): void;
}

export function createDeltaBatcher(
  deliver: (requestId: string, text: string) => void,
  schedule: (callback: () => void) => number = requestAnimationFrame,
  unschedule: (handle: number) => void = cancelAnimationFrame,
): DeltaBatcher {
  let requestId: string | null = null;
  let parts: string[] = [];
  let frame: number | null = null;

  const flush = () => {
    if (frame !== null) unschedule(frame);
    frame = null;
    if (requestId !== null && parts.length > 0) deliver(requestId, parts.join(''));
    requestId = null;
    parts = [];
  };

  return {
    add(id, text) {
      if (requestId !== null && requestId !== id) flush();
      requestId = id;
      parts.push(text);
      frame ??= schedule(flush);
    },
    flush,
    dispose() {
      if (frame !== null) unschedule(frame);
      frame = null;
      parts = [];
    },
  };
}
