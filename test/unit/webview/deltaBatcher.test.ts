import { describe, expect, it } from 'vitest';
import { createDeltaBatcher } from '../../../webview/panel/deltaBatcher';

function harness() {
  const delivered: [string, string][] = [];
  const frames: (() => void)[] = [];
  const batcher = createDeltaBatcher(
    (id, text) => delivered.push([id, text]),
    (callback) => frames.push(callback),
    () => {},
  );
  const nextFrame = () => {
    for (const callback of frames.splice(0)) callback();
  };
  return { delivered, frames, batcher, nextFrame };
}

describe('delta batching', () => {
  it('hands on a whole burst of deltas once, at the next frame', () => {
    const { delivered, frames, batcher, nextFrame } = harness();
    for (let i = 0; i < 500; i++) batcher.add('r1', `${i},`);
    expect(frames).toHaveLength(1);
    expect(delivered).toEqual([]);
    nextFrame();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.[1].split(',')).toHaveLength(501);
  });

  it('flushes at once when another message must keep its order', () => {
    const { delivered, batcher } = harness();
    batcher.add('r1', 'a');
    batcher.add('r1', 'b');
    batcher.flush();
    expect(delivered).toEqual([['r1', 'ab']]);
    batcher.flush();
    expect(delivered).toHaveLength(1);
  });

  it('keeps deltas of different requests apart', () => {
    const { delivered, batcher, nextFrame } = harness();
    batcher.add('r1', 'a');
    batcher.add('r2', 'b');
    nextFrame();
    expect(delivered).toEqual([
      ['r1', 'a'],
      ['r2', 'b'],
    ]);
  });
});
