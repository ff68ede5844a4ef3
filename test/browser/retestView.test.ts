// The panel's re-test view in a real Chromium, the host played by the test: the old answer (rating,
// reason, correction) beside the new one streaming in, rated with the panel's keys and form (the old
// correction offered as the start), the counts following the saved ratings and linking to their
// questions, the run's controls, and a run of 1,000 questions drawn as a window of rows.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AnswerTree } from '../../src/extension/panel/answerProgress';
import { markdownTree } from '../../src/extension/panel/markdownTree';
import type { HostMessage } from '../../src/protocol/messages';
import type { RetestRow } from '../../src/protocol/retest';
import type { FakeHost } from './support/fakeHost';
import { usePanelHarness } from './support/harness';
import { poll } from './support/poll';
import {
  makeRetestItem,
  makeRetestRows,
  makeRetestRun,
  makeRetestRunView,
  newAnswerLog,
  zeroCounts,
} from './support/retestSamples';
import { makeState } from './support/sampleData';

const panel = usePanelHarness();
let page: Page;
let host: FakeHost;

async function openRun(run: HostMessage = makeRetestRun(2)) {
  await panel.open(makeState());
  page = panel.page;
  host = panel.host;
  await host.send(run);
  await page.getByRole('listbox', { name: 'Questions' }).waitFor();
}

const option = (position: number) => page.locator(`[role="option"][data-position="${position}"]`);
const oldSide = () => page.getByRole('region', { name: 'Old answer' });
const newSide = () => page.getByRole('region', { name: 'New answer · qwen v2' });

/** Selects a question and answers its retestSelect with `item`. */
async function select(position: number, item = makeRetestItem(position)) {
  const from = host.received.length;
  await option(position).click();
  expect(await host.next('retestSelect', from)).toEqual({ type: 'retestSelect', run_id: 9, position });
  await host.send({ type: 'retestItem', run_id: 9, item, reveal: false });
}

const answered = (position: number) =>
  makeRetestItem(position, { after: newAnswerLog(position), flip: 'unrated', similarity: 0.42 });

const rowsMessage = (rows: RetestRow[], counts = zeroCounts(), run = {}): HostMessage => ({
  type: 'retestRows',
  run: makeRetestRunView(run),
  counts,
  rows,
});

