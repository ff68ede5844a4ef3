// The built training view (dist/webview/training.js) in a real Chromium, fed by the host's real transcript:
// the chart moves as reports arrive, the numbers are in the table, cancel / register / show log reach the
// host, failures show their advice and last lines as text, bad messages change nothing, a reload replays.
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { poll } from './support/poll';
import { useTrainingHarness } from './support/trainingPage';
import { failure, settings, success, trainReport, valReport } from './support/trainingSamples';

const view = useTrainingHarness();
const run = {
  title: 'Training Qwen2.5-7B-Instruct v1 → v2',
  settings,
  registerLabel: 'Register as version 2',
};

const chart = () => view.page.getByRole('img', { name: /^Loss chart/ });
/** The points of the train loss path ("M x,y L x,y …"), read from the SVG as drawn. */
const trainPathPoints = () =>
  view.page
    .locator('path.train-line')
    .evaluateAll(
      (paths) => (paths[0]?.getAttribute('d') ?? '').split(/[ML]/).filter((p) => p.trim() !== '').length,
    );
const valPoints = () => view.page.locator('circle.val-point').count();
const stat = (key: string) => view.page.locator(`[data-stat="${key}"] dd`).textContent();
const button = (name: string) => view.page.getByRole('button', { name, exact: true });

async function started() {
  await view.open();
  await view.host.reset(run);
  await view.page.getByRole('heading', { level: 1, name: run.title }).waitFor();
}

