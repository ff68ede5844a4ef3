// The review view: my queue (or the disagreements I lead) walked with previous / next, the entry shown
// with its PoC's guidelines beside it, the rating keys 1 / 2 / 3 and Ctrl+Enter, and the agreement tables
// when the host sends them.
import { useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import { type ReviewLocale, reviewLabels } from '../../../src/protocol/reviewLabels';
import type { ReviewChannel } from '../hostChannel';
import {
  draftUseOf,
  type FormState,
  formOf,
  formReady,
  initialReviewState,
  reduceReview,
  verdictOf,
} from '../state';
import { AgreementTables } from './AgreementTables';
import { DisputeEntry } from './DisputeEntry';
import { Guidelines } from './Guidelines';
import { LogExchange } from './LogExchange';
import { ReviewLanguage } from './labels';
import { ReviewEntry } from './ReviewEntry';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function ReviewApp({ channel, locale }: { channel: ReviewChannel; locale: ReviewLocale }) {
  const [state, dispatch] = useReducer(reduceReview, initialReviewState);
  const language = useMemo(() => ({ t: reviewLabels[locale], locale }), [locale]);
  const { t } = language;
  const requests = useRef(0);

  useEffect(() => {
    const stop = channel.listen((message) => dispatch({ type: 'host', message }));
    channel.post({ type: 'ready' });
    return stop;
  }, [channel]);

  const item = state.item;
  const form: FormState | null = item ? formOf(state, item.log_id) : null;
  const editable =
    item !== null && ((item.kind === 'review' && !item.mine) || (item.kind === 'dispute' && !item.resolved));

  const edit = (changes: Partial<FormState>) =>
    item && dispatch({ type: 'edit', log_id: item.log_id, changes });
  const submit = () => {
    if (!item || !form || !formReady(form)) return;
    const verdict = verdictOf(form);
    if (!verdict) return;
    dispatch({ type: 'saving', log_id: item.log_id });
    if (item.kind === 'review')
      channel.post({
        type: 'submit',
        position: state.position,
        log_id: item.log_id,
        verdict,
        draft: draftUseOf(form),
      });
    else
      channel.post({
        type: 'resolve',
        position: state.position,
        log_id: item.log_id,
        decision: { verdict, draft: draftUseOf(form) },
      });
  };
  const pick = (reviewer: string) => {
    if (!item) return;
    dispatch({ type: 'saving', log_id: item.log_id });
    channel.post({
      type: 'resolve',
      position: state.position,
      log_id: item.log_id,
      decision: { pick: reviewer },
    });
  };
  const draft = () => {
    if (!item || !form || (form.evaluation !== 2 && form.evaluation !== 3)) return;
    requests.current += 1;
    const requestId = `draft-${item.log_id}-${requests.current}`;
    dispatch({ type: 'draftRequested', log_id: item.log_id, request_id: requestId });
    channel.post({
      type: 'draft',
      request_id: requestId,
      log_id: item.log_id,
      evaluation: form.evaluation,
      reason: form.reason.trim() ? form.reason : null,
    });
  };
  const cancelDraft = () => {
    if (form?.draft) channel.post({ type: 'cancelDraft', request_id: form.draft.request_id });
  };
  const show = (position: number) => channel.post({ type: 'show', position });
  const openLink = (href: string) => channel.post({ type: 'openLink', href });

  // The rating keys, never while typing; Ctrl / ⌘ + Enter submits from anywhere in the form.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event) => {
    if (!editable || state.agreement) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '1' || event.key === '2' || event.key === '3') {
      event.preventDefault();
      edit({ evaluation: Number(event.key) as 1 | 2 | 3 });
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const heading = state.walk === 'queue' ? t.myQueue : t.disagreements;
  const counts =
    state.walk === 'queue'
      ? t.counts(String(state.counts.to_review), String(state.counts.reviewed), String(state.counts.closed))
      : t.disputesCount(String(state.disputes));

  return (
    <ReviewLanguage.Provider value={language}>
      <main class="review">
        {state.agreement ? (
          <AgreementTables agreement={state.agreement} onBack={() => dispatch({ type: 'closeAgreement' })} />
        ) : !state.loaded ? (
          <p role="status">{t.loading}</p>
        ) : (
          <>
            <header class="walk">
              <h1>{heading}</h1>
              <p class="counts" role="status">
                {counts}
              </p>
              <nav class="walk-nav" aria-label={heading}>
                <button
                  type="button"
                  disabled={state.position === 0}
                  onClick={() => show(state.position - 1)}
                >
                  {t.previous}
                </button>
                <span class="position">
                  {state.total > 0
                    ? t.position(String(Math.min(state.position + 1, state.total)), String(state.total))
                    : ''}
                </span>
                <button
                  type="button"
                  disabled={state.position >= state.total}
                  onClick={() => show(state.position + 1)}
                >
                  {t.next}
                </button>
              </nav>
            </header>
            <div class="layout">
              <div class="entry">
                {item && form ? (
                  <>
                    <LogExchange item={item} onOpenLink={openLink} />
                    {item.kind === 'review' ? (
                      <ReviewEntry
                        item={item}
                        form={form}
                        onEdit={edit}
                        onSubmit={submit}
                        onDraft={draft}
                        onCancelDraft={cancelDraft}
                      />
                    ) : (
                      <DisputeEntry
                        item={item}
                        form={form}
                        onEdit={edit}
                        onPick={pick}
                        onResolve={submit}
                        onDraft={draft}
                        onCancelDraft={cancelDraft}
                      />
                    )}
                  </>
                ) : (
                  <p class="done" role="status">
                    {state.total === 0 ? (state.walk === 'queue' ? t.emptyQueue : t.emptyDisputes) : t.done}
                  </p>
                )}
              </div>
              {state.guidelines && (
                <Guidelines
                  guidelines={state.guidelines}
                  onOpenLink={openLink}
                  onEdit={() =>
                    state.guidelines &&
                    channel.post({ type: 'editGuidelines', poc_id: state.guidelines.poc_id })
                  }
                />
              )}
            </div>
          </>
        )}
      </main>
    </ReviewLanguage.Provider>
  );
}