describe('the re-test view', () => {
  it('shows the old answer with its rating, reason and correction beside the new one, and the hint as a hint', async () => {
    await openRun();
    await select(0, answered(0));
    await poll(() => newSide().textContent()).toContain('The new answer 1: the rate is 10 %.');
    const old = (await oldSide().textContent()) ?? '';
    expect(old).toContain('Old rating: Wrong');
    expect(old).toContain('The old answer 1: the rate is 8 %.');
    expect(old).toContain('Reason 1: the rate changed in 2019.');
    expect(old).toContain('The correction 1: the rate is 10 %.');
    expect(await oldSide().locator('strong').textContent()).toBe('8 %');
    expect(await newSide().locator('.retest-hint').textContent()).toContain(
      'Hint: 42 % like the correction — not a rating',
    );
    // Side by side: the two regions share a row when the panel is wide.
    const [a, b] = [await oldSide().boundingBox(), await newSide().boundingBox()];
    expect(a!.y).toBe(b!.y);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
  });

  it('rates the new answer with the key 1 and moves the counts when the host saved it', async () => {
    await openRun(makeRetestRun(2, { status: 'done' }));
    await host.send(
      rowsMessage(makeRetestRows(2, { state: 'answered', flip: 'unrated' }), zeroCounts({ unrated: 2 }), {
        status: 'done',
      }),
    );
    await select(0, answered(0));
    await newSide().getByRole('button', { name: 'Good' }).waitFor();
    const from = host.received.length;
    await page.keyboard.press('1');
    expect(await host.next('saveRating', from)).toMatchObject({ log_id: 200, evaluation: 1, reason: null });
    await host.send({
      type: 'logSaved',
      log: newAnswerLog(0, { evaluated_at: '2026-12-05T10:00:00.000Z' }),
    });
    await host.send(
      rowsMessage(
        [{ ...makeRetestRows(1)[0]!, state: 'rated', flip: 'fixed' }],
        zeroCounts({ fixed: 1, unrated: 1 }),
        { status: 'done' },
      ),
    );
    const fixed = page.getByRole('button', { name: 'Fixed: 1 — show these questions' });
    await fixed.waitFor();
    await page.getByRole('button', { name: 'Not rated: 1 — show these questions' }).waitFor();
    await poll(() => newSide().locator('.save-state').textContent()).toContain('Saved · Good');
    expect(await option(0).textContent()).toContain('Fixed');

    // A count links to its questions: the list keeps only those, and the first is selected.
    await page.getByRole('button', { name: 'Not rated: 1 — show these questions' }).click();
    await poll(() => page.locator('[role="option"]').count()).toBe(1);
    expect(await host.next('retestSelect', from)).toMatchObject({ position: 1 });
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await poll(() => page.locator('[role="option"]').count()).toBe(2);
  });

  it('rates an answered question the user picked while the run goes on to the next, with the key 1', async () => {
    await openRun(makeRetestRun(3));
    const rows = makeRetestRows(3);
    const answering = (position: number) =>
      rowsMessage(
        rows.map((row) =>
          row.position < position
            ? { ...row, state: 'answered' as const, flip: 'unrated' as const }
            : row.position === position
              ? { ...row, state: 'answering' as const }
              : row,
        ),
        zeroCounts({ unrated: position, not_asked: 3 - position }),
        { answering: position },
      );
    let from = host.received.length;
    await host.send(answering(1));
    // Following the run: question 2 is selected.
    expect(await host.next('retestSelect', from)).toMatchObject({ position: 1 });
    await host.send({ type: 'retestItem', run_id: 9, item: makeRetestItem(1), reveal: false });
    // The user picks question 1, already answered, and the run moves on meanwhile.
    await select(0, answered(0));
    await newSide().getByRole('button', { name: 'Good' }).waitFor();
    const tree = new AnswerTree(markdownTree);
    tree.append('The answer to question 2 **streams**');
    await host.send({ type: 'retestAnswerProgress', run_id: 9, position: 1, ...tree.progress()! });
    from = host.received.length;
    await host.send(answering(2));
    await poll(() => option(1).getAttribute('data-state')).toBe('answered');
    // The pick holds, and the key rates the answer in view.
    expect(await option(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('1');
    expect(await host.next('saveRating', from)).toMatchObject({ log_id: 200, evaluation: 1 });
    expect(host.received.slice(from).filter((m) => m.type === 'retestSelect')).toEqual([]);
  });

  it('offers the old correction as the start of the new one, with the same form as the panel', async () => {
    await openRun();
    await select(0, answered(0));
    await newSide().getByRole('button', { name: 'Good' }).waitFor();
    await page.keyboard.press('3');
    const correction = newSide().getByLabel('Correct answer', { exact: true });
    await correction.waitFor();
    expect(await correction.inputValue()).toBe('');
    await newSide().getByRole('button', { name: 'Start from the old correction' }).click();
    expect(await correction.inputValue()).toBe('The correction 1: the rate is 10 %.');
    await newSide().getByLabel('Reason', { exact: true }).fill('Still misses the date.');
    await correction.fill('The correction 1: the rate is 10 % since October 2019.');
    const from = host.received.length;
    await newSide().getByRole('button', { name: 'Save' }).click();
    expect(await host.next('saveRating', from)).toEqual({
      type: 'saveRating',
      log_id: 200,
      evaluation: 3,
      reason: 'Still misses the date.',
      correct_answer: 'The correction 1: the rate is 10 % since October 2019.',
      priority: 2,
      memo: null,
    });
  });

  it('follows the question being asked and streams its answer in, then shows it to rate', async () => {
    await openRun();
    const from = host.received.length;
    await host.send(
      rowsMessage([{ ...makeRetestRows(1)[0]!, state: 'answering' }], zeroCounts({ not_asked: 2 }), {
        answering: 0,
      }),
    );
    expect(await host.next('retestSelect', from)).toEqual({ type: 'retestSelect', run_id: 9, position: 0 });
    await host.send({ type: 'retestItem', run_id: 9, item: makeRetestItem(0), reveal: false });
    await poll(() => newSide().textContent()).toContain('Generating');
    const tree = new AnswerTree(markdownTree);
    const messages: HostMessage[] = [];
    for (const chunk of ['The new ', 'answer **streams**', ' in.']) {
      tree.append(chunk);
      const update = tree.progress();
      if (update) messages.push({ type: 'retestAnswerProgress', run_id: 9, position: 0, ...update });
    }
    await host.sendAll(messages);
    await poll(() => newSide().textContent()).toContain('The new answer streams in.');
    expect(await newSide().locator('[aria-busy="true"] strong').textContent()).toBe('streams');
    // Done: the row is answered and the item comes with its log, to rate.
    await host.send(
      rowsMessage(
        [{ ...makeRetestRows(1)[0]!, state: 'answered', flip: 'unrated' }],
        zeroCounts({ unrated: 1, not_asked: 1 }),
      ),
    );
    await host.send({ type: 'retestItem', run_id: 9, item: answered(0), reveal: false });
    await newSide().getByRole('button', { name: 'Good' }).waitFor();
    expect(await newSide().locator('[aria-busy="true"]').count()).toBe(0);
  });

  it('pauses, resumes and cancels through the host, and says why a run is paused', async () => {
    await openRun();
    const from = host.received.length;
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await host.next('retestControl', from)).toEqual({
      type: 'retestControl',
      run_id: 9,
      action: 'pause',
    });
    await host.send(
      rowsMessage([], zeroCounts({ not_asked: 2 }), { status: 'paused', paused_reason: 'Paused.' }),
    );
    await page.getByText('Paused: Paused.').waitFor();
    const next = host.received.length;
    await page.getByRole('button', { name: 'Resume' }).click();
    expect(await host.next('retestControl', next)).toMatchObject({ action: 'resume' });
    await page.getByRole('button', { name: 'Cancel run' }).click();
    expect(await host.next('retestControl', next + 1)).toMatchObject({ action: 'cancel' });
    await page.getByRole('button', { name: 'Close the re-test view' }).click();
    expect(await host.next('retestClose', next)).toEqual({ type: 'retestClose', run_id: 9 });
    await page
      .getByRole('button', { name: 'Start session' })
      .or(page.getByRole('button', { name: 'End session' }))
      .waitFor();
  });

  it('gives way to a log opened from the Logs view, telling the host it left', async () => {
    await openRun();
    const from = host.received.length;
    await host.send({ type: 'openLog', log: newAnswerLog(5), session: null });
    expect(await host.next('retestClose', from)).toEqual({ type: 'retestClose', run_id: 9 });
    await page.getByRole('region', { name: 'Opened log' }).waitFor();
    expect(await page.getByRole('listbox', { name: 'Questions' }).count()).toBe(0);
  });

  it('speaks Japanese with the design’s terms when the editor does', async () => {
    await panel.open(makeState({ locale: 'ja' }));
    page = panel.page;
    host = panel.host;
    await host.send(makeRetestRun(2));
    await page.getByRole('listbox', { name: '質問一覧' }).waitFor();
    await page.getByRole('button', { name: '直った: 0 件 — この質問を表示' }).waitFor();
    await select(0, answered(0));
    const old = page.getByRole('region', { name: '以前の回答' });
    await poll(() => old.textContent()).toContain('以前の評価: 間違い');
    await page
      .getByRole('region', { name: '新しい回答 · qwen v2' })
      .getByRole('button', { name: '良い' })
      .waitFor();
    expect(await page.locator('.retest-hint').textContent()).toContain(
      'ヒント: 修正との類似度 42 %（評価ではありません）',
    );
  });

  it('draws 1,000 questions as a window of rows and shows the others as the list scrolls', async () => {
    await openRun(makeRetestRun(1_000));
    const rendered = () => page.locator('[role="option"]').count();
    expect(await rendered()).toBeGreaterThan(5);
    expect(await rendered()).toBeLessThan(30);
    expect(await option(0).count()).toBe(1);
    expect(await option(999).count()).toBe(0);
    expect(await option(0).getAttribute('aria-setsize')).toBe('1000');

    const list = page.getByRole('listbox', { name: 'Questions' });
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await poll(() => option(999).count()).toBe(1);
    expect(await option(0).count()).toBe(0);
    expect(await rendered()).toBeLessThan(30);
    expect(await option(999).textContent()).toContain('Question 1000: what is the rate?');

    // Keys move the selection and keep it in view.
    await list.focus();
    const from = host.received.length;
    await page.keyboard.press('Home');
    expect(await host.next('retestSelect', from)).toMatchObject({ position: 0 });
    await poll(() => option(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await poll(() => option(1).getAttribute('aria-selected')).toBe('true');
    expect(await list.getAttribute('aria-activedescendant')).toBe('retest-row-1');

    // A batch of progress for many rows lands in one message, and only changed rows are replaced.
    const rows = makeRetestRows(1_000).map((row) =>
      row.position < 500 ? { ...row, state: 'answered' as const, flip: 'unrated' as const } : row,
    );
    await host.send(
      rowsMessage(rows.slice(0, 500), zeroCounts({ unrated: 500, not_asked: 500 }), { total: 1_000 }),
    );
    await page.getByRole('button', { name: 'Not rated: 500 — show these questions' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('500 of 1,000 asked');
  });
});
