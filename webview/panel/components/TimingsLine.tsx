// Time to first token and total time under an answer; the line is always there (no jump when a
// streaming answer completes).
import type { Timings } from '../../../src/protocol/views';
import { useLabels } from './labelsContext';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function TimingsLine({
  timings,
  latencyMs,
  streaming = false,
}: {
  timings: Timings | undefined;
  latencyMs?: number | null;
  streaming?: boolean;
}) {
  const t = useLabels();
  const firstToken = timings?.first_token_ms ?? null;
  const total = timings?.total_ms ?? latencyMs ?? null;
  return (
    <p class="timings">
      <span class="codicon codicon-clock" aria-hidden="true" />{' '}
      {streaming ? (
        t.generating
      ) : (
        <>
          <span data-timing="first-token">
            {t.firstToken}: {firstToken === null ? '—' : seconds(firstToken)}
          </span>
          {' · '}
          <span data-timing="total">
            {t.total}: {total === null ? '—' : seconds(total)}
          </span>
        </>
      )}
    </p>
  );
}