describe('the training view', () => {
  it('shows the run: model, data folder, iterations and the other settings', async () => {
    await started();
    const shown = await view.page
      .locator('.settings > div')
      .evaluateAll((pairs) => pairs.map((pair) => [...pair.children].map((cell) => cell.textContent)));
    expect(shown).toEqual([
      ['Model', settings.model],
      ['Data folder', settings.data],
      ['Iterations', '100'],
      ['Batch size', '4'],
      ['Learning rate', '1.000e-05'],
      ['LoRA layers', '16'],
      ['Adapter folder', settings.adapterPath],
    ]);
    expect(await view.page.getByRole('status').first().textContent()).toBe('Waiting for the first report…');
  });

  it('moves the chart as reports arrive: the train line gains points, val points appear', async () => {
    await started();
    expect(await trainPathPoints()).toBe(0);
    expect(await valPoints()).toBe(0);

    await view.host.report(valReport(1, 2.9), trainReport(10, 2.4));
    await poll(trainPathPoints).toBe(1);
    expect(await valPoints()).toBe(1);
    const firstPath = await view.page.locator('path.train-line').getAttribute('d');

    await view.host.report(trainReport(20, 2.2), trainReport(30, 2.1), valReport(30, 2.25));
    await poll(trainPathPoints).toBe(3);
    await poll(valPoints).toBe(2);
    expect(await view.page.locator('path.train-line').getAttribute('d')).not.toBe(firstPath);
    // Lower loss is drawn higher up the page's y axis… that is, at a larger y: check the val points.
    const ys = await view.page
      .locator('circle.val-point')
      .evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('cy'))));
    expect(ys[1]).toBeGreaterThan(ys[0] ?? Number.POSITIVE_INFINITY);

    expect(await chart().getAttribute('aria-label')).toBe(
      'Loss chart. Train loss from 2.400 at iteration 10 to 2.100 at iteration 30. Val loss from 2.900 at iteration 1 to 2.250 at iteration 30.',
    );
    const progress = view.page.getByRole('progressbar', { name: 'Training progress' });
    expect(await progress.getAttribute('value')).toBe('30');
    expect(await progress.getAttribute('max')).toBe('100');
    expect(await view.page.locator('.progress-text').textContent()).toBe('Iteration 30 of 100');
    expect(await stat('train-loss')).toBe('2.100');
    expect(await stat('val-loss')).toBe('2.250');
    expect(await stat('tokens-per-second')).toBe('153.0');
    expect(await stat('peak-memory')).toBe('8.0 GB');
    expect(await view.page.getByRole('status').first().textContent()).toBe('Training…');
  });

  it('has the same numbers in a table, row by iteration', async () => {
    await started();
    await view.host.report(valReport(1, 2.9), trainReport(10, 2.4), trainReport(20, 2.2), valReport(20, 2.3));
    await poll(trainPathPoints).toBe(2);
    await view.page.getByText('The numbers (table)').click();
    const table = view.page.getByRole('table', { name: 'Loss chart' });
    await table.waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
    expect(rows).toEqual([
      ['1', '—', '2.900', '—', '—'],
      ['10', '2.400', '—', '151.0', '8.0 GB'],
      ['20', '2.200', '2.300', '152.0', '8.0 GB'],
    ]);
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Iteration', 'Train loss', 'Val loss', 'Tokens/sec', 'Peak memory']);
  });

  it('posts cancel, says it is stopping, and then that the run was cancelled', async () => {
    await started();
    await view.host.report(trainReport(10));
    const cancel = view.host.next('cancel');
    await button('Cancel').click();
    await cancel;
    await poll(() => view.page.getByRole('status').first().textContent()).toBe('Stopping the training…');
    expect(await button('Cancel').isDisabled()).toBe(true);
    await view.host.finish(
      failure({
        kind: 'cancelled',
        message: 'You cancelled the training.',
        advice: undefined,
        signal: 'SIGTERM',
      }),
      null,
    );
    await view.page.getByRole('heading', { name: 'Training cancelled' }).waitFor();
    expect(await button('Cancel').count()).toBe(0);
    expect(await view.page.getByText('You cancelled the training.').count()).toBe(1);
    expect(view.host.sent('cancel')).toHaveLength(1);
  });

  it('works from the keyboard: Tab reaches Cancel, then Show Log, then the table; Enter presses', async () => {
    await started();
    await view.host.report(trainReport(10));
    const focused = () => view.page.evaluate(() => document.activeElement?.textContent ?? '');
    await view.page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    await view.page.keyboard.press('Tab');
    expect(await focused()).toBe('Show Log');
    await view.page.keyboard.press('Tab');
    expect(await focused()).toBe('The numbers (table)');
    await view.page.keyboard.press('Shift+Tab');
    await view.page.keyboard.press('Shift+Tab');
    const cancel = view.host.next('cancel');
    await view.page.keyboard.press('Enter');
    await cancel;
  });

  it('shows a failure: what happened, the fix, and the last lines as text', async () => {
    await started();
    await view.host.report(trainReport(10), trainReport(20), trainReport(30));
    const hostile = '<img src=x onerror="window.__xss=1"> <b>not bold</b>';
    const outcome = failure();
    if (!outcome.ok) outcome.failure.lastLines.push(hostile);
    await view.host.finish(outcome);
    const alert = view.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('heading', { level: 2 }).textContent()).toBe('Training failed');
    expect(await alert.locator('.message').textContent()).toBe(
      'The training ran out of memory at iteration 30.',
    );
    expect(await alert.locator('.advice').textContent()).toBe(
      'Fix: Reduce --batch-size (now 4) or --num-layers (now 16).',
    );
    expect(await alert.locator('.exit').textContent()).toBe('Stopped by SIGABRT');
    const lastLines = await alert.locator('pre.last-lines').textContent();
    expect(lastLines?.split('\n')).toEqual(outcome.ok ? [] : outcome.failure.lastLines);
    expect(await view.page.locator('main img, main b').count()).toBe(0);
    expect(await view.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await button('Cancel').count()).toBe(0);
    expect(await button('Register as version 2').count()).toBe(0);
    // The chart keeps what the run reached.
    expect(await trainPathPoints()).toBe(3);
  });

  it('on success offers "Register as version N+1", posts register, then says it is registered', async () => {
    await started();
    await view.host.report(trainReport(100, 1.5), valReport(100, 1.62));
    await view.host.finish(success, 'Register as version 3');
    const status = view.page.getByRole('status').filter({ hasText: 'Training finished.' });
    await status.waitFor();
    expect(await status.textContent()).toContain(settings.adapterPath);
    expect(await button('Cancel').count()).toBe(0);
    expect(await button('Register as version 2').count()).toBe(0);
    const register = view.host.next('register');
    await button('Register as version 3').click();
    await register;
    await view.host.registered('Registered as version 3.');
    await view.page.getByText('Registered as version 3.').waitFor();
    expect(await button('Register as version 3').count()).toBe(0);
  });

  it('posts showLog for Show Log, while running and after the end', async () => {
    await started();
    const first = view.host.next('showLog');
    await button('Show Log').click();
    await first;
    await view.host.finish(failure());
    await view.page.getByRole('alert').waitFor();
    const second = view.host.next('showLog');
    await button('Show Log').click();
    await second;
    expect(view.host.sent('showLog')).toHaveLength(2);
  });

  it('ignores messages the protocol does not allow, and goes on with valid ones', async () => {
    await started();
    await view.host.report(trainReport(10, 2.4));
    await poll(trainPathPoints).toBe(1);
    await view.host.sendRaw([
      { type: 'report', report: { kind: 'train', iteration: 20, loss: Number.NaN } },
      { type: 'report', report: { kind: 'train', iteration: 20, loss: '2.2' } },
      { type: 'report', report: { kind: 'val', iteration: -5, loss: 2 } },
      { type: 'finished', outcome: { ok: true } },
      {
        type: 'finished',
        outcome: { ok: false, failure: { message: '<img src=x onerror="window.__xss=1">' } },
      },
      { type: 'reset', title: 'Hijacked', settings: { ...settings, iters: 'many' }, registerLabel: null },
      { type: 'registered' },
      { type: 'askQuestion', question: 'hi' },
      'report',
      null,
    ]);
    await view.host.report(trainReport(30, 2.1));
    await poll(trainPathPoints).toBe(2);
    expect(await valPoints()).toBe(0);
    expect(await view.page.getByRole('heading', { level: 1 }).textContent()).toBe(run.title);
    expect(await view.page.getByRole('alert').count()).toBe(0);
    expect(await button('Cancel').count()).toBe(1);
    expect(await view.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('keeps a tail of the output, as text', async () => {
    await started();
    await view.host.line(
      'Loading pretrained model',
      'Iter 1: Val loss 2.900, Val took 1.234s',
      '<script>x()</script>',
    );
    await view.page.getByText('Latest output').click();
    const output = view.page.locator('details.output pre');
    await poll(() => output.textContent()).toBe(
      'Loading pretrained model\nIter 1: Val loss 2.900, Val took 1.234s\n<script>x()</script>',
    );
    expect(await view.page.locator('main script').count()).toBe(0);
  });

  it('draws a burst of 1,000 reports (a replay) a frame at a time, not once per message', async () => {
    await started();
    const renders = await view.page.evaluate(async () => {
      let count = 0;
      new MutationObserver(() => count++).observe(document.querySelector('.loss-chart svg') as Element, {
        attributes: true,
        childList: true,
        subtree: true,
      });
      for (let i = 1; i <= 1000; i++)
        window.postMessage(
          { type: 'report', report: { kind: 'train', iteration: i * 10, loss: 3 - i / 1000 } },
          '*',
        );
      const points = () =>
        document.querySelector('path.train-line')?.getAttribute('d')?.split('L').length ?? 0;
      while (points() < 1000) await new Promise((resolve) => requestAnimationFrame(resolve));
      return count;
    });
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThan(50);
  });

  it('is brought up to date when it reloads (the host replays the run)', async () => {
    await started();
    await view.host.report(valReport(1, 2.9), trainReport(10, 2.4), trainReport(20, 2.2));
    await view.host.finish(success);
    await button('Register as version 2').waitFor();
    await view.reload();
    await button('Register as version 2').waitFor();
    expect(await trainPathPoints()).toBe(2);
    expect(await valPoints()).toBe(1);
    expect(await view.page.getByRole('heading', { level: 1 }).textContent()).toBe(run.title);
  });

  it('speaks Japanese when the editor does', async () => {
    await view.open('?lang=ja');
    await view.host.reset({ ...run, registerLabel: 'バージョン 2 として登録' });
    await view.host.report(trainReport(10, 2.4));
    await view.page
      .getByRole('img', { name: /^損失グラフ。訓練損失はイテレーション 10 で 2\.400。/ })
      .waitFor();
    expect(await button('キャンセル').count()).toBe(1);
    expect(await button('ログを表示').count()).toBe(1);
    expect(await view.page.getByRole('progressbar', { name: '訓練の進み具合' }).count()).toBe(1);
  });
});

describe('the training view’s look', () => {
  const themes = [
    ['light', 'rgb(255, 255, 255)'],
    ['dark', 'rgb(30, 30, 30)'],
    ['hc', 'rgb(0, 0, 0)'],
  ] as const;

  for (const [theme, background] of themes) {
    it(`is drawn with the ${theme} theme's variables, the line and points visible, and saved as a screenshot`, async () => {
      await view.open(`?theme=${theme}`);
      await view.page.setViewportSize({ width: 760, height: 900 });
      await view.host.reset(run);
      const reports = Array.from({ length: 10 }, (_, i) =>
        trainReport((i + 1) * 10, 2.5 - Math.log1p(i) / 3),
      );
      await view.host.report(valReport(1, 2.7), ...reports, valReport(50, 2.0), valReport(100, 1.9));
      await view.host.finish(success, 'Register as version 2');
      await poll(valPoints).toBe(3);
      const colours = await view.page.evaluate(() => {
        const style = (selector: string) => getComputedStyle(document.querySelector(selector) as Element);
        return {
          body: getComputedStyle(document.body).backgroundColor,
          line: style('path.train-line').stroke,
          lineWidth: style('path.train-line').strokeWidth,
          point: style('circle.val-point').stroke,
          text: style('.loss-chart text').fill,
        };
      });
      expect(colours.body).toBe(background);
      for (const colour of [colours.line, colours.point, colours.text]) {
        expect(colour).toMatch(/^rgba?\(/);
        expect(colour).not.toBe(background);
        expect(colour).not.toBe('rgba(0, 0, 0, 0)');
      }
      expect(colours.line).not.toBe(colours.point);
      expect(colours.lineWidth).toBe('2px');
      await mkdir('test-results', { recursive: true });
      await view.page.screenshot({ path: `test-results/training-${theme}.png`, fullPage: true });
    });
  }
});
