// The review view's host-message guard (no zod in the webview) against the host's zod schema: the same
// type, and the same verdict on every well-formed message and thousands of spoiled ones.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Guarded } from '../../../src/protocol/guards';
import { parseReviewHostMessage, type ReviewHostMessage } from '../../../src/protocol/review';
import { checkReviewHostMessage, type reviewHostMessageGuard } from '../../../src/protocol/reviewGuard';
import { mutations } from '../../support/mutations';

const at = '2026-11-25T09:00:00.000Z';
const log = {
  log_id: 7,
  poc_name: '会計',
  model: 'qwen2.5:14b v1',
  system_prompt: null,
  question: '消費税の税率は？',
  answer: '8%です。',
  answer_md: [{ t: 'p' as const, c: ['8%', { t: 'strong' as const, c: ['です'] }] }],
  asked_at: at,
  assigned_at: at,
  required_reviews: 2,
};
const verdict = { evaluation: 3 as const, reason: '古い', correct_answer: '10%です。', priority: 1 as const };

const corpus: ReviewHostMessage[] = [
  {
    type: 'state',
    me: 'alice',
    walk: 'queue',
    total: 3,
    counts: { to_review: 2, reviewed: 1, closed: 0 },
    disputes: 0,
  },
  {
    type: 'item',
    position: 0,
    item: {
      kind: 'review',
      ...log,
      state: 'to_review',
      mine: null,
      original: null,
      others: [],
      accepted: null,
    },
    guidelines: {
      poc_id: 1,
      poc_name: '会計',
      body_md: [{ t: 'h1', c: ['基準'] }],
      saved_by: 'lead',
      saved_at: at,
      versions: 2,
    },
  },
  {
    type: 'item',
    position: 1,
    item: {
      kind: 'review',
      ...log,
      state: 'settled',
      mine: verdict,
      original: { ...verdict, by: 'rater', at },
      others: [{ evaluation: 1, reason: null, correct_answer: null, priority: null, by: 'bob', at }],
      accepted: verdict,
    },
    guidelines: null,
  },
  {
    type: 'item',
    position: 0,
    item: {
      kind: 'dispute',
      ...log,
      on: 'correction',
      original: null,
      reviews: [
        { ...verdict, by: 'alice', at },
        { ...verdict, correct_answer: '十%', by: 'bob', at },
      ],
      resolved: { verdict, picked: 'bob' },
    },
    guidelines: null,
  },
  { type: 'item', position: 4, item: null, guidelines: null },
  {
    type: 'agreement',
    agreement: {
      poc_id: 1,
      poc_name: '会計',
      me: 'alice',
      logs: { assigned: 3, waiting: 0, disputed: 1, settled: 2 },
      pairs: [
        {
          reviewers: ['alice', 'bob'],
          kappa: 0.47,
          observed: 0.7,
          expected: 0.43,
          items: 10,
          reading: 'moderate',
        },
      ],
      groups: [{ raters: 2, kappa: null, observed: 1, expected: 1, items: 3, reading: null }],
      reviewers: [
        {
          reviewer: 'alice',
          reviews: 3,
          settled: 2,
          agreed: 1,
          share: 0.5,
          kappa: { kappa: -0.2, observed: 0.5, expected: 0.6, items: 2, reading: 'poor' },
        },
        { reviewer: 'bob', reviews: 0, settled: 0, agreed: 0, share: null, kappa: null },
      ],
    },
  },
  { type: 'saveFailed', position: 0, message: 'no', field: 'reason' },
  { type: 'saveFailed', position: 0, message: 'no', field: null },
  { type: 'draftStarted', request_id: 'd1', log_id: 7, model_id: 2, model_name: 'qwen72 v1' },
  { type: 'draftDelta', request_id: 'd1', text: '10%' },
  { type: 'draftDone', request_id: 'd1', text: '10%です。', drafted_at: at },
  { type: 'draftEnded', request_id: 'd1', log_id: 7, message: null },
  { type: 'draftEnded', request_id: null, log_id: 7, message: 'the model server is down' },
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
  true,
  [],
  {},
  [{ t: 'script' }],
];

describe('the review view’s host-message guard', () => {
  it('has the very type of the host’s zod schema', () => {
    expectTypeOf<Guarded<typeof reviewHostMessageGuard>>().toEqualTypeOf<ReviewHostMessage>();
  });

  it('accepts every kind of host message the zod schema accepts', () => {
    for (const message of corpus) {
      expect(parseReviewHostMessage(message), message.type).toMatchObject({ ok: true });
      expect(checkReviewHostMessage(message), message.type).toMatchObject({ ok: true });
    }
  });

  it('accepts and rejects exactly what the zod schema does, for thousands of spoiled messages', () => {
    let rejected = 0;
    let tried = 0;
    for (const message of corpus)
      for (const spoiled of mutations(message, WRONG_VALUES)) {
        const zod = parseReviewHostMessage(spoiled).ok;
        expect(checkReviewHostMessage(spoiled).ok, JSON.stringify(spoiled)?.slice(0, 300)).toBe(zod);
        tried++;
        if (!zod) rejected++;
      }
    expect(tried).toBeGreaterThan(3_000);
    expect(rejected).toBeGreaterThan(tried / 2);
    expect(checkReviewHostMessage({ type: 'constructor' }).ok).toBe(false);
  });
});
