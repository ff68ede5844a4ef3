// The loss chart's geometry as pure functions of the reports: scales, "nice" ticks, the train loss path
// and the val loss points. LossChart.tsx draws it as a small SVG: no chart library, since a few dozen
// lines of arithmetic keep the view's bundle tiny (a charting package would outweigh the whole view).

export interface LossPoint {
  iteration: number;
  loss: number;
}

export interface Tick {
  value: number;
  /** Where the tick sits along its axis, in SVG units. */
  position: number;
  label: string;
}

export interface PlacedPoint extends LossPoint {
  x: number;
  y: number;
}

export interface ChartSize {
  width: number;
  height: number;
  /** Room for the axes' labels around the plot. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface LossChartGeometry {
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  /** The train loss as one SVG path ("M x,y L x,y …"); empty before the first report. */
  trainPath: string;
  /** The latest train point, marked so that a single report is visible too. */
  lastTrain: PlacedPoint | null;
  valPoints: PlacedPoint[];
}

export const defaultChartSize: ChartSize = {
  width: 560,
  height: 240,
  margin: { top: 12, right: 16, bottom: 34, left: 52 },
};

/** The step between ticks: 1, 2 or 5 times a power of ten, giving at most about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  // A hair over 1, 2 or 5 (float error in raw / power) still counts as that step.
  const nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
  return nice * power;
}

/** How many decimals a tick label needs so that ticks `step` apart read differently. */
export function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** Multiples of `step` from `from` to `to` (both included when they are multiples), without float noise. */
export function ticksBetween(from: number, to: number, step: number): number[] {
  const decimals = decimalsFor(step);
  const first = Math.ceil(from / step - 1e-9);
  const last = Math.floor(to / step + 1e-9);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(Number((k * step).toFixed(decimals)));
  return values;
}

/** A linear map from a domain onto a range (either may be reversed, as the y axis is). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
}

/**
 * The loss axis: from a multiple of a nice step at or below the lowest loss to one at or above the
 * highest, never below zero when no loss is. One value alone is padded so that it sits mid-chart.
 */
export function lossDomain(
  losses: readonly number[],
  tickCount = 4,
): { domain: [number, number]; step: number } {
  if (losses.length === 0) return { domain: [0, 1], step: niceStep(1, tickCount) };
  let low = Math.min(...losses);
  let high = Math.max(...losses);
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 0.5;
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, tickCount);
  let start = Math.floor(low / step + 1e-9) * step;
  const end = Math.ceil(high / step - 1e-9) * step;
  if (start < 0 && Math.min(...losses) >= 0) start = 0;
  return { domain: [start, end], step };
}

/** The iteration axis: 0 to the planned iterations (or further, if the run reports more). */
export function iterationDomain(points: readonly LossPoint[], iters: number | undefined): [number, number] {
  const reached = points.reduce((max, point) => Math.max(max, point.iteration), 0);
  return [0, Math.max(1, iters ?? 0, reached)];
}

const round = (value: number) => Math.round(value * 10) / 10;

export function lossChartGeometry(
  train: readonly LossPoint[],
  val: readonly LossPoint[],
  iters: number | undefined,
  size: ChartSize = defaultChartSize,
): LossChartGeometry {
  const plot = {
    left: size.margin.left,
    right: size.width - size.margin.right,
    top: size.margin.top,
    bottom: size.height - size.margin.bottom,
  };
  const xDomain = iterationDomain([...train, ...val], iters);
  const xStep = Math.max(1, niceStep(xDomain[1] - xDomain[0], 5));
  const x = linearScale(xDomain, [plot.left, plot.right]);
  const { domain: yDomain, step: yStep } = lossDomain([...train, ...val].map((point) => point.loss));
  const y = linearScale(yDomain, [plot.bottom, plot.top]);
  const yDecimals = decimalsFor(yStep);

  const place = (point: LossPoint): PlacedPoint => ({
    ...point,
    x: round(x(point.iteration)),
    y: round(y(point.loss)),
  });
  const byIteration = (a: LossPoint, b: LossPoint) => a.iteration - b.iteration;
  const trainPlaced = [...train].sort(byIteration).map(place);
  const trainPath = trainPlaced.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');

  return {
    plot,
    xTicks: ticksBetween(xDomain[0], xDomain[1], xStep).map((value) => ({
      value,
      position: round(x(value)),
      label: String(value),
    })),
    yTicks: ticksBetween(yDomain[0], yDomain[1], yStep).map((value) => ({
      value,
      position: round(y(value)),
      label: value.toFixed(yDecimals),
    })),
    trainPath,
    lastTrain: trainPlaced.at(-1) ?? null,
    valPoints: [...val].sort(byIteration).map(place),
  };
}
