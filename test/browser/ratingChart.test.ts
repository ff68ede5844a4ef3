// The "Ratings per version" section of the built panel in a real Chromium: asked for when a PoC is
// shown, bars sized by the counts, the same numbers in the table and the accessible summary, moved by a
// rating saved in the panel, and drawn with each theme's chart colours (outlined in high contrast).
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RatingChartView } from '../../src/protocol/views';
import { usePanelHarness } from './support/harness';
import { poll } from './support/poll';
import { makeLog, makeRatingChart, makeState } from './support/sampleData';

const panel = usePanelHarness();

/** Opens the panel, answers its chart request with `chart` and opens the section. */
async function openChart(
  chart: RatingChartView = makeRatingChart(),
  query = '',
  state = makeState({ history: [makeLog(5)] }),
) {
  await panel.open(state, query);
  expect(await panel.host.next('requestRatingChart', 0)).toEqual({ type: 'requestRatingChart', poc_id: 1 });
  await panel.host.send({ type: 'ratingChart', chart });
  await panel.page.locator('.rating-chart > summary').click();
  return panel.page;
}

const segment = (page: Page, version: string, kind: string) =>
  page.locator(`.rc-bars [data-version="${version}"] [data-kind="${kind}"] .rc-seg`);
const width = async (page: Page, version: string, kind: string) =>
  Number(await segment(page, version, kind).getAttribute('width'));
const tableRow = (page: Page, version: string) =>
  page.locator(`.rc-table tr[data-version="${version}"] td`).allTextContents();

