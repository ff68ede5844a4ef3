// The re-test view's rules, without a DOM: the selection follows the question being asked until the
// user picks one or rates; a reply for a question no longer selected is ignored; a stream ends when its
// question is answered; a saved rating reaches the new answer shown; keys never rate a log out of sight.
import { describe, expect, it } from 'vitest';
import type { HostMessage } from '../../../src/protocol/messages';
import type { RetestRow } from '../../../src/protocol/retest';
import { initialState, reduce } from '../../../webview/panel/reducer';
import type { AppState } from '../../../webview/panel/state';
import { findLog } from '../../../webview/panel/state';
import {
  makeRetestItem,
  makeRetestRows,
  makeRetestRun,
  makeRetestRunView,
  newAnswerLog,
  zeroCounts,
} from '../../browser/support/retestSamples';
import { makeState } from '../../browser/support/sampleData';

type Hosted = Exclude<HostMessage, { type: 'answerProgress' | 'retestAnswerProgress' }>;
const host = (state: AppState, message: Hosted) => reduce(state, { type: 'host', message });

const rows = (answering: number | null, states: RetestRow['state'][]): Hosted => ({
  type: 'retestRows',
  run: makeRetestRunView({ answering, total: 3 }),
  counts: zeroCounts(),
  rows: states.map((state, position) => ({ ...makeRetestRows(1)[0]!, position, state })),
});

const shown = () => host(initialState(null, makeState()), makeRetestRun(3));

describe('the re-test view state', () => {
  it('follows the question being asked until the user picks one', () => {
    let state = host(shown(), rows(0, ['answering', 'waiting', 'waiting']));
    expect(state.retest).toMatchObject({ selected: 0, follow: true });
    state = host(state, rows(1, ['answered', 'answering', 'waiting']));
    expect(state.retest?.selected).toBe(1);
    state = reduce(state, { type: 'retestSelect', position: 0 });
    state = host(state, rows(2, ['answered', 'answered', 'answering']));
    expect(state.retest).toMatchObject({ selected: 0, follow: false });
    state = reduce(state, { type: 'retestFollow', follow: true });
    expect(state.retest?.selected).toBe(2);
  });

  it('shows only the reply for the selected question, unless the host reveals one', () => {
    let state = reduce(shown(), { type: 'retestSelect', position: 1 });
    state = host(state, { type: 'retestItem', run_id: 9, item: makeRetestItem(0), reveal: false });
    expect(state.retest?.detail).toBeNull();
    state = host(state, { type: 'retestItem', run_id: 9, item: makeRetestItem(1), reveal: false });
    expect(state.retest?.detail?.position).toBe(1);
    state = host(state, { type: 'retestItem', run_id: 9, item: makeRetestItem(2), reveal: true });
    expect(state.retest).toMatchObject({ selected: 2, follow: false });
    // Another run's messages change nothing.
    const other = host(state, { type: 'retestItem', run_id: 10, item: makeRetestItem(0), reveal: true });
    expect(other).toBe(state);
  });

  it('ends a stream once its question is answered, and keeps a saved rating on the shown answer', () => {
    let state = host(shown(), rows(0, ['answering', 'waiting', 'waiting']));
    state = reduce(state, {
      type: 'retestProgress',
      runId: 9,
      position: 0,
      updates: [{ from: 0, blocks: [{ t: 'p', c: ['So far'] }] }],
    });
    expect(state.retest?.streaming?.blocks).toHaveLength(1);
    state = host(state, rows(null, ['answered', 'waiting', 'waiting']));
    expect(state.retest?.streaming).toBeNull();
    const item = makeRetestItem(0, { after: newAnswerLog(0), flip: 'unrated' });
    state = host(state, { type: 'retestItem', run_id: 9, item, reveal: false });
    expect(findLog(state, 200)?.id).toBe(200);
    expect(state.activeLogId).toBe(200);
    state = reduce(state, { type: 'chooseRating', logId: 200, evaluation: 1 });
    expect(state.retest?.follow).toBe(false);
    const saved = newAnswerLog(0, { evaluated_at: '2026-12-05T10:00:00.000Z' });
    state = host(state, { type: 'logSaved', log: saved });
    expect(state.retest?.detail?.after).toBe(saved);
    expect(state.drafts[200]).toBeUndefined();
  });

  it('filters to a count’s questions and selects the first; closing leaves the view', () => {
    let state = host(shown(), {
      type: 'retestRows',
      run: makeRetestRunView({ total: 3 }),
      counts: zeroCounts({ fixed: 1 }),
      rows: [{ ...makeRetestRows(1)[0]!, position: 2, state: 'rated', flip: 'fixed' }],
    });
    state = reduce(state, { type: 'retestFilter', filter: 'fixed' });
    expect(state.retest).toMatchObject({ filter: 'fixed', selected: 2, follow: false });
    state = reduce(state, { type: 'retestClose' });
    expect(state.retest).toBeNull();
  });
});
