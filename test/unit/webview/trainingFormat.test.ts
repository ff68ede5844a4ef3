// The training view's numbers and the chart's summary for screen readers, in English and Japanese.
import { describe, expect, it } from 'vitest';
import { trainingLabels } from '../../../src/protocol/trainingLabels';
import { chartSummary, formatterFor } from '../../../webview/training/format';

const en = trainingLabels.en;
const ja = trainingLabels.ja;
const formatEn = formatterFor('en', en);

describe('training view formats', () => {
  it('writes losses as mlx_lm.lora does, speeds to one decimal, and the learning rate in its notation', () => {
    expect(formatEn.loss(2.3456)).toBe('2.346');
    expect(formatEn.loss(2)).toBe('2.000');
    expect(formatEn.rate(150.234)).toBe('150.2');
    expect(formatEn.gigabytes(8.123)).toBe('8.1 GB');
    expect(formatEn.count(12000)).toBe('12,000');
    expect(formatEn.learningRate(1e-5)).toBe('1.000e-05');
    expect(formatEn.learningRate(2e-4)).toBe('2.000e-04');
    expect(formatEn.learningRate(1e-12)).toBe('1.000e-12');
  });

  it('summarises the chart: where each series starts and where it is now', () => {
    const train = [
      { iteration: 20, loss: 2.1 },
      { iteration: 10, loss: 2.4 },
    ];
    const val = [{ iteration: 1, loss: 2.9 }];
    expect(chartSummary(train, val, en, formatEn)).toBe(
      'Loss chart. Train loss from 2.400 at iteration 10 to 2.100 at iteration 20. Val loss 2.900 at iteration 1.',
    );
    expect(chartSummary(train, [], en, formatEn)).toBe(
      'Loss chart. Train loss from 2.400 at iteration 10 to 2.100 at iteration 20. No val loss yet.',
    );
    expect(chartSummary([], val, en, formatEn)).toBe('Loss chart. Val loss 2.900 at iteration 1.');
    expect(chartSummary([], [], en, formatEn)).toBe(en.chartEmpty);
    expect(chartSummary(train, val, ja, formatterFor('ja', ja))).toBe(
      '損失グラフ。訓練損失はイテレーション 10 の 2.400 から、イテレーション 20 の 2.100 まで。検証損失はイテレーション 1 で 2.900。',
    );
  });

  it('has every English label in Japanese too', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });
});
