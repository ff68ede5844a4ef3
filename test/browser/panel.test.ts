// The built panel (dist/webview/panel.js) in a real Chromium, on a page that plays the host's side of
// the protocol: streaming, cancel, errors, rating with validation, drafts across a reload, opening a log.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HostMessage } from '../../src/protocol/messages';
import { REPLY_TIMEOUTS_MS } from '../../webview/panel/replyTimeouts';
import type { FakeHost } from './support/fakeHost';
import { usePanelHarness } from './support/harness';
import { poll } from './support/poll';
import { makeLog, makeState, session } from './support/sampleData';

const panel = usePanelHarness();
let page: Page;
let host: FakeHost;

async function openPanel(state: HostMessage | null = makeState()) {
  await panel.open(state);
  page = panel.page;
  host = panel.host;
}

const question = () => page.getByRole('textbox', { name: 'Question', exact: true });

async function ask(text: string) {
  await question().fill(text);
  await question().press('Control+Enter');
  return host.next('ask', 0);
}

describe('asking', () => {
  it('streams the answer with one render per frame and shows both timings when done', async () => {
    await openPanel();
    const request = await ask('What is depreciation?');
    expect(request).toMatchObject({ session_id: session.id, question: 'What is depreciation?' });

    // Count the answer's renders and the frames drawn while 300 updates arrive in one burst.
    await page.evaluate(() => {
      const w = window as unknown as { __renders: number; __frames: number };
      w.__renders = 0;
      w.__frames = 0;
      const tick = () => {
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      // One callback per task that changed the DOM: each is one render of the streaming card.
      new MutationObserver((records) => {
        const inPending = (node: Node) =>
          (node instanceof Element ? node : node.parentElement)?.closest('.pending') != null;
        if (records.some((record) => inPending(record.target))) w.__renders++;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const words = Array.from({ length: 300 }, (_, i) => `word${i} `);
    await host.streamAnswer(request.request_id, words);
    await poll(() => page.locator('.pending .markdown').textContent()).toContain('word299');
    const { renders, frames } = await page.evaluate(() => {
      const w = window as unknown as { __renders: number; __frames: number };
      return { renders: w.__renders, frames: w.__frames };
    });
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThanOrEqual(frames + 1);
    expect(renders).toBeLessThan(30);

    await host.send({
      type: 'answerDone',
      request_id: request.request_id,
      log: makeLog(41, { question: 'What is depreciation?', answer: words.join('') }),
      timings: { first_token_ms: 420, total_ms: 3150 },
    });
    const card = page.locator('[data-log-id="41"]');
    await poll(() => card.locator('[data-timing="first-token"]').textContent()).toBe('First token: 0.42 s');
    await poll(() => card.locator('[data-timing="total"]').textContent()).toBe('Total: 3.15 s');
    await poll(() => card.locator('.save-state').textContent()).toMatch(/Not rated/);
    await poll(() => question().inputValue()).toBe('');
    await poll(() => page.locator('.pending').count()).toBe(0);
  });

  it('Stop sends cancel, records nothing and keeps the question', async () => {
    await openPanel();
    const request = await ask('Explain accruals');
    await host.streamAnswer(request.request_id, ['Accruals are']);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const cancel = await host.next('cancel', 0);
    expect(cancel.request_id).toBe(request.request_id);
    await poll(() => page.locator('.pending').count()).toBe(0);
    await poll(() => page.locator('[data-log-id]').count()).toBe(0);
    await poll(() => question().inputValue()).toBe('Explain accruals');
    await poll(() => page.getByRole('button', { name: 'Ask', exact: true }).isEnabled()).toBe(true);
    // Late updates of the stopped answer change nothing.
    await host.streamAnswer(request.request_id, [' late']);
    await host.send({ type: 'answerCancelled', request_id: request.request_id });
    await poll(() => page.locator('.pending').count()).toBe(0);
  });

  it('shows a model-server error with its fix and keeps the question for a retry', async () => {
    await openPanel();
    const request = await ask('Explain leases');
    await host.send({
      type: 'answerError',
      request_id: request.request_id,
      code: 'model_server_unavailable',
      message: 'Connection refused at 127.0.0.1:8080',
      fix: 'Start the model server: Llamune: Start Model Server',
    });
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('Connection refused at 127.0.0.1:8080');
    await poll(() => alert.textContent()).toContain(
      'Fix: Start the model server: Llamune: Start Model Server',
    );
    await poll(() => question().inputValue()).toBe('Explain leases');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const retry = await host.next('ask', host.received.indexOf(request) + 1);
    expect(retry.question).toBe('Explain leases');
  });

  it('asks a question the host sends (quick ask from the editor), leaving it in the box', async () => {
    await openPanel();
    await host.send({ type: 'askQuestion', question: 'Explain this\n\n```sql\nSELECT 1;\n```' });
    const request = await host.next('ask', 0);
    expect(request.question).toBe('Explain this\n\n```sql\nSELECT 1;\n```');
    expect(request.session_id).toBe(session.id);
    await poll(() => question().inputValue()).toBe('Explain this\n\n```sql\nSELECT 1;\n```');
  });
});

describe('rating', () => {
  it('key 1 rates Good and saves at once, but not while the question box has focus', async () => {
    await openPanel(makeState({ history: [makeLog(5)] }));
    await question().focus();
    await page.keyboard.press('1');
    await poll(() => question().inputValue()).toBe('1');
    await question().fill('');
    await page.locator('[data-log-id="5"] h3').click();
    await page.keyboard.press('1');
    const save = await host.next('saveRating', 0);
    expect(save).toEqual({
      type: 'saveRating',
      log_id: 5,
      evaluation: 1,
      reason: null,
      correct_answer: null,
      priority: null,
      memo: null,
    });
    await host.send({ type: 'logSaved', log: makeLog(5, { evaluated_at: '2026-11-25T10:00:00.000Z' }) });
    await poll(() => page.locator('[data-log-id="5"] .save-state').textContent()).toMatch(/Saved · Good/);
  });

  it('Wrong requires a reason and a correct answer, defaults priority to Medium and shows the diff', async () => {
    await openPanel(makeState({ history: [makeLog(6, { answer: 'The rate is 10 percent.' })] }));
    const card = page.locator('[data-log-id="6"]');
    await card.getByRole('button', { name: 'Wrong', exact: true }).click();
    await poll(() =>
      card
        .getByRole('textbox', { name: 'Reason', exact: true })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await poll(() => card.getByRole('combobox', { name: 'Priority', exact: true }).inputValue()).toBe('2');
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    await poll(() => card.getByText('Required for Insufficient and Wrong.').count()).toBe(2);
    await poll(() =>
      card.getByRole('textbox', { name: 'Reason', exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(host.sent('saveRating')).toEqual([]);

    await card.getByRole('textbox', { name: 'Reason', exact: true }).fill('Wrong rate');
    await card.getByRole('button', { name: "Start from the model's answer" }).click();
    const correct = card.getByRole('textbox', { name: 'Correct answer', exact: true });
    await poll(() => correct.inputValue()).toBe('The rate is 10 percent.');
    await correct.fill('The rate is 8 percent.');
    await poll(() => card.locator('.diff del').allTextContents()).toEqual(['10']);
    await poll(() => card.locator('.diff ins').allTextContents()).toEqual(['8']);
    await card.getByRole('textbox', { name: 'Memo', exact: true }).fill('check the 2026 table');
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    const save = await host.next('saveRating', 0);
    expect(save).toMatchObject({
      evaluation: 3,
      reason: 'Wrong rate',
      correct_answer: 'The rate is 8 percent.',
      priority: 2,
      memo: 'check the 2026 table',
    });
    await poll(() => card.locator('.save-state').textContent()).toMatch(/Saving/);

    await host.send({
      type: 'saveFailed',
      log_id: 6,
      message: 'Not saved: the log belongs to another user.',
      field_errors: { reason: 'Too long' },
    });
    await poll(() => card.getByRole('alert').textContent()).toContain('another user');
    await card.getByText('Too long').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('changes an earlier rating and opens a log sent by the host for editing', async () => {
    const rated = makeLog(8, { evaluated_at: '2026-11-25T09:06:00.000Z', evaluation: 1 });
    await openPanel(makeState({ history: [makeLog(9), rated] }));
    await poll(() => page.locator('[data-log-id="9"]').getAttribute('class')).toMatch(/unrated/);
    await poll(() => page.locator('[data-log-id="8"]').getAttribute('class')).not.toMatch(/unrated/);
    const card = page.locator('[data-log-id="8"]');
    await poll(() =>
      card.getByRole('button', { name: 'Good', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await card.getByRole('button', { name: 'Insufficient', exact: true }).click();
    await card
      .getByRole('textbox', { name: 'Reason', exact: true })
      .waitFor({ state: 'visible', timeout: 10_000 });

    const elsewhere = makeLog(300, {
      session_id: 99,
      question: 'From the Logs tree',
      evaluated_at: '2026-11-20T09:00:00.000Z',
      evaluation: 3,
      reason: 'r',
      correct_answer: 'c',
      priority: 1,
    });
    await host.send({ type: 'openLog', log: elsewhere, session: { ...session, id: 99 } });
    const opened = page.getByRole('region', { name: 'Opened log' });
    await poll(() => opened.getByRole('textbox', { name: 'Correct answer', exact: true }).inputValue()).toBe(
      'c',
    );
    await poll(() => opened.getByRole('combobox', { name: 'Priority', exact: true }).inputValue()).toBe('1');
    await opened.getByRole('textbox', { name: 'Correct answer', exact: true }).fill('corrected');
    await opened.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await host.next('saveRating', 0)).toMatchObject({
      log_id: 300,
      evaluation: 3,
      correct_answer: 'corrected',
      priority: 1,
    });
  });
});

describe('session bar', () => {
  it('starts a session with the edited prompt, then shows the snapshot read-only, and ends it', async () => {
    await openPanel(makeState({ session: null }));
    await poll(() => page.getByRole('textbox', { name: 'Question', exact: true }).isEnabled()).toBe(false);
    const prompt = page.getByRole('textbox', { name: 'System prompt', exact: true });
    await poll(() => prompt.inputValue()).toBe('You are an accounting assistant.');
    await prompt.fill('Answer briefly.');
    await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('4');
    await page.getByRole('button', { name: 'Start session', exact: true }).click();
    expect(await host.next('startSession', 0)).toEqual({
      type: 'startSession',
      poc_id: 1,
      model_id: 4,
      system_prompt: 'Answer briefly.',
    });
    await host.send({
      type: 'sessionStarted',
      session: {
        ...session,
        model_id: 4,
        model_name: 'llama3.2',
        model_version: 1,
        system_prompt: 'Answer briefly.',
      },
    });
    await poll(() => page.locator('.session-facts').textContent()).toContain('llama3.2 v1');
    await poll(() => page.locator('.snapshot-text').textContent()).toBe('Answer briefly.');
    await poll(() => page.getByRole('textbox', { name: 'System prompt', exact: true }).count()).toBe(0);
    await poll(() => question().isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'End session', exact: true }).click();
    expect(await host.next('endSession', 0)).toEqual({ type: 'endSession', session_id: session.id });
    await host.send({ type: 'sessionEnded', session: { ...session, ended_at: '2026-11-25T11:00:00.000Z' } });
    await page
      .getByRole('button', { name: 'Start session', exact: true })
      .waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('names every control in Japanese with the design terms', async () => {
    panel.server.setInitialState(makeState({ locale: 'ja', history: [makeLog(1)] }), 'ja');
    await openPanel(makeState({ locale: 'ja', history: [makeLog(1)] }));
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    for (const [role, name] of [
      ['textbox', '質問'],
      ['button', '質問する'],
      ['button', '良い'],
      ['button', '不十分'],
      ['button', 'セッション終了'],
    ] as const) {
      await page.getByRole(role, { name, exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    }
    await page.getByRole('button', { name: '間違い', exact: true }).click();
    for (const [role, name] of [
      ['textbox', '理由'],
      ['textbox', '正しい回答'],
      ['combobox', '優先度'],
      ['textbox', 'メモ'],
      ['button', '保存'],
    ] as const) {
      await page.getByRole(role, { name, exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    }
    await poll(() =>
      page.getByRole('combobox', { name: '優先度' }).locator('option:checked').textContent(),
    ).toBe('中');
    await poll(() => page.locator('.save-state').textContent()).toMatch(/未保存/);
  });
});

describe('drafts and protocol', () => {
  it('keeps the typed question and an unsaved correction across a reload', async () => {
    await openPanel(makeState({ history: [makeLog(12)] }));
    await question().fill('half-typed question');
    const card = page.locator('[data-log-id="12"]');
    await card.getByRole('button', { name: 'Insufficient', exact: true }).click();
    await card.getByRole('textbox', { name: 'Reason', exact: true }).fill('too vague');
    await page.reload();
    await poll(() => question().inputValue()).toBe('half-typed question');
    await poll(() =>
      page.locator('[data-log-id="12"]').getByRole('textbox', { name: 'Reason', exact: true }).inputValue(),
    ).toBe('too vague');
  });

  it('renders the first state from the HTML before any message, and drops an invalid message', async () => {
    panel.server.setInitialState(makeState({ history: [makeLog(77)] }));
    await openPanel(null);
    await page.locator('[data-log-id="77"]').waitFor({ state: 'visible', timeout: 10_000 });
    await host.sendRaw({ type: 'answerDone', request_id: 'x', log: { id: 'not a number' } });
    const report = await host.next('log', 0);
    expect(report.message).toMatch(/answerDone/);
    await host.sendRaw({ type: 'noSuchMessage' });
    await host.next('log', host.received.indexOf(report) + 1);
    await poll(() => page.locator('[data-log-id]').count()).toBe(1);
  });
});

describe('length limits', () => {
  it('counts a pasted question near its limit, refuses 250,000 characters before sending, and keeps them', async () => {
    await openPanel();
    await question().fill('q'.repeat(95_000));
    await poll(() => page.locator('#question-counter').textContent()).toContain(
      '95,000 / 100,000 characters',
    );
    await poll(() => page.getByRole('button', { name: 'Ask', exact: true }).isEnabled()).toBe(true);

    await question().fill('q'.repeat(250_000));
    await poll(() => page.getByRole('button', { name: 'Ask', exact: true }).isDisabled()).toBe(true);
    await question().press('Control+Enter');
    await poll(() => page.getByRole('alert').first().textContent()).toContain(
      'The question was not asked: Question is too long: 250,000 characters, at most 100,000.',
    );
    expect(host.received.filter((m) => m.type === 'ask')).toHaveLength(0);
    expect(host.invalid).toEqual([]);

    // What was pasted is a draft like any other: a reload keeps it whole, for the user to shorten.
    await page.reload();
    await poll(() =>
      question()
        .inputValue()
        .then((v) => v.length),
    ).toBe(250_000);
  });

  it('names the host’s refusal of a question, not the model server, and keeps the question', async () => {
    await openPanel();
    const request = await ask('Explain leases');
    await host.send({
      type: 'answerError',
      request_id: request.request_id,
      code: 'question_too_long',
      message: 'Question is too long: 100,001 characters, at most 100,000. Shorten it, then send again.',
      fix: null,
    });
    await poll(() => page.getByRole('alert').first().textContent()).toMatch(
      /^ ?The question was not asked: Question is too long/,
    );
    await poll(() => question().inputValue()).toBe('Explain leases');
  });
});

describe('replies', () => {
  it('stops waiting for a host that never answers an ask, and keeps the question for a retry', async () => {
    await openPanel();
    await page.clock.install();
    await ask('Is anyone there?');
    await poll(() => page.locator('.pending').count()).toBe(1);
    await page.clock.fastForward(REPLY_TIMEOUTS_MS.ask + 1);
    await poll(() => page.getByRole('alert').first().textContent()).toContain(
      'The extension did not answer. Nothing was recorded and your text is kept',
    );
    await poll(() => page.locator('.pending').count()).toBe(0);
    await poll(() => question().inputValue()).toBe('Is anyone there?');
  });

  it('keeps waiting once the host has taken the ask: a first model load may take minutes', async () => {
    await openPanel();
    await page.clock.install();
    const request = await ask('Slow model?');
    await host.send({ type: 'answerStarted', request_id: request.request_id });
    await page.clock.fastForward(REPLY_TIMEOUTS_MS.ask * 4);
    await host.streamAnswer(request.request_id, ['Still here']);
    await poll(() => page.locator('.pending .markdown').textContent()).toContain('Still here');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('layout', () => {
  it('never leaves the question box under the sticky session header when it gets focus', async () => {
    await openPanel(makeState({ history: Array.from({ length: 30 }, (_, i) => makeLog(100 - i)) }));
    await page.setViewportSize({ width: 700, height: 500 });
    await page.locator('[data-log-id="71"]').scrollIntoViewIfNeeded();
    // Scrolled so that the box sits just under the header's top: focusing it must show it whole.
    await page.evaluate(() => {
      const box = document.getElementById('question')!;
      window.scrollTo(0, window.scrollY + box.getBoundingClientRect().top - 20);
    });
    await question().focus();
    const { boxTop, headerBottom } = await page.evaluate(() => ({
      boxTop: document.getElementById('question')!.getBoundingClientRect().top,
      headerBottom: document.querySelector('.session-bar')!.getBoundingClientRect().bottom,
    }));
    expect(boxTop).toBeGreaterThanOrEqual(headerBottom);
  });
});
