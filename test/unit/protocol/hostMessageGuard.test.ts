import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import type { Guarded } from '../../../src/protocol/guards';
import {
  checkHostMessage,
  type hostMessageGuard,
  isoDateTimePattern,
} from '../../../src/protocol/hostMessageGuard';
import { type HostMessage, parseHostMessage } from '../../../src/protocol/messages';
import {
  makeRetestItem,
  makeRetestRows,
  makeRetestRun,
  makeRetestRunView,
  newAnswerLog,
  zeroCounts,
} from '../../browser/support/retestSamples';
import { makeHistory, makeLog, makeRatingChart, makeState, session } from '../../browser/support/sampleData';
import { mutations } from '../../support/mutations';

/** One well-formed message of every kind the host sends. */
const corpus: HostMessage[] = [
  makeState({ history: makeHistory(2) }),
  makeState({ session: null, selected: { poc_id: null, model_id: null }, locale: 'ja' }),
  { type: 'sessionStarted', session },
  { type: 'sessionEnded', session: { ...session, ended_at: '2026-11-25T10:00:00+09:00' } },
  { type: 'answerStarted', request_id: 'r1' },
  { type: 'answerProgress', request_id: 'r1', from: 2, blocks: [{ t: 'p', c: ['x', { t: 'br' }] }] },
  { type: 'answerDone', request_id: 'r1', log: makeLog(1), timings: { first_token_ms: null, total_ms: 5 } },
  { type: 'answerError', request_id: 'r1', code: 'unavailable', message: 'down', fix: 'start it' },
  { type: 'answerCancelled', request_id: 'r1' },
  { type: 'askQuestion', question: 'why?' },
  { type: 'ratingChart', chart: makeRatingChart() },
  { type: 'ratingChart', chart: makeRatingChart({ versions: [], over_time: [], bucket: 'week' }) },
  { type: 'serverNotice', kind: 'restarting', detail: null },
  {
    type: 'logSaved',
    log: makeLog(2, {
      evaluation: 3,
      evaluated_at: '2026-11-25T09:06:00Z',
      reason: 'r',
      correct_answer: 'c',
      priority: 1,
    }),
  },
  { type: 'saveFailed', log_id: 1, message: 'no', field_errors: { reason: 'required', memo: 'long' } },
  { type: 'openLog', log: makeLog(3), session: null },
  { type: 'logsUpdated', logs: [makeLog(4, { status: 3 })] },
  { type: 'historyPage', session_id: 7, logs: makeHistory(1), has_more: true },
  { type: 'error', operation: 'history', message: 'failed', fix: null },
  makeRetestRun(2),
  {
    type: 'retestRows',
    run: makeRetestRunView({ status: 'paused', paused_reason: 'Paused.', answering: 1 }),
    counts: zeroCounts({ fixed: 1, unrated: 1 }),
    rows: makeRetestRows(1, { state: 'rated', flip: 'fixed', before: null }),
  },
  { type: 'retestItem', run_id: 9, item: makeRetestItem(0), reveal: true },
  {
    type: 'retestItem',
    run_id: 9,
    item: makeRetestItem(1, { before: null, expected_answer: 'e', after: newAnswerLog(1), similarity: 0.5 }),
    reveal: false,
  },
  { type: 'retestAnswerProgress', run_id: 9, position: 1, from: 0, blocks: [{ t: 'p', c: ['x'] }] },
];

const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  4,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'x'.repeat(2_001),
  '2026-02-30T00:00:00Z',
  '2026-11-25 09:00:00',
  true,
  [],
  {},
  [{ t: 'script' }],
];

describe('the webview’s host-message guard', () => {
  it('has the very type of the host’s zod schema', () => {
    expectTypeOf<Guarded<typeof hostMessageGuard>>().toEqualTypeOf<HostMessage>();
  });

  it('accepts every kind of host message the zod schema accepts', () => {
    for (const message of corpus) {
      expect(parseHostMessage(message), message.type).toMatchObject({ ok: true });
      expect(checkHostMessage(message), message.type).toMatchObject({ ok: true });
    }
  });

  it('accepts and rejects exactly what the zod schema does, for thousands of spoiled messages', () => {
    let rejected = 0;
    let tried = 0;
    for (const message of corpus)
      for (const spoiled of mutations(message, WRONG_VALUES)) {
        const zod = parseHostMessage(spoiled).ok;
        expect(checkHostMessage(spoiled).ok, JSON.stringify(spoiled)?.slice(0, 300)).toBe(zod);
        tried++;
        if (!zod) rejected++;
      }
    expect(tried).toBeGreaterThan(5_000);
    expect(rejected).toBeGreaterThan(tried / 2);
    expect(checkHostMessage({ type: 'constructor' }).ok).toBe(false);
    expect(checkHostMessage('state').ok).toBe(false);
  });

  it('says where the fault is', () => {
    const bad = checkHostMessage({
      type: 'answerProgress',
      request_id: 'r',
      from: 0,
      blocks: [{ t: 'p' }, { t: 'img' }],
    });
    expect(!bad.ok && bad.error).toMatch(/^blocks\.1: /);
    const rating = checkHostMessage({ type: 'logSaved', log: { ...makeLog(1), evaluation: 4 } });
    expect(!rating.ok && rating.error).toMatch(/^log\.evaluation: /);
  });

  it('checks times with the expression zod uses', () => {
    expect(isoDateTimePattern.source).toBe(z.iso.datetime({ offset: true })._zod.def.pattern?.source);
  });
});
