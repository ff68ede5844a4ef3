// Sample re-test runs for the panel's tests: valid by the protocol, any size (1,000 questions for the
// virtualized list), the old answers' Markdown made by the real host function.
import { answerTree } from '../../../src/extension/panel/markdownTree';
import type { HostMessage } from '../../../src/protocol/messages';
import type { RetestCounts, RetestItemView, RetestRow, RetestRunView } from '../../../src/protocol/retest';
import { makeLog } from './sampleData';

export function makeRetestRunView(overrides: Partial<RetestRunView> = {}): RetestRunView {
  return {
    id: 9,
    title: 'Re-test: 2 questions → qwen v2',
    kind: 'retest',
    status: 'running',
    paused_reason: null,
    poc_id: 1,
    target: 'qwen v2',
    total: 2,
    answering: null,
    ...overrides,
  };
}

export function makeRetestRows(count: number, overrides: Partial<RetestRow> = {}): RetestRow[] {
  return Array.from({ length: count }, (_, position) => ({
    position,
    question: `Question ${position + 1}: what is the rate?`,
    state: 'waiting',
    flip: 'not_asked',
    before: 3,
    ...overrides,
  }));
}

export const zeroCounts = (overrides: Partial<RetestCounts> = {}): RetestCounts => ({
  fixed: 0,
  still_wrong: 0,
  regressed: 0,
  still_good: 0,
  unrated: 0,
  not_asked: 0,
  ...overrides,
});

export function makeRetestRun(
  count = 2,
  run: Partial<RetestRunView> = {},
): Extract<HostMessage, { type: 'retestRun' }> {
  return {
    type: 'retestRun',
    run: makeRetestRunView({ total: count, ...run }),
    counts: zeroCounts({ not_asked: count }),
    rows: makeRetestRows(count),
  };
}

export function makeRetestItem(position: number, overrides: Partial<RetestItemView> = {}): RetestItemView {
  const oldAnswer = `The old answer ${position + 1}: the rate is **8 %**.`;
  return {
    position,
    question: `Question ${position + 1}: what is the rate?`,
    before: {
      log_id: 100 + position,
      evaluation: 3,
      answer_md: answerTree(oldAnswer),
      reason: `Reason ${position + 1}: the rate changed in 2019.`,
      correction: `The correction ${position + 1}: the rate is 10 %.`,
    },
    expected_answer: null,
    after: null,
    flip: 'not_asked',
    similarity: null,
    error: null,
    ...overrides,
  };
}

/** The new answer of `position` as a log of the target version. */
export const newAnswerLog = (position: number, overrides: Parameters<typeof makeLog>[1] = {}) =>
  makeLog(200 + position, {
    session_id: 30,
    question: `Question ${position + 1}: what is the rate?`,
    answer: `The new answer ${position + 1}: the rate is 10 %.`,
    ...overrides,
  });
