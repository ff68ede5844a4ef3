// The loss chart's arithmetic: nice tick steps, tick values without float noise, the axes' domains, and
// where reports land in the SVG.
import { describe, expect, it } from 'vitest';
import {
  type ChartSize,
  decimalsFor,
  iterationDomain,
  linearScale,
  lossChartGeometry,
  lossDomain,
  niceStep,
  ticksBetween,
} from '../../../webview/training/lossChart';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten, giving at most about the asked number of intervals', () => {
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(600, 5)).toBe(200);
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(30, 5)).toBe(10);
    expect(niceStep(1.2, 4)).toBe(0.5);
    expect(niceStep(0.35, 4)).toBeCloseTo(0.1, 12);
    expect(niceStep(2, 4)).toBe(0.5);
  });

  it('falls back to 1 for an empty, negative or infinite span', () => {
    expect(niceStep(0, 5)).toBe(1);
    expect(niceStep(-3, 5)).toBe(1);
    expect(niceStep(Number.POSITIVE_INFINITY, 5)).toBe(1);
    expect(niceStep(Number.NaN, 5)).toBe(1);
  });
});

describe('ticks', () => {
  it('gives labels as many decimals as the step needs', () => {
    expect(decimalsFor(200)).toBe(0);
    expect(decimalsFor(1)).toBe(0);
    expect(decimalsFor(0.5)).toBe(1);
    expect(decimalsFor(0.1)).toBe(1);
    expect(decimalsFor(0.05)).toBe(2);
    expect(decimalsFor(0.001)).toBe(3);
  });

  it('lists the multiples of the step between the bounds, without float noise', () => {
    expect(ticksBetween(0, 1000, 200)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticksBetween(0.1, 0.7, 0.1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(ticksBetween(1.05, 1.95, 0.2)).toEqual([1.2, 1.4, 1.6, 1.8]);
    expect(ticksBetween(0, 650, 200)).toEqual([0, 200, 400, 600]);
  });

  it('maps a domain onto a range, reversed for the y axis, and a point domain to the middle', () => {
    const y = linearScale([0, 2], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(2)).toBe(0);
    expect(y(0.5)).toBe(150);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });
});

describe('domains', () => {
  it('spans the losses from a nice step below the lowest to one above the highest', () => {
    expect(lossDomain([2.345, 1.98, 1.2])).toEqual({ domain: [1, 2.5], step: 0.5 });
    const tight = lossDomain([1.234, 1.261]);
    expect(tight.step).toBeCloseTo(0.01, 12);
    expect(tight.domain[0]).toBeCloseTo(1.23, 12);
    expect(tight.domain[1]).toBeCloseTo(1.27, 12);
  });

  it('pads a single loss so that it sits mid-chart, and never goes below zero for positive losses', () => {
    const single = lossDomain([2]);
    expect(single.domain[0]).toBeLessThan(2);
    expect(single.domain[1]).toBeGreaterThan(2);
    expect(lossDomain([0.01, 0.02]).domain[0]).toBeGreaterThanOrEqual(0);
    expect(lossDomain([0]).domain[0]).toBe(0);
  });

  it('has a 0–1 loss axis before any report', () => {
    expect(lossDomain([]).domain).toEqual([0, 1]);
  });

  it('runs the iteration axis to the planned iterations, or further if the run reports more', () => {
    expect(iterationDomain([], 1000)).toEqual([0, 1000]);
    expect(iterationDomain([{ iteration: 1200, loss: 1 }], 1000)).toEqual([0, 1200]);
    expect(iterationDomain([], undefined)).toEqual([0, 1]);
  });
});

describe('lossChartGeometry', () => {
  const size: ChartSize = { width: 500, height: 300, margin: { top: 0, right: 0, bottom: 100, left: 100 } };

  it('draws the train loss as one path in iteration order, and places val points on the same scales', () => {
    const chart = lossChartGeometry(
      [
        { iteration: 20, loss: 1 },
        { iteration: 0, loss: 2 },
        { iteration: 40, loss: 1.5 },
      ],
      [{ iteration: 40, loss: 1 }],
      40,
      size,
    );
    // Plot: x 100..500 for iterations 0..40; y 200..0 for losses 1..2.
    expect(chart.plot).toEqual({ left: 100, right: 500, top: 0, bottom: 200 });
    expect(chart.trainPath).toBe('M100,0 L300,200 L500,100');
    expect(chart.lastTrain).toMatchObject({ iteration: 40, x: 500, y: 100 });
    expect(chart.valPoints).toEqual([{ iteration: 40, loss: 1, x: 500, y: 200 }]);
    expect(chart.xTicks.map((tick) => tick.label)).toEqual(['0', '10', '20', '30', '40']);
    expect(chart.yTicks.map((tick) => [tick.label, tick.position])).toEqual([
      ['1.0', 200],
      ['1.5', 100],
      ['2.0', 0],
    ]);
  });

  it('has axes but no line or points before the first report', () => {
    const chart = lossChartGeometry([], [], 100, size);
    expect(chart.trainPath).toBe('');
    expect(chart.lastTrain).toBeNull();
    expect(chart.valPoints).toEqual([]);
    expect(chart.xTicks.at(-1)?.value).toBe(100);
    expect(chart.yTicks.length).toBeGreaterThan(1);
  });

  it('keeps every tick inside the plot', () => {
    const chart = lossChartGeometry(
      Array.from({ length: 50 }, (_, i) => ({ iteration: (i + 1) * 10, loss: 3 / (i + 1) })),
      [{ iteration: 1, loss: 3.1 }],
      600,
      size,
    );
    for (const tick of chart.xTicks) expect(tick.position).toBeGreaterThanOrEqual(100);
    for (const tick of chart.xTicks) expect(tick.position).toBeLessThanOrEqual(500);
    for (const tick of chart.yTicks) expect(tick.position).toBeGreaterThanOrEqual(0);
    for (const tick of chart.yTicks) expect(tick.position).toBeLessThanOrEqual(200);
    expect(chart.trainPath.split(' ')).toHaveLength(50);
  });
});