describe('ratings per version', () => {
  it('draws a bar per version sized by its good, insufficient and wrong counts', async () => {
    const page = await openChart();
    // Largest rated total 12 → axis 0–15 over 200 units.
    expect(await width(page, 'base v1', 'good')).toBeCloseTo((200 * 4) / 15, 5);
    expect(await width(page, 'base v1', 'insufficient')).toBeCloseTo((200 * 2) / 15, 5);
    expect(await width(page, 'base v1', 'wrong')).toBeCloseTo((200 * 6) / 15, 5);
    expect(await width(page, 'base v2', 'good')).toBeCloseTo((200 * 9) / 15, 5);
    // Segments follow one another; not-rated logs are a grey count beside the bar, not part of it.
    const goodX = Number(await segment(page, 'base v1', 'good').getAttribute('x'));
    const wrongX = Number(await segment(page, 'base v1', 'wrong').getAttribute('x'));
    expect(wrongX - goodX).toBeCloseTo((200 * 6) / 15, 5);
    expect(await page.locator('.rc-bars [data-version="base v1"] .rc-unrated').textContent()).toBe(
      '+3 not rated',
    );
    expect(await page.locator('.rc-bars text').allTextContents()).toEqual(
      expect.arrayContaining(['0', '5', '10', '15', 'base v1', 'base v2']),
    );
  });

  it('holds the same numbers in the table and in the chart’s accessible summary', async () => {
    const page = await openChart();
    expect(await tableRow(page, 'base v1')).toEqual(['4', '2', '6', '3', '50 %']);
    expect(await tableRow(page, 'base v2')).toEqual(['9', '1', '2', '5', '17 %']);
    const bars = page.getByRole('img', { name: /^Ratings per version\./ });
    expect(await bars.getAttribute('aria-label')).toBe(
      'Ratings per version. base v1: 4 good, 2 insufficient, 6 wrong, 3 not rated. ' +
        'base v2: 9 good, 1 insufficient, 2 wrong, 5 not rated',
    );
    // Over time: v1 from 4 of 6 wrong to 2 of 6, v2 from 1 of 4 to 1 of 8.
    const lines = page.getByRole('img', { name: /^Share wrong over time/ });
    expect(await lines.getAttribute('aria-label')).toBe(
      'Share wrong over time (per day). base v1: 67 % wrong, then 33 %. base v2: 25 % wrong, then 13 %',
    );
    expect(await page.locator('.rc-lines [data-version="base v1"] circle').count()).toBe(2);
    await page.getByText('The numbers over time').click();
    expect(await page.locator('.rc-more tbody tr').count()).toBe(4);
    expect(await page.locator('.rc-more tbody tr').first().locator('th, td').allTextContents()).toEqual([
      '2026-11-23',
      'base v1',
      '1',
      '1',
      '4',
      '0',
      '67 %',
    ]);
    // Closed, the section still says the share wrong per version at a glance.
    expect(await page.locator('.rc-glance').textContent()).toBe('base v1 50 % Wrong · base v2 17 % Wrong');
  });

  it('says a version nobody has rated yet is not rated, rather than a share of wrong', async () => {
    const chart = makeRatingChart();
    chart.versions[1] = { ...chart.versions[1]!, good: 0, insufficient: 0, wrong: 0, unrated: 5 };
    const page = await openChart(chart);
    expect(await page.locator('.rc-glance').textContent()).toBe('base v1 50 % Wrong · base v2 Not rated');
  });

  it('moves the bar when a rating is saved in the panel', async () => {
    const page = await openChart();
    const before = await width(page, 'base v2', 'good');
    await page.locator('[data-log-id="5"]').getByRole('button', { name: 'Good', exact: true }).click();
    await panel.host.next('saveRating', 0);
    await panel.host.send({
      type: 'logSaved',
      log: makeLog(5, { evaluated_at: '2026-11-25T10:00:00.000Z' }),
    });
    // The host sends the PoC's chart again after every saved rating.
    const after = makeRatingChart();
    after.versions[1] = { ...after.versions[1]!, good: 10, unrated: 4 };
    await panel.host.send({ type: 'ratingChart', chart: after });
    await poll(() => width(page, 'base v2', 'good')).toBeCloseTo((200 * 10) / 15, 5);
    expect(await width(page, 'base v2', 'good')).toBeGreaterThan(before);
    expect(await tableRow(page, 'base v2')).toEqual(['10', '1', '2', '4', '15 %']);
    expect(await page.locator('.rc-bars [data-version="base v2"] .rc-unrated').textContent()).toBe(
      '+4 not rated',
    );
  });

  it('asks again for another PoC and never shows one PoC’s chart under another', async () => {
    // Without a session, the session bar offers the PoCs.
    const page = await openChart(makeRatingChart(), '', makeState({ session: null }));
    const from = panel.host.received.length;
    await page.getByRole('combobox', { name: 'PoC' }).selectOption('2');
    expect(await panel.host.next('requestRatingChart', from)).toEqual({
      type: 'requestRatingChart',
      poc_id: 2,
    });
    await poll(() => page.locator('.rating-chart').count()).toBe(0);
    await panel.host.send({
      type: 'ratingChart',
      chart: makeRatingChart({ poc_id: 2, versions: [], over_time: [] }),
    });
    await poll(() => page.locator('.rating-chart').count()).toBe(1);
    await page.locator('.rating-chart > summary').click();
    await poll(() => page.locator('.rating-chart .hint').textContent()).toBe('No answers in this PoC yet.');
  });

  for (const [theme, red, border] of [
    ['light', 'rgb(229, 20, 0)', 'rgb(255, 255, 255)'],
    ['dark', 'rgb(241, 76, 76)', 'rgb(30, 30, 30)'],
    ['hc', 'rgb(244, 135, 113)', 'rgb(111, 195, 223)'],
  ] as const) {
    it(`uses the ${theme} theme's chart colours, with patterns and outlines beside the colour`, async () => {
      const page = await openChart(makeRatingChart(), `?theme=${theme}`);
      const style = (kind: string) =>
        segment(page, 'base v1', kind).evaluate((element) => {
          const computed = getComputedStyle(element);
          return { fill: computed.fill, stroke: computed.stroke };
        });
      expect(await style('wrong')).toEqual({ fill: red, stroke: border });
      expect(await style('good')).toMatchObject({ stroke: border });
      // Insufficient is striped and wrong cross-hatched, so they differ without colour too.
      const overlay = (kind: string) =>
        page
          .locator(`.rc-bars [data-version="base v1"] [data-kind="${kind}"] .rc-pattern`)
          .getAttribute('fill');
      expect(await overlay('insufficient')).toBe('url(#rc-stripes)');
      expect(await overlay('wrong')).toBe('url(#rc-cross)');
      expect(
        await page.locator('.rc-bars [data-version="base v1"] [data-kind="good"] .rc-pattern').count(),
      ).toBe(0);
      await page.setViewportSize({ width: 700, height: 900 });
      await mkdir('test-results', { recursive: true });
      await page.locator('.rating-chart').screenshot({ path: `test-results/rating-chart-${theme}.png` });
    });
  }
});
