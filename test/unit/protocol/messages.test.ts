import { describe, expect, it } from 'vitest';
import { ANSWER_MAX, TEXT_LIMITS } from '../../../src/protocol/limits';
import { parseHostMessage } from '../../../src/protocol/messages';
import { parseWebviewMessage } from '../../../src/protocol/webviewMessages';
import { makeLog, makeState } from '../../browser/support/sampleData';

const rating = {
  type: 'saveRating',
  log_id: 5,
  evaluation: 3,
  reason: 'wrong rate',
  correct_answer: '8 percent',
  priority: 2,
  memo: null,
};

describe('panel protocol', () => {
  it('accepts every well-formed host message the panel handles', () => {
    for (const message of [
      makeState(),
      {
        type: 'answerProgress',
        request_id: 'r1',
        from: 0,
        blocks: [{ t: 'p', c: ['tok ', { t: 'a', href: 'https://example.com', c: ['docs'] }] }],
      },
      {
        type: 'answerDone',
        request_id: 'r1',
        log: makeLog(1),
        timings: { first_token_ms: null, total_ms: 5 },
      },
      { type: 'answerError', request_id: 'r1', code: 'unavailable', message: 'down', fix: 'start it' },
      { type: 'saveFailed', log_id: 1, message: 'no', field_errors: { reason: 'required' } },
      { type: 'openLog', log: makeLog(2), session: null },
    ]) {
      expect(parseHostMessage(message)).toMatchObject({ ok: true });
    }
  });

  it('holds every typed field to its one limit, and lets stored text of any length reach the panel', () => {
    const ask = (question: string) => ({ type: 'ask', request_id: 'r', session_id: 1, question });
    expect(parseWebviewMessage(ask(`  ${'q'.repeat(TEXT_LIMITS.question)}  `))).toMatchObject({ ok: true });
    expect(parseWebviewMessage(ask('q'.repeat(TEXT_LIMITS.question + 1)))).toMatchObject({ ok: false });
    expect(parseWebviewMessage({ ...rating, memo: 'm'.repeat(TEXT_LIMITS.memo + 1) })).toMatchObject({
      ok: false,
    });
    // A quick ask of a huge selection and a long stored answer still arrive: the panel then says why
    // it will not send the question, instead of the message vanishing.
    expect(parseHostMessage({ type: 'askQuestion', question: 'q'.repeat(250_000) })).toMatchObject({
      ok: true,
    });
    expect(
      parseHostMessage({ type: 'logSaved', log: { ...makeLog(1), answer: 'a'.repeat(ANSWER_MAX) } }),
    ).toMatchObject({ ok: true });
  });

  it('rejects an unknown message type and says where a field is wrong', () => {
    expect(parseHostMessage({ type: 'launchMissiles' })).toMatchObject({ ok: false });
    const bad = parseHostMessage({
      type: 'answerDone',
      request_id: 'r',
      log: { ...makeLog(1), evaluation: 4 },
      timings: { first_token_ms: 1, total_ms: 2 },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('log.evaluation');
  });

  it('accepts only allow-listed Markdown elements, with safe links and plain attributes', () => {
    const progress = (blocks: unknown) =>
      parseHostMessage({ type: 'answerProgress', request_id: 'r', from: 0, blocks });
    const ok = [
      { t: 'pre', lang: 'c++', c: ['int a;\n'] },
      { t: 'ol', start: 3, c: [{ t: 'li', c: ['x'] }] },
      { t: 'table', c: [{ t: 'tr', c: [{ t: 'td', align: 'right', c: ['1'] }] }] },
      { t: 'p', c: [{ t: 'a', href: 'mailto:a@example.com', c: ['mail'] }, { t: 'br' }] },
    ];
    expect(progress(ok)).toMatchObject({ ok: true });
    for (const bad of [
      [{ t: 'script', c: ['alert(1)'] }],
      [{ t: 'img' }],
      [{ t: 'p', c: [{ t: 'iframe' }] }],
      [{ t: 'a', href: 'javascript:alert(1)', c: ['x'] }],
      [{ t: 'a', href: 'data:text/html,x', c: ['x'] }],
      [{ t: 'pre', lang: 'js" onclick="x', c: ['x'] }],
      [{ t: 'td', align: 'justify' }],
      [{ t: 'p', c: [42] }],
    ]) {
      expect(progress(bad).ok, JSON.stringify(bad)).toBe(false);
    }
    // Nothing else either: an unknown attribute, a missing tag, a nesting no parser makes.
    expect(progress([{ t: 'p', onclick: 'x', c: ['z'] }]).ok).toBe(false);
    expect(progress([{ c: ['no tag'] }]).ok).toBe(false);
    expect(progress([{ t: 'p', c: [{ t: 'em', c: 'not a list' }] }]).ok).toBe(false);
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { t: 'blockquote', c: [deep] };
    expect(progress([deep]).ok).toBe(false);
    const bad = progress([{ t: 'p' }, { t: 'p', c: [{ t: 'img' }] }]);
    expect(!bad.ok && bad.error).toMatch(/^blocks\.1: /);
  });

  it('requires reason, correct answer and priority for ratings 2 and 3, and none of them for 1', () => {
    expect(parseWebviewMessage(rating)).toMatchObject({ ok: true });
    expect(parseWebviewMessage({ ...rating, reason: '  ' }).ok).toBe(false);
    expect(parseWebviewMessage({ ...rating, correct_answer: null }).ok).toBe(false);
    expect(parseWebviewMessage({ ...rating, priority: null }).ok).toBe(false);
    expect(parseWebviewMessage({ ...rating, evaluation: 1 }).ok).toBe(false);
    expect(
      parseWebviewMessage({
        ...rating,
        evaluation: 1,
        reason: null,
        correct_answer: null,
        priority: null,
        memo: 'ok',
      }),
    ).toMatchObject({ ok: true });
  });

  it('rejects an empty question and trims the one it accepts', () => {
    expect(parseWebviewMessage({ type: 'ask', request_id: 'a', session_id: 1, question: '   ' }).ok).toBe(
      false,
    );
    expect(parseWebviewMessage({ type: 'ask', request_id: 'a', session_id: 1, question: ' why? ' })).toEqual({
      ok: true,
      message: { type: 'ask', request_id: 'a', session_id: 1, question: 'why?' },
    });
  });
});
