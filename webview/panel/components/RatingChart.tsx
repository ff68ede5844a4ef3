// The collapsible "Ratings per version" section: a stacked bar per version (good / insufficient / wrong,
// the not-rated count apart in grey), the share wrong per version over time, and the same numbers as
// tables. Colours are the theme's chart colours; patterns, borders and direct labels carry the meaning
// too, so it reads in high contrast and without colour. Geometry: ratingChartGeometry.ts.

import { formatCount } from '../../../src/protocol/labels';
import type { Locale, RatingChartView } from '../../../src/protocol/views';
import {
  barSegments,
  countScale,
  percent,
  RATED,
  type Rated,
  ratedTotal,
  shareLines,
  shareWrong,
  spreadApart,
  type Version,
} from '../ratingChartGeometry';
import { useLabels } from './labelsContext';

const LABEL = 96;
const BAR = 200;
const UNRATED = 86;
const ROW = 24;
const BAR_HEIGHT = 14;
const AXIS = 18;
const LINES_WIDTH = 300;
const LINES_HEIGHT = 90;

const code: Record<Rated, 1 | 2 | 3> = { good: 1, insufficient: 2, wrong: 3 };
export const versionLabel = (v: Pick<Version, 'model_name' | 'version'>) => `${v.model_name} v${v.version}`;

/** The patterns that tell insufficient (stripes) and wrong (cross-hatch) from good without colour. */
function Patterns() {
  return (
    <defs>
      <pattern
        id="rc-stripes"
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <line class="rc-hatch" x1="0" y1="0" x2="0" y2="6" />
      </pattern>
      <pattern id="rc-cross" width="6" height="6" patternUnits="userSpaceOnUse">
        <path class="rc-hatch" d="M0,0 L6,6 M6,0 L0,6" />
      </pattern>
    </defs>
  );
}

/** A rated segment: the colour, then its pattern over it, with a border. */
function Swatch({
  kind,
  x,
  y,
  width,
  height,
}: {
  kind: Rated;
  x: number;
  y: number;
  width: number;
  height: number;
}) {
  const overlay =
    kind === 'insufficient' ? 'url(#rc-stripes)' : kind === 'wrong' ? 'url(#rc-cross)' : undefined;
  return (
    <g data-kind={kind}>
      <rect class={`rc-seg rc-${kind}`} x={x} y={y} width={width} height={height} />
      {overlay && <rect class="rc-pattern" x={x} y={y} width={width} height={height} fill={overlay} />}
    </g>
  );
}

