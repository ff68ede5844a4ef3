// A streaming answer's updates: only the changed top-level blocks, throttled, and the whole of it at the end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerTree, createProgressSender, type Progress } from '../../../src/extension/panel/answerProgress';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import type { MarkdownTree } from '../../../src/protocol/markdown';

/** What the webview does with the updates (reducer.ts): keep the blocks before `from`, replace the rest. */
const apply = (blocks: MarkdownTree, { from, blocks: changed }: Progress) => [
  ...blocks.slice(0, from),
  ...changed,
];

describe('answer updates', () => {
  it('sends only the blocks that changed, and the webview ends with the whole answer', () => {
    const answer = new AnswerTree(markdownTree);
    const text = 'Intro paragraph.\n\n- one\n- two\n\n```ts\nconst a = 1;\n```\n\nThe end.';
    let shown: MarkdownTree = [];
    const froms: number[] = [];
    for (const chunk of text.match(/.{1,3}/gs)!) {
      answer.append(chunk);
      const update = answer.progress();
      if (!update) continue;
      froms.push(update.from);
      expect(update.blocks.length).toBeLessThanOrEqual(2);
      shown = apply(shown, update);
    }
    expect(shown).toEqual(markdownTree(text));
    expect(Math.max(...froms)).toBe(3);
    expect(answer.progress()).toBeNull();
  });

  it('sends the whole answer again after the webview lost it (a reload mid-stream)', () => {
    const answer = new AnswerTree(markdownTree);
    answer.append('First.\n\nSecond.');
    expect(answer.progress()?.from).toBe(0);
    answer.append(' More.');
    expect(answer.progress()?.from).toBe(1);
    answer.forgetSent();
    expect(answer.progress()).toEqual({ from: 0, blocks: markdownTree('First.\n\nSecond. More.') });
  });

  it('replaces earlier blocks when later text changes their meaning', () => {
    const answer = new AnswerTree(markdownTree);
    answer.append('Title\n');
    expect(answer.progress()).toEqual({ from: 0, blocks: [{ t: 'p', c: ['Title'] }] });
    answer.append('===\n');
    expect(answer.progress()).toEqual({ from: 0, blocks: [{ t: 'h1', c: ['Title'] }] });
    answer.append('\n| a |\n| - |\n');
    const update = answer.progress();
    expect(update).toMatchObject({ from: 1, blocks: [{ t: 'table' }] });
  });
});

describe('throttled sending', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first piece at once, then at most one update per interval, and the rest at the end', () => {
    const sent: Progress[] = [];
    const sender = createProgressSender({
      toTree: markdownTree,
      send: (update) => sent.push(update),
      now: () => Date.now(),
    });
    sender.append('Hello');
    expect(sent).toHaveLength(1);
    for (let i = 0; i < 20; i++) sender.append(` w${i}`);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent[1])).toContain('w19');
    sender.append(' last');
    sender.finish();
    expect(sent).toHaveLength(3);
    expect(JSON.stringify(sent[2])).toContain('last');
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
  });

  it('waits longer between updates when parsing is slow, and sends nothing after stop', () => {
    let clock = 0;
    const sent: Progress[] = [];
    const sender = createProgressSender({
      toTree: (text) => {
        clock += 40; // a parse that takes 40 ms
        return markdownTree(text);
      },
      send: (update) => sent.push(update),
      now: () => clock,
    });
    sender.append('a');
    expect(sent).toHaveLength(1);
    clock += 100;
    sender.append('b');
    // 100 ms later is not enough: the interval grew to 5 × 40 ms.
    expect(sent).toHaveLength(1);
    sender.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
  });
});
