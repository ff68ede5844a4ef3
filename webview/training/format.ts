// How the training view writes its numbers (losses to 3 decimals, as mlx_lm.lora prints them) and the
// chart's summary for screen readers, in the view's language.
import type { TrainingLabels, TrainingLocale } from '../../src/protocol/trainingLabels';
import type { LossPoint } from './lossChart';

export interface Formatter {
  count(value: number): string;
  loss(value: number): string;
  rate(value: number): string;
  gigabytes(value: number): string;
  learningRate(value: number): string;
}

export function formatterFor(locale: TrainingLocale, t: TrainingLabels): Formatter {
  const fixed = (digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const three = fixed(3);
  const one = fixed(1);
  return {
    count: (value) => integer.format(value),
    loss: (value) => three.format(value),
    rate: (value) => one.format(value),
    gigabytes: (value) => t.gigabytes(one.format(value)),
    // mlx_lm.lora's own notation (1.000e-05): the value people typed and compare with.
    learningRate: (value) => value.toExponential(3).replace(/e([+-])(\d)$/, 'e$10$2'),
  };
}

function seriesSummary(
  points: readonly LossPoint[],
  series: TrainingLabels['trainSeries'],
  single: TrainingLabels['trainPoint'],
  format: Formatter,
): string | null {
  const sorted = [...points].sort((a, b) => a.iteration - b.iteration);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return null;
  if (sorted.length === 1) return single(format.loss(first.loss), format.count(first.iteration));
  return series(
    format.loss(first.loss),
    format.count(first.iteration),
    format.loss(last.loss),
    format.count(last.iteration),
  );
}

/** The chart in words (its aria-label): where each series starts and where it is now. */
export function chartSummary(
  train: readonly LossPoint[],
  val: readonly LossPoint[],
  t: TrainingLabels,
  format: Formatter,
): string {
  const trainText = seriesSummary(train, t.trainSeries, t.trainPoint, format);
  const valText = seriesSummary(val, t.valSeries, t.valPoint, format);
  if (!trainText && !valText) return t.chartEmpty;
  return t.chartSummary([trainText ?? '', valText ?? t.noVal].filter((part) => part !== ''));
}
