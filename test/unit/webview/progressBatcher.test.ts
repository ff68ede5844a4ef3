import { describe, expect, it } from 'vitest';
import type { AnswerUpdate } from '../../../src/protocol/messages';
import { createProgressBatcher } from '../../../webview/panel/progressBatcher';

function harness() {
  const delivered: [string, AnswerUpdate[]][] = [];
  const frames: (() => void)[] = [];
  const batcher = createProgressBatcher(
    (id, updates) => delivered.push([id, updates]),
    (callback) => frames.push(callback),
    () => {},
  );
  const nextFrame = () => {
    for (const callback of frames.splice(0)) callback();
  };
  return { delivered, frames, batcher, nextFrame };
}

const update = (from: number, text: string): AnswerUpdate => ({ from, blocks: [{ t: 'p', c: [text] }] });

describe('answer update batching', () => {
  it('hands on a whole burst of updates once, at the next frame, in order', () => {
    const { delivered, frames, batcher, nextFrame } = harness();
    for (let i = 0; i < 500; i++) batcher.add('r1', update(i, `${i}`));
    expect(frames).toHaveLength(1);
    expect(delivered).toEqual([]);
    nextFrame();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.[1].map((u) => u.from)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('flushes at once when another message must keep its order', () => {
    const { delivered, batcher } = harness();
    batcher.add('r1', update(0, 'a'));
    batcher.add('r1', update(0, 'ab'));
    batcher.flush();
    expect(delivered).toEqual([['r1', [update(0, 'a'), update(0, 'ab')]]]);
    batcher.flush();
    expect(delivered).toHaveLength(1);
  });

  it('keeps updates of different requests apart', () => {
    const { delivered, batcher, nextFrame } = harness();
    batcher.add('r1', update(0, 'a'));
    batcher.add('r2', update(0, 'b'));
    nextFrame();
    expect(delivered).toEqual([
      ['r1', [update(0, 'a')]],
      ['r2', [update(0, 'b')]],
    ]);
  });
});
