// The chart's numbers as a table, folded away: the same data for screen readers and for copying.
import type { LossPoint } from '../lossChart';
import { numbersRows, type TrainPoint } from '../state';
import { useLanguage } from './labelsContext';

export function NumbersTable({ train, val }: { train: readonly TrainPoint[]; val: readonly LossPoint[] }) {
  const { t, format } = useLanguage();
  const rows = numbersRows(train, val);
  const none = '—';
  return (
    <details class="numbers">
      <summary>{t.numbers}</summary>
      <table>
        <caption class="visually-hidden">{t.lossChart}</caption>
        <thead>
          <tr>
            <th scope="col">{t.iteration}</th>
            <th scope="col">{t.trainLoss}</th>
            <th scope="col">{t.valLoss}</th>
            <th scope="col">{t.tokensPerSecond}</th>
            <th scope="col">{t.peakMemory}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.iteration}>
              <th scope="row">{format.count(row.iteration)}</th>
              <td>{row.train ? format.loss(row.train.loss) : none}</td>
              <td>{row.valLoss === undefined ? none : format.loss(row.valLoss)}</td>
              <td>
                {row.train?.tokensPerSecond === undefined ? none : format.rate(row.train.tokensPerSecond)}
              </td>
              <td>
                {row.train?.peakMemoryGb === undefined ? none : format.gigabytes(row.train.peakMemoryGb)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
