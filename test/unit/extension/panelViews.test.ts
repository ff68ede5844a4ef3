import { describe, expect, it } from 'vitest';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import {
  fieldErrorsFrom,
  isOpenableLink,
  toLogView,
  toSessionView,
} from '../../../src/extension/panel/views';
import { logViewSchema, sessionViewSchema } from '../../../src/protocol/views';

describe('panel views', () => {
  it('maps a log row to a view the protocol accepts, times in ISO-8601 UTC', () => {
    const view = toLogView(
      {
        id: 7,
        session_id: 3,
        question: 'q',
        answer: 'a',
        timestamp: new Date('2026-11-25T10:00:00Z'),
        evaluation: 3,
        reason: 'r',
        correct_answer: 'c',
        priority: 1,
        status: 1,
        memo: null,
        evaluated_at: new Date('2026-11-25T10:05:00Z'),
        updated_at: null,
        latency_ms: 1200,
      },
      markdownTree,
    );
    expect(logViewSchema.safeParse(view).success).toBe(true);
    expect(view.timestamp).toBe('2026-11-25T10:00:00.000Z');
    expect(view).toMatchObject({ answer: 'a', answer_md: [{ t: 'p', c: ['a'] }] });
  });

  it('maps a session with its names', () => {
    const view = toSessionView({
      id: 1,
      user_id: 1,
      poc_id: 2,
      model_id: 3,
      system_prompt: null,
      started_at: new Date('2026-11-25T09:00:00Z'),
      ended_at: null,
      poc_name: '会計',
      model_name: 'm',
      model_version: 2,
    });
    expect(sessionViewSchema.safeParse(view).success).toBe(true);
    expect(view).toMatchObject({ poc_name: '会計', model_version: 2, ended_at: null });
  });

  it('splits a core validation message into field errors', () => {
    expect(
      fieldErrorsFrom(
        'reason: is required for evaluation 2 and 3; correct_answer: is required for evaluation 2 and 3',
      ),
    ).toEqual({
      reason: 'is required for evaluation 2 and 3',
      correct_answer: 'is required for evaluation 2 and 3',
    });
    expect(fieldErrorsFrom('Log 9 was not found.')).toEqual({});
  });

  it('opens only web and mail links', () => {
    expect(isOpenableLink('https://example.com/a')).toBe(true);
    expect(isOpenableLink('javascript:alert(1)')).toBe(false);
    expect(isOpenableLink('command:workbench.action.terminal.new')).toBe(false);
    expect(isOpenableLink('file:///etc/passwd')).toBe(false);
    expect(isOpenableLink('not a url')).toBe(false);
  });
});
