// The chart's numbers as a table, folded away: the same data for screen readers and for copying. Its
// rows are drawn only while it is open, and a row is drawn again only when its numbers change (a long
// run has thousands of rows, and a report comes every few seconds).
import { Component } from 'preact';
import { useState } from 'preact/hooks';
import type { Formatter } from '../format';
import type { LossPoint } from '../lossChart';
import { numbersRows, type TrainPoint } from '../state';
import { useLanguage } from './labelsContext';

interface RowProps {
  format: Formatter;
  iteration: number;
  trainLoss: number | undefined;
  valLoss: number | undefined;
  tokensPerSecond: number | undefined;
  peakMemoryGb: number | undefined;
}

const none = '—';

class NumbersRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const current = this.props;
    return (Object.keys(next) as (keyof RowProps)[]).some((key) => next[key] !== current[key]);
  }

  override render({ format, iteration, trainLoss, valLoss, tokensPerSecond, peakMemoryGb }: RowProps) {
    return (
      <tr>
        <th scope="row">{format.count(iteration)}</th>
        <td>{trainLoss === undefined ? none : format.loss(trainLoss)}</td>
        <td>{valLoss === undefined ? none : format.loss(valLoss)}</td>
        <td>{tokensPerSecond === undefined ? none : format.rate(tokensPerSecond)}</td>
        <td>{peakMemoryGb === undefined ? none : format.gigabytes(peakMemoryGb)}</td>
      </tr>
    );
  }
}

export function NumbersTable({ train, val }: { train: readonly TrainPoint[]; val: readonly LossPoint[] }) {
  const { t, format } = useLanguage();
  const [open, setOpen] = useState(false);
  const rows = open ? numbersRows(train, val) : [];
  return (
    <details class="numbers" onToggle={(event) => setOpen(event.currentTarget.open)}>
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
            <NumbersRow
              key={row.iteration}
              format={format}
              iteration={row.iteration}
              trainLoss={row.train?.loss}
              valLoss={row.valLoss}
              tokensPerSecond={row.train?.tokensPerSecond}
              peakMemoryGb={row.train?.peakMemoryGb}
            />
          ))}
        </tbody>
      </table>
    </details>
  );
}
