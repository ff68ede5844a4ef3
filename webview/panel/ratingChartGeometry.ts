// The "ratings per version" chart as pure functions of its numbers: the count scale and its ticks, each
// version's stacked bar (good / insufficient / wrong), and the share wrong per version over time.
// RatingChart.tsx draws it as SVG: no chart library, which would not fit the panel's 80 KB (the smallest
// maintained ones weigh about as much as the whole panel); the ticks are the loss chart's.
import type { RatingChartView } from '../../src/protocol/views';
import { niceStep } from '../training/lossChart';

export const RATED = ['good', 'insufficient', 'wrong'] as const;
export type Rated = (typeof RATED)[number];
export type Counts = Record<Rated | 'unrated', number>;
export type Version = RatingChartView['versions'][number];

export const ratedTotal = (c: Counts) => c.good + c.insufficient + c.wrong;

/** The share wrong among rated logs, or null when none is rated. */
export const shareWrong = (c: Counts): number | null => (ratedTotal(c) > 0 ? c.wrong / ratedTotal(c) : null);

export interface CountTick {
  value: number;
  x: number;
}

/** A count axis from 0 to a whole "nice" maximum at least `largest`, `width` long; ticks on whole counts. */
export function countScale(largest: number, width: number, about = 4) {
  const step = Math.max(1, Math.round(niceStep(largest, about)));
  const max = Math.max(step, Math.ceil(largest / step) * step);
  const x = (value: number) => (value / max) * width;
  const ticks: CountTick[] = [];
  for (let value = 0; value <= max; value += step) ticks.push({ value, x: x(value) });
  return { max, x, ticks };
}

export interface Segment {
  kind: Rated;
  value: number;
  x: number;
  width: number;
}

/** One version's bar: its rated counts side by side from 0, empty ones left out. */
export function barSegments(counts: Counts, x: (value: number) => number): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (const kind of RATED) {
    const value = counts[kind];
    if (value > 0) segments.push({ kind, value, x: x(start), width: x(start + value) - x(start) });
    start += value;
  }
  return segments;
}

export interface SharePoint {
  period: string;
  x: number;
  y: number;
  share: number;
}

export interface ShareLine {
  model_id: number;
  points: SharePoint[];
  /** "M x,y L x,y …"; a period with nothing rated breaks the line ("M" again). */
  path: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The share wrong per version and period: periods evenly along `width` (oldest left), 0 % at `height`
 * and 100 % at 0. A version appears only where it has rated logs.
 */
export function shareLines(chart: RatingChartView, width: number, height: number) {
  const periods = [...new Set(chart.over_time.map((p) => p.period))].sort();
  const x = (period: string) =>
    periods.length < 2 ? width / 2 : (periods.indexOf(period) / (periods.length - 1)) * width;
  const lines: ShareLine[] = chart.versions.map(({ model_id }) => {
    const own = new Map(chart.over_time.filter((p) => p.model_id === model_id).map((p) => [p.period, p]));
    const points: SharePoint[] = [];
    let path = '';
    let joined = false;
    for (const period of periods) {
      const entry = own.get(period);
      const share = entry ? shareWrong(entry) : null;
      if (share === null) {
        joined = false;
        continue;
      }
      const point = { period, x: round(x(period)), y: round(height - share * height), share };
      points.push(point);
      path += `${path ? ' ' : ''}${joined ? 'L' : 'M'}${point.x},${point.y}`;
      joined = true;
    }
    return { model_id, points, path };
  });
  return { periods: periods.map((period) => ({ period, x: round(x(period)) })), lines };
}

/**
 * Positions for labels wanted at `ys`, moved down as little as needed to be at least `gap` apart
 * (in the order of the wanted positions); the result is in the order given.
 */
export function spreadApart(ys: readonly number[], gap: number): number[] {
  const order = ys.map((y, index) => ({ y, index })).sort((a, b) => a.y - b.y || a.index - b.index);
  const placed = new Array<number>(ys.length);
  let previous = -Infinity;
  for (const { y, index } of order) {
    previous = Math.max(y, previous + gap);
    placed[index] = previous;
  }
  return placed;
}

/** A whole percentage for labels and the table ("33 %" style is the caller's). */
export const percent = (share: number) => Math.round(share * 100);
