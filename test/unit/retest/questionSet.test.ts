import { describe, expect, it } from 'vitest';
import { parseQuestionSet } from '../../../src/core/retest/questionSet';
import { correctionSimilarity } from '../../../src/core/retest/similarity';
import { flipOf } from '../../../src/core/retest/summary';

describe('a question set from a file', () => {
  it('reads one question per line, skipping blank lines, with the BOM and CRLF a Windows editor leaves', () => {
    expect(parseQuestionSet('\uFEFF消費税率は？\r\n\r\n  申告期限は？  \r\n', 'questions.txt')).toEqual({
      questions: [
        { question: '消費税率は？', expected_answer: null, line: 1 },
        { question: '申告期限は？', expected_answer: null, line: 3 },
      ],
      problems: [],
    });
  });

  it('reads JSON Lines with an optional expected answer and reports broken lines by number, keeping the rest', () => {
    const text = [
      '{"question": "税率は？", "expected_answer": "10%"}',
      '{"question": "期限は？"',
      '',
      '{"question": ""}',
      '{"expected_answer": "x"}',
      '{"question": "届出は？"}',
    ].join('\n');
    expect(parseQuestionSet(text, 'set.jsonl')).toEqual({
      questions: [
        { question: '税率は？', expected_answer: '10%', line: 1 },
        { question: '届出は？', expected_answer: null, line: 6 },
      ],
      problems: [
        { line: 2, message: 'not JSON' },
        { line: 4, message: 'an empty question' },
        { line: 5, message: expect.stringMatching(/expected string/) },
      ],
    });
  });

  it('reads CSV with a question column (quoted commas and newlines included) and an optional expected answer', () => {
    const text = 'question,expected_answer\n"税率は、いくら？",10%\n"二行の\n質問",\n,空\n';
    expect(parseQuestionSet(text, 'set.CSV')).toEqual({
      questions: [
        { question: '税率は、いくら？', expected_answer: '10%', line: 2 },
        { question: '二行の\n質問', expected_answer: null, line: 4 },
      ],
      problems: [{ line: 5, message: 'an empty question' }],
    });
    expect(parseQuestionSet('q,a\nx,y\n', 'set.csv').problems).toEqual([
      { line: 1, message: 'the header has no "question" column' },
    ]);
    expect(parseQuestionSet('question\n"unclosed\n', 'set.csv').problems[0]?.message).toMatch(/^not CSV: /);
  });
});

describe('what a re-test shows', () => {
  it('sorts before and after into fixed, regressed, still wrong, still good, unrated and not asked', () => {
    expect(flipOf(3, 1)).toBe('fixed');
    expect(flipOf(2, 1)).toBe('fixed');
    expect(flipOf(1, 3)).toBe('regressed');
    expect(flipOf(3, 2)).toBe('still_wrong');
    expect(flipOf(1, 1)).toBe('still_good');
    expect(flipOf(3, null)).toBe('unrated');
    expect(flipOf(3, undefined)).toBe('not_asked');
  });

  it('gives a likeness hint: 1 for the same text whatever its width or spaces, less for less shared wording', () => {
    expect(correctionSimilarity('税率は１０％です', '税率は 10% です')).toBe(1);
    const close = correctionSimilarity('標準税率は10%です', '標準税率は10%で、軽減税率は8%です')!;
    const far = correctionSimilarity('わかりません', '標準税率は10%で、軽減税率は8%です')!;
    expect(close).toBeGreaterThan(0.5);
    expect(far).toBeLessThan(0.1);
    expect(correctionSimilarity('a', 'abc')).toBeNull();
  });
});
