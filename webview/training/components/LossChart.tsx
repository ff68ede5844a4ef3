// The loss chart: the train loss as a line and the val loss as points over the iterations, drawn as a
// small SVG from lossChart.ts's geometry (no chart library). Screen readers get the summary as the
// image's label; the numbers themselves are in NumbersTable.
import { chartSummary } from '../format';
import { defaultChartSize, type LossPoint, lossChartGeometry } from '../lossChart';
import { useLanguage } from './labelsContext';

interface LossChartProps {
  train: readonly LossPoint[];
  val: readonly LossPoint[];
  iters: number | undefined;
}

export function LossChart({ train, val, iters }: LossChartProps) {
  const { t, format } = useLanguage();
  const size = defaultChartSize;
  const chart = lossChartGeometry(train, val, iters, size);
  const { plot } = chart;
  return (
    <figure class="loss-chart">
      <svg
        role="img"
        aria-label={chartSummary(train, val, t, format)}
        viewBox={`0 0 ${size.width} ${size.height}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <g class="grid">
          {chart.yTicks.map((tick) => (
            <line key={tick.value} x1={plot.left} x2={plot.right} y1={tick.position} y2={tick.position} />
          ))}
        </g>
        <g class="axis y-axis">
          <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
          {chart.yTicks.map((tick) => (
            <text
              key={tick.value}
              x={plot.left - 6}
              y={tick.position}
              text-anchor="end"
              dominant-baseline="middle"
            >
              {tick.label}
            </text>
          ))}
        </g>
        <g class="axis x-axis">
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
          {chart.xTicks.map((tick) => (
            <g key={tick.value}>
              <line x1={tick.position} x2={tick.position} y1={plot.bottom} y2={plot.bottom + 4} />
              <text x={tick.position} y={plot.bottom + 16} text-anchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          <text class="axis-title" x={(plot.left + plot.right) / 2} y={size.height - 2} text-anchor="middle">
            {t.iteration}
          </text>
        </g>
        {chart.trainPath && <path class="train-line" d={chart.trainPath} />}
        {chart.lastTrain && <circle class="train-last" cx={chart.lastTrain.x} cy={chart.lastTrain.y} r={3} />}
        {chart.valPoints.map((point) => (
          <circle
            key={point.iteration}
            class="val-point"
            data-iteration={point.iteration}
            cx={point.x}
            cy={point.y}
            r={4}
          />
        ))}
      </svg>
      <figcaption class="legend" aria-hidden="true">
        <span class="legend-item">
          <span class="swatch swatch-train" />
          {t.trainLoss}
        </span>
        <span class="legend-item">
          <span class="swatch swatch-val" />
          {t.valLoss}
        </span>
      </figcaption>
    </figure>
  );
}