export function RatingChart({ chart, locale }: { chart: RatingChartView; locale: Locale }) {
  const t = useLabels();
  const n = (value: number) => formatCount(locale, value);
  const names: Record<Rated, string> = {
    good: t.evaluation[1],
    insufficient: t.evaluation[2],
    wrong: t.evaluation[3],
  };
  const largest = Math.max(0, ...chart.versions.map(ratedTotal));
  const scale = countScale(largest, BAR);
  const height = chart.versions.length * ROW + AXIS;
  const summary = [
    t.ratingChart.title,
    ...chart.versions.map((v) =>
      t.ratingChart.versionSummary(versionLabel(v), n(v.good), n(v.insufficient), n(v.wrong), n(v.unrated)),
    ),
  ].join('. ');
  const labelOf = new Map(chart.versions.map((v) => [v.model_id, versionLabel(v)]));
  const over = shareLines(chart, LINES_WIDTH - LABEL, LINES_HEIGHT);
  // Each line named at the right, level with its last point, the names kept apart.
  const ends = over.lines.flatMap((line) => {
    const last = line.points.at(-1);
    return last ? [{ model_id: line.model_id, y: last.y }] : [];
  });
  const endLabels = new Map(
    spreadApart(
      ends.map((e) => e.y),
      11,
    ).map((y, i) => [ends[i]!.model_id, y]),
  );
  const lineSummary = [
    `${t.ratingChart.overTime} (${t.ratingChart.bucket[chart.bucket]})`,
    ...over.lines
      .filter((line) => line.points.length > 0)
      .map((line) =>
        t.ratingChart.lineSummary(
          labelOf.get(line.model_id) ?? '',
          String(percent(line.points[0]!.share)),
          String(percent(line.points.at(-1)!.share)),
        ),
      ),
  ].join('. ');

  return (
    <details class="rating-chart">
      <summary>
        {t.ratingChart.title}
        {chart.versions.length > 0 && (
          <span class="rc-glance">
            {chart.versions
              .map((v) => {
                const wrong = shareWrong(v);
                // A version nobody has rated yet says so rather than "– wrong".
                return wrong === null
                  ? `${versionLabel(v)} ${t.unrated}`
                  : `${versionLabel(v)} ${shareText(wrong)} ${names.wrong}`;
              })
              .join(' · ')}
          </span>
        )}
      </summary>
      {/* The patterns, once for every SVG below (ids are document-wide). */}
      <svg class="rc-defs" width="0" height="0" aria-hidden="true">
        <Patterns />
      </svg>
      {chart.versions.length === 0 ? (
        <p class="hint">{t.ratingChart.empty}</p>
      ) : (
        <>
          <div class="rc-legend" aria-hidden="true">
            {RATED.map((kind) => (
              <span key={kind}>
                <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">
                  <Swatch kind={kind} x={0.5} y={0.5} width={13} height={11} />
                </svg>
                {names[kind]}
              </span>
            ))}
          </div>
          <svg
            class="rc-bars"
            role="img"
            aria-label={summary}
            viewBox={`0 0 ${LABEL + BAR + UNRATED} ${height}`}
            width={LABEL + BAR + UNRATED}
            height={height}
          >
            {scale.ticks.map((tick) => (
              <g key={tick.value} class="rc-tick">
                <line x1={LABEL + tick.x} x2={LABEL + tick.x} y1={0} y2={height - AXIS + 2} />
                <text x={LABEL + tick.x} y={height - 4} text-anchor="middle">
                  {n(tick.value)}
                </text>
              </g>
            ))}
            {chart.versions.map((v, row) => {
              const y = row * ROW + (ROW - BAR_HEIGHT) / 2;
              return (
                <g key={v.model_id} class="rc-row" data-version={versionLabel(v)}>
                  <text class="rc-label" x={LABEL - 6} y={y + BAR_HEIGHT - 3} text-anchor="end">
                    {versionLabel(v)}
                  </text>
                  {barSegments(v, scale.x).map((segment) => (
                    <Swatch
                      key={segment.kind}
                      kind={segment.kind}
                      x={LABEL + segment.x}
                      y={y}
                      width={segment.width}
                      height={BAR_HEIGHT}
                    />
                  ))}
                  <text class="rc-unrated" x={LABEL + BAR + 6} y={y + BAR_HEIGHT - 3}>
                    {v.unrated > 0 ? t.ratingChart.notRated(n(v.unrated)) : ''}
                  </text>
                </g>
              );
            })}
          </svg>
          {over.periods.length > 0 && (
            <>
              <h3 class="rc-heading">
                {t.ratingChart.overTime} ({t.ratingChart.bucket[chart.bucket]})
              </h3>
              <svg
                class="rc-lines"
                role="img"
                aria-label={lineSummary}
                viewBox={`-8 -6 ${LINES_WIDTH + 28} ${LINES_HEIGHT + 24}`}
                width={LINES_WIDTH + 28}
                height={LINES_HEIGHT + 24}
              >
                {[0, 0.5, 1].map((share) => (
                  <g key={share} class="rc-tick">
                    <line
                      x1={0}
                      x2={LINES_WIDTH - LABEL}
                      y1={LINES_HEIGHT * (1 - share)}
                      y2={LINES_HEIGHT * (1 - share)}
                    />
                    <text x={LINES_WIDTH - LABEL + 4} y={LINES_HEIGHT * (1 - share) + 4}>
                      {percent(share)} %
                    </text>
                  </g>
                ))}
                {over.periods.length > 0 && (
                  <g class="rc-tick">
                    <text x={0} y={LINES_HEIGHT + 16}>
                      {over.periods[0]!.period}
                    </text>
                    {over.periods.length > 1 && (
                      <text x={over.periods.at(-1)!.x} y={LINES_HEIGHT + 16} text-anchor="end">
                        {over.periods.at(-1)!.period}
                      </text>
                    )}
                  </g>
                )}
                {over.lines.map((line, index) => {
                  const last = line.points.at(-1);
                  const labelY = endLabels.get(line.model_id);
                  return (
                    <g
                      key={line.model_id}
                      class={`rc-line rc-series-${index % 4}`}
                      data-version={labelOf.get(line.model_id)}
                    >
                      <path d={line.path} />
                      {line.points.map((point) => (
                        <circle
                          key={point.period}
                          cx={point.x}
                          cy={point.y}
                          r={2.5}
                          data-period={point.period}
                        />
                      ))}
                      {last && labelY !== undefined && (
                        <>
                          {/* A sample of the line's colour and dashes beside its name. */}
                          <line
                            x1={LINES_WIDTH - LABEL + 34}
                            x2={LINES_WIDTH - LABEL + 50}
                            y1={labelY}
                            y2={labelY}
                          />
                          <text class="rc-end" x={LINES_WIDTH - LABEL + 54} y={labelY + 4}>
                            {labelOf.get(line.model_id)}
                          </text>
                        </>
                      )}
                    </g>
                  );
                })}
              </svg>
            </>
          )}
          <table class="rc-table">
            <caption>{t.ratingChart.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.ratingChart.version}</th>
                {RATED.map((kind) => (
                  <th key={kind} scope="col">
                    {names[kind]}
                  </th>
                ))}
                <th scope="col">{t.unrated}</th>
                <th scope="col">{t.ratingChart.shareWrong}</th>
              </tr>
            </thead>
            <tbody>
              {chart.versions.map((v) => (
                <tr key={v.model_id} data-version={versionLabel(v)}>
                  <th scope="row">{versionLabel(v)}</th>
                  {RATED.map((kind) => (
                    <td key={kind} data-evaluation={code[kind]}>
                      {n(v[kind])}
                    </td>
                  ))}
                  <td data-evaluation="unrated">{n(v.unrated)}</td>
                  <td>{shareText(shareWrong(v))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details class="rc-more">
            <summary>{t.ratingChart.overTimeTable}</summary>
            <table class="rc-table">
              <thead>
                <tr>
                  <th scope="col">{t.ratingChart.period[chart.bucket]}</th>
                  <th scope="col">{t.ratingChart.version}</th>
                  {RATED.map((kind) => (
                    <th key={kind} scope="col">
                      {names[kind]}
                    </th>
                  ))}
                  <th scope="col">{t.unrated}</th>
                  <th scope="col">{t.ratingChart.shareWrong}</th>
                </tr>
              </thead>
              <tbody>
                {chart.over_time.map((p) => (
                  <tr key={`${p.model_id} ${p.period}`}>
                    <th scope="row">{p.period}</th>
                    <td>{labelOf.get(p.model_id)}</td>
                    {RATED.map((kind) => (
                      <td key={kind}>{n(p[kind])}</td>
                    ))}
                    <td>{n(p.unrated)}</td>
                    <td>{shareText(shareWrong(p))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </details>
  );
}

const shareText = (share: number | null) => (share === null ? '–' : `${percent(share)} %`);
