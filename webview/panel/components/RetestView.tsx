// The panel's re-test view: the run's title, state and controls (pause / resume / cancel), its counts —
// fixed, still wrong, regressed, still good, not rated — each showing its questions, the windowed list
// of questions, and the selected one side by side (RetestDetail).
import { useMemo } from 'preact/hooks';
import { formatCount } from '../../../src/protocol/labels';
import type { RetestFlip, RetestItemState } from '../../../src/protocol/retest';
import { useLabels } from './labelsContext';
import { RetestDetail, type RetestDetailProps } from './RetestDetail';
import { VirtualList } from './VirtualList';

export const RETEST_ROW_HEIGHT = 28;
const VISIBLE_ROWS = 12;

const stateIcons: Record<RetestItemState, string> = {
  waiting: 'circle-large-outline',
  answering: 'loading codicon-modifier-spin',
  answered: 'circle-large-filled',
  rated: 'pass-filled',
  failed: 'error',
};
const shownFlips: RetestFlip[] = ['fixed', 'still_wrong', 'regressed', 'still_good', 'unrated'];

export interface RetestViewProps extends RetestDetailProps {
  onSelect: (position: number) => void;
  onFollow: (follow: boolean) => void;
  onFilter: (filter: RetestFlip | null) => void;
  onControl: (action: 'pause' | 'resume' | 'cancel') => void;
  onClose: () => void;
}

export function RetestView(props: RetestViewProps) {
  const t = useLabels();
  const r = t.retest;
  const { retest, locale } = props;
  const { run, counts, rows, filter } = retest;
  const n = (value: number) => formatCount(locale, value);
  // The list shown: every question, or those of the chosen count.
  const positions = useMemo(
    () => (filter === null ? null : rows.filter((row) => row.flip === filter).map((row) => row.position)),
    [rows, filter],
  );
  const count = positions ? positions.length : rows.length;
  const positionAt = (index: number) => (positions ? positions[index]! : index);
  const selectedIndex =
    retest.selected === null ? null : positions ? positions.indexOf(retest.selected) : retest.selected;
  const answered = run.total - counts.not_asked;
  const canPause = run.status === 'running';
  const canResume = run.status === 'paused' || run.status === 'ready';
  const canCancel = canPause || canResume;
  const flips = counts.not_asked > 0 ? [...shownFlips, 'not_asked' as const] : shownFlips;

  return (
    <section class="retest" aria-labelledby="retest-title">
      <div class="retest-head">
        <h2 id="retest-title">{run.title}</h2>
        <button
          type="button"
          class="icon-button"
          aria-label={r.close}
          title={r.close}
          onClick={props.onClose}
        >
          <span class="codicon codicon-close" aria-hidden="true" />
        </button>
      </div>
      <div class="retest-controls">
        <span class="retest-status" data-status={run.status} role="status">
          {r.status[run.status]} · {r.progress(n(answered), n(run.total))}
        </span>
        {canPause && (
          <button type="button" onClick={() => props.onControl('pause')}>
            <span class="codicon codicon-debug-pause" aria-hidden="true" /> {r.pause}
          </button>
        )}
        {canResume && (
          <button type="button" class="primary" onClick={() => props.onControl('resume')}>
            <span class="codicon codicon-debug-continue" aria-hidden="true" /> {r.resume}
          </button>
        )}
        {canCancel && (
          <button type="button" title={r.cancelHint} onClick={() => props.onControl('cancel')}>
            <span class="codicon codicon-debug-stop" aria-hidden="true" /> {r.cancel}
          </button>
        )}
      </div>
      {run.status === 'paused' && run.paused_reason && (
        <p class="retest-paused">
          <span class="codicon codicon-warning" aria-hidden="true" /> {r.pausedBecause(run.paused_reason)}
        </p>
      )}
      <div class="retest-counts">
        {flips.map((flip) => (
          <button
            key={flip}
            type="button"
            class="retest-count"
            data-flip={flip}
            aria-pressed={filter === flip}
            aria-label={r.showFlip(r.flips[flip], n(counts[flip]))}
            onClick={() => props.onFilter(filter === flip ? null : flip)}
          >
            <span class="retest-count-n">{n(counts[flip])}</span> {r.flips[flip]}
          </button>
        ))}
        {filter !== null && (
          <button type="button" class="link-button" onClick={() => props.onFilter(null)}>
            {r.all}
          </button>
        )}
      </div>
      <div class="retest-body">
        <div class="retest-list">
          <label class="retest-follow">
            <input
              type="checkbox"
              checked={retest.follow}
              onChange={(event) => props.onFollow(event.currentTarget.checked)}
            />{' '}
            {r.follow}
          </label>
          {count === 0 ? (
            <p class="hint">{r.noneHere}</p>
          ) : (
            <VirtualList
              count={count}
              rowHeight={RETEST_ROW_HEIGHT}
              visibleRows={VISIBLE_ROWS}
              selectedIndex={selectedIndex === -1 ? null : selectedIndex}
              label={r.questions}
              rowId={(index) => `retest-row-${positionAt(index)}`}
              onSelect={(index) => props.onSelect(positionAt(index))}
              renderRow={(index) => {
                const row = rows[positionAt(index)]!;
                return (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox around it takes the keys
                  <div
                    key={row.position}
                    id={`retest-row-${row.position}`}
                    role="option"
                    tabIndex={-1}
                    class="retest-row"
                    data-position={row.position}
                    data-state={row.state}
                    data-flip={row.flip}
                    aria-selected={row.position === retest.selected}
                    aria-posinset={index + 1}
                    aria-setsize={count}
                    onClick={() => props.onSelect(row.position)}
                  >
                    <span class="retest-num">{n(row.position + 1)}</span>
                    <span class={`codicon codicon-${stateIcons[row.state]}`} aria-hidden="true" />
                    <span class="visually-hidden">{r.states[row.state]}</span>
                    <span class="retest-q">{row.question}</span>
                    {row.flip !== 'not_asked' && <span class="retest-flip">{r.flips[row.flip]}</span>}
                  </div>
                );
              }}
            />
          )}
        </div>
        <RetestDetail {...props} />
      </div>
    </section>
  );
}
