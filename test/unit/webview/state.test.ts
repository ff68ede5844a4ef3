import { describe, expect, it } from 'vitest';
import { labels } from '../../../src/protocol/labels';
import { TEXT_LIMITS } from '../../../src/protocol/limits';
import { initialState, reduce } from '../../../webview/panel/reducer';
import { type AppState, draftFor, validateDraft } from '../../../webview/panel/state';
import { makeLog, makeState, session } from '../../browser/support/sampleData';

const loaded = (overrides: Parameters<typeof makeState>[0] = {}) => initialState(null, makeState(overrides));

function asking(state: AppState, question = 'What is a lease?') {
  const typed = reduce(state, { type: 'setQuestion', question });
  return reduce(typed, { type: 'askSent', requestId: 'r1', question });
}

describe('panel state', () => {
  it('keeps the question and records nothing when an answer is stopped or fails', () => {
    const streaming = reduce(asking(loaded()), {
      type: 'progress',
      requestId: 'r1',
      updates: [{ from: 0, blocks: [{ t: 'p', c: ['A lease'] }] }],
    });
    const stopped = reduce(streaming, { type: 'cancelSent' });
    expect(stopped).toMatchObject({
      question: 'What is a lease?',
      pending: null,
      history: [],
      answerProblem: { kind: 'cancelled' },
    });

    const failed = reduce(streaming, {
      type: 'host',
      message: {
        type: 'answerError',
        request_id: 'r1',
        code: 'unavailable',
        message: 'down',
        fix: 'start it',
      },
    });
    expect(failed).toMatchObject({ question: 'What is a lease?', pending: null, history: [] });
    expect(failed.answerProblem).toEqual({
      kind: 'error',
      code: 'unavailable',
      message: 'down',
      fix: 'start it',
    });
  });

  it('puts a completed answer on top, unrated and active, and clears the question it answered', () => {
    const done = reduce(asking(loaded({ history: [makeLog(1)] })), {
      type: 'host',
      message: {
        type: 'answerDone',
        request_id: 'r1',
        log: makeLog(2),
        timings: { first_token_ms: 10, total_ms: 90 },
      },
    });
    expect(done.history.map((log) => log.id)).toEqual([2, 1]);
    expect(done).toMatchObject({
      question: '',
      pending: null,
      activeLogId: 2,
      timings: { 2: { total_ms: 90 } },
    });
  });

  it('ignores updates of a request that is no longer pending', () => {
    const stopped = reduce(asking(loaded()), { type: 'cancelSent' });
    const late = { from: 0, blocks: ['late'] };
    expect(reduce(stopped, { type: 'progress', requestId: 'r1', updates: [late] })).toBe(stopped);
  });

  it('applies streamed updates in order, keeping the unchanged blocks as they were', () => {
    const first = { t: 'p' as const, c: ['One'] };
    const streaming = reduce(asking(loaded()), {
      type: 'progress',
      requestId: 'r1',
      updates: [
        { from: 0, blocks: [first, { t: 'p', c: ['Tw'] }] },
        { from: 1, blocks: [{ t: 'p', c: ['Two'] }, { t: 'hr' }] },
        { from: 2, blocks: [] },
      ],
    });
    expect(streaming.pending?.blocks).toEqual([first, { t: 'p', c: ['Two'] }]);
    expect(streaming.pending?.blocks[0]).toBe(first);
  });

  it('stops waiting for a reply that does not come, keeping the question, unless the host took the ask', () => {
    const waiting = asking(loaded());
    const timedOut = reduce(waiting, { type: 'noReply', request: { kind: 'ask', requestId: 'r1' } });
    expect(timedOut).toMatchObject({ question: 'What is a lease?', pending: null, history: [] });
    expect(timedOut.answerProblem).toEqual({
      kind: 'error',
      code: 'no_reply',
      message: labels.en.noReply,
      fix: null,
    });

    // Once the host confirms it is asking, the model's time is the host's to bound.
    const accepted = reduce(waiting, { type: 'host', message: { type: 'answerStarted', request_id: 'r1' } });
    expect(accepted.pending).toMatchObject({ requestId: 'r1', accepted: true });
    expect(reduce(accepted, { type: 'noReply', request: { kind: 'ask', requestId: 'r1' } })).toBe(accepted);
    // A timer of an earlier request changes nothing.
    expect(reduce(waiting, { type: 'noReply', request: { kind: 'ask', requestId: 'r0' } })).toBe(waiting);
  });

  it('marks a save that got no reply as failed, keeping the draft, and unblocks session and history', () => {
    const log = makeLog(1);
    let state = loaded({ history: [log] });
    state = reduce(state, { type: 'chooseRating', logId: 1, evaluation: 3 });
    state = reduce(state, { type: 'editDraft', logId: 1, patch: { reason: 'r', correct_answer: 'c' } });
    state = reduce(state, { type: 'saveSent', logId: 1 });
    const failed = reduce(state, { type: 'noReply', request: { kind: 'save', logId: 1 } });
    expect(failed.logUi[1]).toMatchObject({ save: 'failed', message: labels.en.noReply });
    expect(failed.drafts[1]).toMatchObject({ evaluation: 3, reason: 'r', correct_answer: 'c' });

    const busy = reduce(loaded(), { type: 'sessionRequested' });
    expect(reduce(busy, { type: 'noReply', request: { kind: 'session' } })).toMatchObject({
      sessionBusy: false,
      sessionProblem: { message: labels.en.noReply },
    });
    const loading = reduce(loaded(), { type: 'historyRequested' });
    expect(reduce(loading, { type: 'noReply', request: { kind: 'history' } }).loadingHistory).toBe(false);
  });

  it('shows the model server restarting or back until the next question is asked', () => {
    const restarting = reduce(loaded(), {
      type: 'host',
      message: { type: 'serverNotice', kind: 'restarting', detail: 'exit code 134' },
    });
    expect(restarting.serverNotice).toEqual({ kind: 'restarting', detail: 'exit code 134' });
    const back = reduce(restarting, {
      type: 'host',
      message: { type: 'serverNotice', kind: 'restarted', detail: null },
    });
    expect(back.serverNotice).toEqual({ kind: 'restarted', detail: null });
    expect(asking(back).serverNotice).toBeNull();
  });

  it('asks for reason and correct answer only for Insufficient and Wrong', () => {
    const t = labels.en;
    const draft = draftFor(makeLog(1));
    expect(draft).toMatchObject({ evaluation: null, priority: 2 });
    expect(validateDraft(draft, 'en')).toEqual({ evaluation: t.chooseRating });
    expect(validateDraft({ ...draft, evaluation: 1 }, 'en')).toEqual({});
    expect(validateDraft({ ...draft, evaluation: 2 }, 'en')).toEqual({
      reason: t.required,
      correct_answer: t.required,
    });
    expect(validateDraft({ ...draft, evaluation: 3, reason: 'x', correct_answer: 'y' }, 'en')).toEqual({});
  });

  it('names a field over its limit, in the user language, before anything is sent', () => {
    const long = 'あ'.repeat(TEXT_LIMITS.correct_answer + 1);
    const draft = { ...draftFor(makeLog(1)), evaluation: 3 as const, reason: 'x', correct_answer: long };
    expect(validateDraft(draft, 'en')).toEqual({
      correct_answer:
        'Correct answer is too long: 100,001 characters, at most 100,000. Shorten it, then send again.',
    });
    expect(validateDraft({ ...draft, correct_answer: 'y', memo: long }, 'ja')).toEqual({
      memo: 'メモが長すぎます（100,001 文字、上限は 100,000 文字）。短くしてから送信してください。',
    });
    // A Good rating sends no correction: its length does not matter.
    expect(validateDraft({ ...draft, evaluation: 1 }, 'en')).toEqual({});
  });

  it('drops the draft and shows Saved when the host confirms a save', () => {
    let state = loaded({ history: [makeLog(4)] });
    state = reduce(state, { type: 'chooseRating', logId: 4, evaluation: 2 });
    state = reduce(state, { type: 'editDraft', logId: 4, patch: { reason: 'vague' } });
    expect(state.drafts[4]).toMatchObject({ evaluation: 2, reason: 'vague', priority: 2 });
    state = reduce(state, { type: 'saveSent', logId: 4 });
    const saved = makeLog(4, {
      evaluation: 2,
      evaluated_at: '2026-11-25T10:00:00.000Z',
      reason: 'vague',
      correct_answer: 'c',
      priority: 2,
    });
    state = reduce(state, { type: 'host', message: { type: 'logSaved', log: saved } });
    expect(state.drafts[4]).toBeUndefined();
    expect(state.logUi[4]?.save).toBe('saved');
    expect(state.history[0]).toBe(saved);
  });

  it('edits a log opened from elsewhere in place when it is in the history, else on its own', () => {
    const state = loaded({ history: [makeLog(4)] });
    const inPlace = reduce(state, {
      type: 'host',
      message: { type: 'openLog', log: makeLog(4, { memo: 'm' }), session },
    });
    expect(inPlace.opened).toBeNull();
    expect(inPlace.drafts[4]?.memo).toBe('m');
    const apart = reduce(state, {
      type: 'host',
      message: { type: 'openLog', log: makeLog(99, { session_id: 1 }), session: null },
    });
    expect(apart.opened?.log.id).toBe(99);
    expect(apart.activeLogId).toBe(99);
  });

  it('replaces logs changed elsewhere (marked verified in the tree) and keeps a real edit', () => {
    const rated = {
      evaluation: 3 as const,
      evaluated_at: '2026-11-25T10:00:00.000Z',
      reason: 'r',
      correct_answer: 'c',
      priority: 1 as const,
    };
    let state = loaded({ history: [makeLog(4, rated), makeLog(5, rated)] });
    state = reduce(state, { type: 'host', message: { type: 'openLog', log: makeLog(4, rated), session } });
    state = reduce(state, {
      type: 'host',
      message: { type: 'openLog', log: makeLog(99, rated), session: null },
    });
    state = reduce(state, { type: 'editDraft', logId: 5, patch: { correct_answer: 'mine' } });
    const verified = (id: number) => makeLog(id, { ...rated, status: 3 });
    state = reduce(state, {
      type: 'host',
      message: { type: 'logsUpdated', logs: [verified(4), verified(5), verified(99)] },
    });
    expect(state.history.map((log) => log.status)).toEqual([3, 3]);
    expect(state.opened?.log.status).toBe(3);
    expect(state.drafts[4]).toEqual(draftFor(verified(4)));
    expect(state.drafts[5]?.correct_answer).toBe('mine');
  });

  it('keeps drafts across a new state from the host, and restores them from saved webview state', () => {
    let state = loaded({ history: [makeLog(4)] });
    state = reduce(state, { type: 'chooseRating', logId: 4, evaluation: 3 });
    state = reduce(state, { type: 'host', message: makeState({ history: [makeLog(4)] }) });
    expect(state.drafts[4]?.evaluation).toBe(3);
    const restored = initialState(
      { question: 'q', systemPrompt: null, selected: { poc_id: 1, model_id: 3 }, drafts: state.drafts },
      null,
    );
    expect(restored).toMatchObject({ loaded: false, question: 'q', drafts: { 4: { evaluation: 3 } } });
  });

  it('appends an older history page without duplicates', () => {
    const state = loaded({ history: [makeLog(3), makeLog(2)], has_more_history: true });
    const next = reduce(state, {
      type: 'host',
      message: {
        type: 'historyPage',
        session_id: session.id,
        logs: [makeLog(2), makeLog(1)],
        has_more: false,
      },
    });
    expect(next.history.map((log) => log.id)).toEqual([3, 2, 1]);
    expect(next.hasMoreHistory).toBe(false);
  });
});
