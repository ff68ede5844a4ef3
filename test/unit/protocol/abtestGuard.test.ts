// The A/B view's host-message guard (no zod in the webview) against the host's zod schema: the same
// type, and the same verdict on every well-formed message and thousands of spoiled ones.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AbHostMessage, parseAbHostMessage } from '../../../src/protocol/abtest';
import { type abHostMessageGuard, checkAbHostMessage } from '../../../src/protocol/abtestGuard';
import type { Guarded } from '../../../src/protocol/guards';
import { mutations } from '../../support/mutations';

const answers = { a: [{ t: 'p' as const, c: ['答え ', { t: 'strong' as const, c: ['A'] }] }], b: ['plain'] };

const corpus: AbHostMessage[] = [
  {
    type: 'state',
    title: 'A/B: 2 questions, qwen v1 vs qwen v2',
    items: 2,
    answered: 2,
    voted: 1,
    complete: true,
    rates: [
      {
        model: 'qwen v1',
        opponent: 'qwen v2',
        wins: 1,
        losses: 0,
        ties: 1,
        count: 2,
        win_rate: 1,
        low: 0.21,
        high: 1,
      },
    ],
  },
  { type: 'state', title: 't', items: 0, answered: 0, voted: 0, complete: false, rates: [] },
  {
    type: 'item',
    item: { position: 0, question: 'q', system_prompt: null, answers, error: null, vote: null },
  },
  {
    type: 'item',
    item: {
      position: 3,
      question: 'q',
      system_prompt: 's',
      answers: null,
      error: 'too long',
      vote: { choice: 'tie', reason: 'same', a: 'qwen v2', b: 'qwen v1' },
    },
  },
  { type: 'voteFailed', position: 1, message: 'You have already voted.' },
];

const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  2,
  Number.NaN,
  '',
  'x',
  'x'.repeat(2_001),
  true,
  [],
  {},
  [{ t: 'script' }],
  'C',
];

describe('the A/B view’s host-message guard', () => {
  it('has the very type of the host’s zod schema', () => {
    expectTypeOf<Guarded<typeof abHostMessageGuard>>().toEqualTypeOf<AbHostMessage>();
  });

  it('accepts every kind of message the zod schema accepts', () => {
    for (const message of corpus) {
      expect(parseAbHostMessage(message), message.type).toMatchObject({ ok: true });
      expect(checkAbHostMessage(message), message.type).toMatchObject({ ok: true });
    }
  });

  it('accepts and rejects exactly what the zod schema does, for thousands of spoiled messages', () => {
    let tried = 0;
    let rejected = 0;
    for (const message of corpus)
      for (const spoiled of mutations(message, WRONG_VALUES)) {
        const zod = parseAbHostMessage(spoiled).ok;
        expect(checkAbHostMessage(spoiled).ok, JSON.stringify(spoiled)?.slice(0, 300)).toBe(zod);
        tried++;
        if (!zod) rejected++;
      }
    expect(tried).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(tried / 2);
    expect(checkAbHostMessage({ type: 'toString' }).ok).toBe(false);
  });
});
