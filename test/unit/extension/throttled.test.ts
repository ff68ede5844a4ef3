// The logs-changed signal of a re-test run: at once for the first question, then at most once per
// interval however fast the server answers, and never lost at the end of a run.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttled } from '../../../src/extension/retest/throttled';

describe('a throttled signal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires at once, folds a burst into one more at the end of the interval, and flushes what is left', () => {
    const fn = vi.fn();
    const signal = throttled(fn, 300);
    signal.call();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) signal.call();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_000);
    signal.call();
    expect(fn).toHaveBeenCalledTimes(3);
    signal.call();
    signal.flush();
    expect(fn).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(1_000);
    expect(fn).toHaveBeenCalledTimes(4);
    signal.flush();
    expect(fn).toHaveBeenCalledTimes(4);
  });
});
