// The panel's look: readable in light, dark and high-contrast themes (a screenshot of each is kept under
// test-results/), codicons loaded, text sized by the editor's settings, no jump when an answer completes.
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { usePanelHarness } from './support/harness';
import { poll } from './support/poll';
import { makeLog, makeState } from './support/sampleData';

const panel = usePanelHarness();

const themes = [
  ['light', 'rgb(255, 255, 255)'],
  ['dark', 'rgb(30, 30, 30)'],
  ['hc', 'rgb(0, 0, 0)'],
] as const;

const history = [
  makeLog(3, { answer: 'The rate is **10 percent**.\n\n```ts\nconst rate = 0.1;\n```' }),
  makeLog(2, {
    evaluated_at: '2026-11-25T09:06:00.000Z',
    evaluation: 3,
    reason: 'Wrong rate',
    correct_answer: 'The rate is 8 percent.',
    priority: 1,
    memo: 'Check the 2026 table',
  }),
  makeLog(1, { evaluated_at: '2026-11-25T09:06:00.000Z', evaluation: 1 }),
];

describe('look', () => {
  for (const [theme, background] of themes) {
    it(`is drawn with the ${theme} theme's variables and saved as a screenshot`, async () => {
      await panel.open(makeState({ history }), `?theme=${theme}`);
      const page = panel.page;
      await page.setViewportSize({ width: 900, height: 1100 });
      const card = page.locator('[data-log-id="3"]');
      await card.getByRole('button', { name: 'Wrong', exact: true }).click();
      await card.getByRole('textbox', { name: 'Reason', exact: true }).fill('Wrong rate');
      await card.getByRole('button', { name: "Start from the model's answer" }).click();
      await card
        .getByRole('textbox', { name: 'Correct answer', exact: true })
        .fill('The rate is **8 percent**.');
      await poll(() => card.locator('.diff ins').count()).toBeGreaterThan(0);

      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('16px codicon'))).toBe(true);
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: `test-results/panel-${theme}.png`, fullPage: true });
    });
  }

  it('sizes text from the editor font settings', async () => {
    await panel.open(makeState({ history }));
    const size = (selector: string) =>
      panel.page
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).fontSize);
    await panel.page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-font-size', '19px');
      document.documentElement.style.setProperty('--vscode-editor-font-size', '21px');
    });
    expect(await size('.question-text')).toBe('19px');
    expect(await size('.answer')).toBe('21px');
  });

  it('keeps the answer in place when streaming completes', async () => {
    await panel.open(makeState({ history: [makeLog(1)] }));
    const page = panel.page;
    const question = page.getByRole('textbox', { name: 'Question', exact: true });
    await question.fill('Stream, please');
    await question.press('Control+Enter');
    const ask = await panel.host.next('ask', 0);
    await panel.host.streamAnswer(ask.request_id, ['A short ', 'answer.']);
    await poll(() => page.locator('.pending .markdown').textContent()).toContain('A short answer.');
    const streaming = await page.locator('.pending').boundingBox();
    const older = await page.locator('[data-log-id="1"]').boundingBox();
    await panel.host.send({
      type: 'answerDone',
      request_id: ask.request_id,
      log: makeLog(2, { question: 'Stream, please', answer: 'A short answer.' }),
      timings: { first_token_ms: 100, total_ms: 900 },
    });
    await page.locator('[data-log-id="2"]').waitFor();
    const done = await page.locator('[data-log-id="2"]').boundingBox();
    expect(done?.y).toBe(streaming?.y);
    // The finished card adds its rating row below the answer; the answer itself does not move.
    const answerTop = await page.locator('[data-log-id="2"] .answer').boundingBox();
    expect(answerTop?.y).toBeGreaterThan(streaming?.y ?? 0);
    expect(older?.y).toBeGreaterThan(streaming?.y ?? 0);
  });
});
