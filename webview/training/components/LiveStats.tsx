// The run's numbers now: progress (iteration of iterations), train and val loss, speed and memory.
import type { LossPoint } from '../lossChart';
import type { TrainPoint } from '../state';
import { useLanguage } from './labelsContext';

interface LiveStatsProps {
  iteration: number;
  iters: number;
  latestTrain: TrainPoint | undefined;
  latestVal: LossPoint | undefined;
}

export function LiveStats({ iteration, iters, latestTrain, latestVal }: LiveStatsProps) {
  const { t, format } = useLanguage();
  const none = '—';
  const stats: [string, string, string][] = [
    ['train-loss', t.trainLoss, latestTrain ? format.loss(latestTrain.loss) : none],
    ['val-loss', t.valLoss, latestVal ? format.loss(latestVal.loss) : none],
    [
      'tokens-per-second',
      t.tokensPerSecond,
      latestTrain?.tokensPerSecond === undefined ? none : format.rate(latestTrain.tokensPerSecond),
    ],
    [
      'peak-memory',
      t.peakMemory,
      latestTrain?.peakMemoryGb === undefined ? none : format.gigabytes(latestTrain.peakMemoryGb),
    ],
  ];
  const progressText = t.iterationOf(format.count(iteration), format.count(iters));
  return (
    <section class="live-stats">
      <div class="progress">
        <progress
          id="training-progress"
          max={iters}
          value={Math.min(iteration, iters)}
          aria-label={t.progress}
          aria-valuetext={progressText}
        />
        <span class="progress-text">{progressText}</span>
      </div>
      <dl class="stats">
        {stats.map(([key, name, value]) => (
          <div key={key} data-stat={key}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
