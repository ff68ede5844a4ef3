import { describe, expect, it } from 'vitest';
import {
  barSegments,
  countScale,
  percent,
  shareLines,
  shareWrong,
  spreadApart,
} from '../../../webview/panel/ratingChartGeometry';
import { makeRatingChart } from '../../browser/support/sampleData';

const counts = (good: number, insufficient: number, wrong: number, unrated = 0) => ({
  good,
  insufficient,
  wrong,
  unrated,
});

describe('the rating chart’s geometry', () => {
  it('scales counts to a whole, nice maximum with whole-count ticks from 0', () => {
    const scale = countScale(12, 200);
    expect(scale.max).toBe(15);
    expect(scale.ticks.map((t) => t.value)).toEqual([0, 5, 10, 15]);
    expect(scale.x(15)).toBe(200);
    expect(scale.x(6)).toBeCloseTo(80);
    // Few logs: ticks stay on whole counts, never 0.5.
    expect(countScale(1, 100).ticks.map((t) => t.value)).toEqual([0, 1]);
    expect(countScale(3, 100).ticks.map((t) => t.value)).toEqual([0, 1, 2, 3]);
    // Nothing rated yet: a usable axis rather than a division by zero.
    expect(countScale(0, 100)).toMatchObject({ max: 1 });
    expect(countScale(0, 100).x(0)).toBe(0);
  });

  it('stacks good, insufficient and wrong side by side from 0, leaving empty ones out', () => {
    const x = countScale(20, 200).x;
    expect(barSegments(counts(4, 0, 6, 9), x)).toEqual([
      { kind: 'good', value: 4, x: 0, width: 40 },
      { kind: 'wrong', value: 6, x: 40, width: 60 },
    ]);
    const full = barSegments(counts(5, 5, 10), x);
    expect(full.map((s) => s.kind)).toEqual(['good', 'insufficient', 'wrong']);
    const end = full.at(-1)!;
    expect(end.x + end.width).toBe(200);
    expect(barSegments(counts(0, 0, 0, 3), x)).toEqual([]);
  });

  it('takes the share wrong among rated logs only', () => {
    expect(shareWrong(counts(1, 1, 2, 100))).toBe(0.5);
    expect(shareWrong(counts(0, 0, 0, 5))).toBeNull();
    expect(percent(2 / 3)).toBe(67);
  });

  it('draws the share wrong per version over evenly spaced periods, breaking where nothing is rated', () => {
    const chart = makeRatingChart();
    const { periods, lines } = shareLines(chart, 100, 50);
    expect(periods).toEqual([
      { period: '2026-11-23', x: 0 },
      { period: '2026-11-24', x: 50 },
      { period: '2026-11-25', x: 100 },
    ]);
    // v1: 4 of 6 wrong, then 2 of 6; v2: 1 of 4, then 1 of 8.
    expect(lines[0]).toMatchObject({ model_id: 3, path: 'M0,16.7 L50,33.3' });
    expect(lines[1]).toMatchObject({ model_id: 5, path: 'M50,37.5 L100,43.8' });
    const gap = shareLines(
      makeRatingChart({
        over_time: [
          { model_id: 3, period: '2026-11-23', good: 1, insufficient: 0, wrong: 1, unrated: 0 },
          { model_id: 3, period: '2026-11-24', good: 0, insufficient: 0, wrong: 0, unrated: 4 },
          { model_id: 3, period: '2026-11-25', good: 0, insufficient: 0, wrong: 2, unrated: 0 },
        ],
      }),
      100,
      50,
    );
    expect(gap.lines[0]!.path).toBe('M0,25 M100,0');
    expect(gap.lines[1]).toEqual({ model_id: 5, points: [], path: '' });
    // One period: its points in the middle.
    const single = shareLines(makeRatingChart({ over_time: [chart.over_time[0]!] }), 100, 50);
    expect(single.lines[0]!.points[0]).toMatchObject({ x: 50 });
  });

  it('keeps labels at least a gap apart, moving them down as little as needed', () => {
    expect(spreadApart([10, 12, 40], 11)).toEqual([10, 21, 40]);
    expect(spreadApart([30, 30, 31], 10)).toEqual([30, 40, 50]);
    expect(spreadApart([50, 0], 11)).toEqual([50, 0]);
    expect(spreadApart([], 11)).toEqual([]);
  });
});
