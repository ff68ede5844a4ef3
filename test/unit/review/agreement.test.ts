// When reviews agree, and what the accepted verdict is; and the teacher model's prompt.
import { describe, expect, it } from 'vitest';
import { decideAgreement, normaliseCorrection } from '../../../src/core/review/agreement';
import { buildDraftPrompt, TEACHER_INSTRUCTIONS } from '../../../src/core/review/teacherDraft';

const v = (
  evaluation: 1 | 2 | 3,
  correct_answer: string | null = null,
  priority: 1 | 2 | 3 | null = null,
) => ({
  evaluation,
  reason: correct_answer ? `why ${correct_answer}` : null,
  correct_answer,
  priority,
});

describe('decideAgreement', () => {
  it('agrees on the same rating; for 2 and 3 only when the corrections are the same text', () => {
    expect(decideAgreement([v(1), v(1), v(1)])).toEqual({
      agreed: true,
      verdict: { evaluation: 1, reason: null, correct_answer: null, priority: null },
    });
    expect(decideAgreement([v(1), v(2, 'x')])).toEqual({ agreed: false, on: 'rating' });
    expect(decideAgreement([v(3, 'A'), v(3, 'B')])).toEqual({ agreed: false, on: 'correction' });
  });

  it('compares corrections with whitespace and Unicode form normalised, and keeps the first one as typed', () => {
    const composed = '\u30ac';
    const decomposed = '\u30ab\u3099';
    expect(normaliseCorrection(`  a\n\n b\t${decomposed} `)).toBe(`a b ${composed}`);
    expect(
      decideAgreement([
        v(3, `税率は\n10%${composed}`, 3),
        v(3, ` 税率は 10%${decomposed}`, 1),
        v(3, `税率は 10%${composed}`, 2),
      ]),
    ).toEqual({
      agreed: true,
      verdict: {
        evaluation: 3,
        reason: `why 税率は\n10%${composed}`,
        correct_answer: `税率は\n10%${composed}`,
        priority: 1,
      },
    });
  });
});

describe('buildDraftPrompt', () => {
  it('gives the teacher the assistant’s instructions, the question, the wrong answer and the reason', () => {
    const prompt = buildDraftPrompt({
      question: '消費税率は？',
      answer: '8%です',
      evaluation: 3,
      reason: '2019年から10%',
      systemPrompt: 'あなたは会計の専門家です',
    });
    expect(prompt.systemPrompt).toBe(
      `${TEACHER_INSTRUCTIONS}\n\nThe assistant was instructed:\n<<<\nあなたは会計の専門家です\n>>>`,
    );
    expect(prompt.question).toBe(
      'Question:\n<<<\n消費税率は？\n>>>\n\n' +
        "The assistant's answer, rated wrong:\n<<<\n8%です\n>>>\n\n" +
        'Why it was rated wrong:\n<<<\n2019年から10%\n>>>\n\n' +
        'Write the correct answer to the question.',
    );
    expect(
      buildDraftPrompt({ question: 'q', answer: 'a', evaluation: 2, reason: 'r', systemPrompt: null }),
    ).toMatchObject({
      systemPrompt: TEACHER_INSTRUCTIONS,
      question: expect.stringContaining('rated insufficient'),
    });
  });
});
