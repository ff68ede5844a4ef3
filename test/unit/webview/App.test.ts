// @vitest-environment jsdom
// The panel's components with a stand-in channel: what each user action sends, and what each host
// message shows.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostMessage, StateMessage, WebviewMessage } from '../../../src/protocol/messages';
import { App } from '../../../webview/panel/components/App';
import { connectToHost, type HostChannel } from '../../../webview/panel/hostChannel';
import { firstCards } from '../../../webview/panel/progressive';
import type { PersistedDrafts } from '../../../webview/panel/state';
import { makeHistory, makeLog, makeState } from '../../browser/support/sampleData';

let container: HTMLElement;
let posted: WebviewMessage[];
let stored: PersistedDrafts | null;
let deliver: (message: HostMessage) => void;

const channel: HostChannel = {
  post: (message) => posted.push(message),
  loadDrafts: () => stored,
  saveDrafts: (drafts) => {
    stored = drafts;
  },
  listen(onMessage) {
    deliver = onMessage;
    return () => {};
  },
};

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  posted = [];
  stored = null;
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function mount(first: StateMessage | null) {
  await act(() => {
    render(h(App, { channel, first }), container);
  });
}
const send = (message: HostMessage) => act(() => deliver(message));
const byLabel = (name: string) =>
  [...container.querySelectorAll<HTMLElement>('[aria-label], button, textarea, select')].find(
    (element) =>
      element.getAttribute('aria-label') === name ||
      element.textContent?.trim() === name ||
      (element.id && container.querySelector(`label[for="${element.id}"]`)?.textContent === name),
  );
const type = (element: HTMLElement | undefined, value: string) =>
  act(() => {
    const input = element as HTMLTextAreaElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
const key = (target: EventTarget, init: KeyboardEventInit) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });

describe('evaluation panel components', () => {
  it('shows a loading state until the host sends one, then asks for `ready` once', async () => {
    await mount(null);
    expect(container.textContent).toContain('Loading…');
    expect(posted).toEqual([{ type: 'ready' }]);
    await send(makeState());
    expect(container.querySelector('.session-facts')?.textContent).toContain(
      'mlx-community/Qwen2.5-7B-Instruct-4bit v2',
    );
  });

  it('asks with Ctrl+Enter and stops with Escape, keeping the question', async () => {
    await mount(makeState());
    const question = byLabel('Question');
    await type(question, '  What is EBITDA?  ');
    await key(question as HTMLElement, { key: 'Enter', ctrlKey: true });
    const ask = posted.find((message) => message.type === 'ask');
    expect(ask).toMatchObject({ session_id: 7, question: 'What is EBITDA?' });
    expect(byLabel('Stop')).toBeDefined();
    await key(question as HTMLElement, { key: 'Escape' });
    expect(posted.at(-1)).toEqual({ type: 'cancel', request_id: (ask as { request_id: string }).request_id });
    expect((question as HTMLTextAreaElement).value).toBe('  What is EBITDA?  ');
    expect(stored?.question).toBe('  What is EBITDA?  ');
  });

  it('rates with keys 2 (opening the reason) but never while the user types', async () => {
    await mount(makeState({ history: [makeLog(5)] }));
    await key(byLabel('Question') as HTMLElement, { key: '2' });
    expect(container.querySelector('#log-5-reason')).toBeNull();
    await key(document.body, { key: '2' });
    const reason = container.querySelector<HTMLTextAreaElement>('#log-5-reason');
    expect(reason).not.toBeNull();
    expect(document.activeElement).toBe(reason);
    expect(container.querySelector<HTMLSelectElement>('#log-5-priority')?.value).toBe('2');
    expect(stored?.drafts[5]?.evaluation).toBe(2);
    expect(posted.some((message) => message.type === 'saveRating')).toBe(false);
  });

  it('uses the design terms in Japanese', async () => {
    await mount(
      makeState({
        locale: 'ja',
        history: [
          makeLog(5, {
            evaluated_at: '2026-11-25T09:00:00.000Z',
            evaluation: 3,
            priority: 1,
            reason: 'r',
            correct_answer: 'c',
          }),
        ],
      }),
    );
    const accessibleName = (element: Element) =>
      [...element.childNodes]
        .filter((node) => !(node instanceof Element && node.getAttribute('aria-hidden') === 'true'))
        .map((node) => node.textContent)
        .join('')
        .trim();
    const buttons = [...container.querySelectorAll('.rating')].map(accessibleName);
    expect(buttons).toEqual(['良い', '不十分', '間違い']);
    expect(container.querySelector('.save-state')?.textContent).toContain(
      '保存済み · 間違い · 優先度: 高 · 未処理',
    );
  });
});

describe('long histories', () => {
  it('draws a screenful first and the rest in later tasks, newest first', async () => {
    await mount(makeState({ history: makeHistory(200), has_more_history: true }));
    const ids = () =>
      [...container.querySelectorAll('[data-log-id]')].map((card) =>
        Number(card.getAttribute('data-log-id')),
      );
    expect(ids()).toHaveLength(firstCards);
    expect(ids()[0]).toBe(200);
    expect(container.querySelector('.load-more')).toBeNull();
    await vi.waitFor(() => expect(ids()).toHaveLength(200), { timeout: 15_000, interval: 20 });
    expect(ids().at(-1)).toBe(1);
    expect(container.querySelector('.load-more')).not.toBeNull();
  });
});

describe('host channel', () => {
  it('passes valid host messages on and reports invalid ones to the host instead', async () => {
    const sent: unknown[] = [];
    const api = {
      postMessage: (m: unknown) => sent.push(m),
      getState: () => ({ bad: true }),
      setState: () => {},
    };
    const host = connectToHost(api);
    expect(host.loadDrafts()).toBeNull();
    const received: HostMessage[] = [];
    const stop = host.listen((message) => received.push(message));
    const arrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length + sent.length >= count ? resolve() : setTimeout(check, 5));
        check();
      });
    window.postMessage({ type: 'answerCancelled', request_id: 'r1' }, '*');
    window.postMessage({ type: 'answerCancelled' }, '*');
    await arrived(2);
    stop();
    expect(received).toEqual([{ type: 'answerCancelled', request_id: 'r1' }]);
    expect(sent).toEqual([
      { type: 'log', level: 'warn', message: expect.stringContaining('answerCancelled') },
    ]);
  });

  it('shows a log opened from the Logs tree as saved until it is changed; no session, no "no questions" line', async () => {
    await mount(makeState({ session: null, history: [] }));
    expect(container.textContent).not.toContain('No questions yet');
    const saved = makeLog(7, {
      evaluation: 3,
      evaluated_at: '2026-11-25T10:00:00.000Z',
      reason: 'wrong rate',
      correct_answer: 'Use 10%.',
      priority: 1,
    });
    await send({ type: 'openLog', log: saved, session: null });
    const saveState = () => container.querySelector('#log-7 .save-state')?.getAttribute('data-state');
    expect(saveState()).toBe('saved');
    await type(byLabel('Correct answer'), 'Use 8%.');
    expect(saveState()).toBe('pending');
    await type(byLabel('Correct answer'), 'Use 10%.');
    expect(saveState()).toBe('saved');
  });
});
