// The training view's frame batching: messages wait for the next frame and are handed on together, in
// order; flush hands them on at once; dispose drops them.
import { describe, expect, it } from 'vitest';
import { createFrameBatcher } from '../../../webview/training/frameBatcher';

function frames() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    schedule: (callback: () => void) => {
      pending.set(next, callback);
      return next++;
    },
    unschedule: (handle: number) => pending.delete(handle),
    run() {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback();
    },
    get count() {
      return pending.size;
    },
  };
}

describe('frame batcher', () => {
  it('hands on everything added before a frame once, in order, and asks for one frame only', () => {
    const clock = frames();
    const delivered: number[][] = [];
    const batcher = createFrameBatcher<number>(
      (items) => delivered.push(items),
      clock.schedule,
      clock.unschedule,
    );
    for (let i = 0; i < 5; i++) batcher.add(i);
    expect(delivered).toEqual([]);
    expect(clock.count).toBe(1);
    clock.run();
    expect(delivered).toEqual([[0, 1, 2, 3, 4]]);
    batcher.add(5);
    clock.run();
    expect(delivered).toEqual([[0, 1, 2, 3, 4], [5]]);
  });

  it('flushes at once (before a user action) and cancels the frame it asked for', () => {
    const clock = frames();
    const delivered: string[][] = [];
    const batcher = createFrameBatcher<string>(
      (items) => delivered.push(items),
      clock.schedule,
      clock.unschedule,
    );
    batcher.add('a');
    batcher.flush();
    expect(delivered).toEqual([['a']]);
    expect(clock.count).toBe(0);
    batcher.flush();
    expect(delivered).toHaveLength(1);
  });

  it('drops what waits when disposed', () => {
    const clock = frames();
    const delivered: string[][] = [];
    const batcher = createFrameBatcher<string>(
      (items) => delivered.push(items),
      clock.schedule,
      clock.unschedule,
    );
    batcher.add('a');
    batcher.dispose();
    clock.run();
    expect(delivered).toEqual([]);
  });
});
