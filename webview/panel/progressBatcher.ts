// A streaming answer's updates can arrive faster than the screen refreshes: they are gathered and handed
// on at most once per animation frame, and flushed at once before any other message so order is kept.
import type { AnswerUpdate } from '../../src/protocol/messages';

export interface ProgressBatcher {
  add(requestId: string, update: AnswerUpdate): void;
  flush(): void;
  dispose(): void;
}

export function createProgressBatcher(
  deliver: (requestId: string, updates: AnswerUpdate[]) => void,
  schedule: (callback: () => void) => number = requestAnimationFrame,
  unschedule: (handle: number) => void = cancelAnimationFrame,
): ProgressBatcher {
  let requestId: string | null = null;
  let updates: AnswerUpdate[] = [];
  let frame: number | null = null;

  const flush = () => {
    if (frame !== null) unschedule(frame);
    frame = null;
    if (requestId !== null && updates.length > 0) deliver(requestId, updates);
    requestId = null;
    updates = [];
  };

  return {
    add(id, update) {
      if (requestId !== null && requestId !== id) flush();
      requestId = id;
      updates.push(update);
      frame ??= schedule(flush);
    },
    flush,
    dispose() {
      if (frame !== null) unschedule(frame);
      frame = null;
      updates = [];
    },
  };
}
