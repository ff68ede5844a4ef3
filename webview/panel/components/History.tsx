// The session's questions and answers, newest first, with the one being generated on top, and a button
// for older pages (the host pages by id, never by offset). A long history is drawn a screenful first and
// the rest in short tasks right after, so the panel shows at once and stays responsive.
import { useEffect, useState } from 'preact/hooks';
import { cardsPerTask, firstCards } from '../progressive';
import type { AppState } from '../state';
import { LogCard, type LogCardProps } from './LogCard';
import { useLabels } from './labelsContext';
import { PendingCard } from './PendingCard';

type CardHandlers = Pick<
  LogCardProps,
  'onChooseRating' | 'onEdit' | 'onOpenEditor' | 'onSave' | 'onOpenLink'
>;

export interface HistoryProps extends CardHandlers {
  state: Pick<
    AppState,
    | 'session'
    | 'history'
    | 'drafts'
    | 'logUi'
    | 'timings'
    | 'activeLogId'
    | 'locale'
    | 'pending'
    | 'hasMoreHistory'
    | 'loadingHistory'
  >;
  onLoadMore: () => void;
}

export function History({ state, onLoadMore, ...handlers }: HistoryProps) {
  const t = useLabels();
  const [limit, setLimit] = useState(firstCards);
  const total = state.history.length;
  useEffect(() => {
    if (limit >= total) return;
    const handle = setTimeout(() => setLimit((current) => current + cardsPerTask), 0);
    return () => clearTimeout(handle);
  }, [limit, total]);
  const shown = limit >= total ? state.history : state.history.slice(0, limit);
  return (
    <section class="history" aria-label={t.history}>
      {state.pending && <PendingCard pending={state.pending} onOpenLink={handlers.onOpenLink} />}
      {state.session && state.history.length === 0 && !state.pending && <p class="hint">{t.noHistory}</p>}
      {shown.map((log) => (
        <LogCard
          key={log.id}
          log={log}
          draft={state.drafts[log.id]}
          ui={state.logUi[log.id]}
          timings={state.timings[log.id]}
          active={state.activeLogId === log.id}
          locale={state.locale}
          {...handlers}
        />
      ))}
      {state.hasMoreHistory && limit >= total && (
        <button
          type="button"
          class="secondary load-more"
          disabled={state.loadingHistory}
          onClick={onLoadMore}
        >
          <span class="codicon codicon-history" aria-hidden="true" /> {t.loadMore}
        </button>
      )}
    </section>
  );
}
