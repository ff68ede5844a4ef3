import { describe, expect, it } from 'vitest';
import { replyToRejected } from '../../../src/extension/panel/rejectedMessage';
import { TEXT_LIMITS } from '../../../src/protocol/limits';
import { parseHostMessage } from '../../../src/protocol/messages';

const over = (field: keyof typeof TEXT_LIMITS) => 'x'.repeat(TEXT_LIMITS[field] + 1);

describe('the host answers every message it refuses', () => {
  it('ends an ask whose question is over the limit with an error naming the field and the limit', () => {
    const reply = replyToRejected(
      { type: 'ask', request_id: 'r1', session_id: 3, question: 'q'.repeat(250_000) },
      'en',
    );
    expect(reply).toEqual({
      type: 'answerError',
      request_id: 'r1',
      code: 'question_too_long',
      message: 'Question is too long: 250,000 characters, at most 100,000. Shorten it, then send again.',
      fix: null,
    });
    expect(parseHostMessage(reply)).toMatchObject({ ok: true });
  });

  it('says it in Japanese for a Japanese editor', () => {
    const reply = replyToRejected(
      { type: 'ask', request_id: 'r1', session_id: 3, question: over('question') },
      'ja',
    );
    expect(reply).toMatchObject({
      message: '質問が長すぎます（100,001 文字、上限は 100,000 文字）。短くしてから送信してください。',
    });
  });

  it('fails a rating save with the field that is too long, so the form marks it', () => {
    const reply = replyToRejected(
      {
        type: 'saveRating',
        log_id: 7,
        evaluation: 3,
        reason: 'r',
        correct_answer: over('correct_answer'),
        priority: 1,
        memo: null,
      },
      'en',
    );
    expect(reply).toMatchObject({
      type: 'saveFailed',
      log_id: 7,
      field_errors: { correct_answer: expect.stringContaining('Correct answer is too long') },
    });
    expect(parseHostMessage(reply)).toMatchObject({ ok: true });
  });

  it('answers any other broken request with an error for its operation, and ignores valid ones', () => {
    expect(
      replyToRejected({ type: 'startSession', poc_id: 1, model_id: 'x', system_prompt: null }, 'en'),
    ).toMatchObject({
      type: 'error',
      operation: 'startSession',
      message: expect.stringContaining('could not read'),
    });
    expect(replyToRejected({ type: 'requestHistory', session_id: 1 }, 'en')).toMatchObject({
      operation: 'history',
    });
    expect(replyToRejected('garbage', 'en')).toMatchObject({ type: 'error', operation: 'other' });
    expect(replyToRejected({ type: 'ask', request_id: 'r', session_id: 1, question: 'ok' }, 'en')).toBeNull();
    // A log line that is too long has nobody waiting for it.
    expect(replyToRejected({ type: 'log', level: 'warn', message: 'x'.repeat(3000) }, 'en')).toBeNull();
  });
});
