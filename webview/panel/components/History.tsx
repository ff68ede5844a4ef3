// The session's questions and answers, newest first, with the one being generated on top, and a button
// for older pages (the host pages by id, never by offset).
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
  return (
    <section class="history" aria-label={t.history}>
      {state.pending && <PendingCard pending={state.pending} onOpenLink={handlers.onOpenLink} />}
      {state.history.length === 0 && !state.pending && <p class="hint">{t.noHistory}</p>}
      {state.history.map((log) => (
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
      {state.hasMoreHistory && (
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
