import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors';
import { ModelServerError } from '../../../src/core/llm/modelServerError';
import type { SupervisorState } from '../../../src/core/supervisor/options';
import { restartEventFor } from '../../../src/extension/modelServer/statusText';
import { adviceFor } from '../../../src/extension/panel/failureAdvice';

describe('the fix offered for a failed question', () => {
  it('gives each failure its own advice: a crash is not a wrong model name, a 404 is', () => {
    expect(adviceFor(new ModelServerError('crashed', 'stopped while answering'))).toBe('crashed');
    expect(adviceFor(new ModelServerError('bad_response', 'cut'))).toBe('bad_response');
    expect(adviceFor(new ModelServerError('timeout', 'no first token', { timeout: 'first_token' }))).toBe(
      'timeout',
    );
    expect(adviceFor(new ModelServerError('unreachable', 'refused'))).toBe('start_server');
    expect(
      adviceFor(
        new ModelServerError('server_error', 'answered 404', { status: 404, serverMessage: 'not found' }),
      ),
    ).toBe('model_name');
    expect(adviceFor(new ModelServerError('server_error', 'answered 500', { status: 500 }))).toBe(
      'server_error',
    );
    expect(adviceFor(new DomainError('conflict', 'ended', 'session_ended'))).toBe('new_session');
    expect(adviceFor(new DomainError('unavailable', 'unset', 'model_server_not_configured'))).toBe(
      'configure_server',
    );
    expect(adviceFor(new DomainError('invalid', 'question: too long', 'invalid_input'))).toBeNull();
    expect(adviceFor(new Error('anything'))).toBeNull();
  });
});

describe('what the panel hears of the supervised server', () => {
  const state = (name: SupervisorState['name'], crashes = 0): SupervisorState => ({
    name,
    adopted: false,
    lastStderr: [],
    crashes,
    message: `${name} message`,
  });

  it('announces a crash, the first ready after it, and giving up — nothing else', () => {
    expect(restartEventFor('ready', state('crashed', 1))).toEqual({
      kind: 'restarting',
      message: 'crashed message',
    });
    expect(restartEventFor('ready', state('wedged', 1))).toMatchObject({ kind: 'restarting' });
    expect(restartEventFor('loading', state('ready', 1))).toEqual({ kind: 'restarted', message: null });
    expect(restartEventFor('crashed', state('failed', 5))).toEqual({
      kind: 'failed',
      message: 'failed message',
    });
    // A first start, a manual restart (the crash count starts again) and repeats say nothing.
    expect(restartEventFor('loading', state('ready', 0))).toBeNull();
    expect(restartEventFor('crashed', state('crashed', 2))).toBeNull();
    expect(restartEventFor('ready', state('stopped'))).toBeNull();
    expect(restartEventFor('failed', state('failed', 5))).toBeNull();
  });
});
