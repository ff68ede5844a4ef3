// One re-asked question side by side: the old answer with its rating, reason and correction on the
// left, the new answer on the right — streaming while it is asked, then a card rated with the panel's
// own keys and form, the old correction (or the expected answer) offered as the correction's start.
// The likeness to the correction is shown as what it is: a hint, not a rating.
import { formatCount } from '../../../src/protocol/labels';
import type { Locale } from '../../../src/protocol/views';
import type { Draft, LogUi, RetestState } from '../state';
import { LogCard, type LogCardProps } from './LogCard';
import { useLabels } from './labelsContext';
import { Markdown } from './Markdown';

type CardHandlers = Pick<
  LogCardProps,
  'onChooseRating' | 'onEdit' | 'onOpenEditor' | 'onSave' | 'onOpenLink'
>;

export interface RetestDetailProps extends CardHandlers {
  retest: RetestState;
  drafts: Record<number, Draft>;
  logUi: Record<number, LogUi>;
  activeLogId: number | null;
  locale: Locale;
}

export function RetestDetail({ retest, drafts, logUi, activeLogId, locale, ...handlers }: RetestDetailProps) {
  const t = useLabels();
  const r = t.retest;
  const { detail, selected } = retest;
  if (selected === null || detail?.position !== selected)
    return (
      <section class="retest-detail" aria-label={r.title}>
        <p class="hint">{selected === null ? r.chooseQuestion : t.loading}</p>
      </section>
    );
  const { before, after } = detail;
  const streaming = retest.streaming?.position === selected ? retest.streaming.blocks : null;
  const start = before?.correction ?? detail.expected_answer;
  const correctionStart = start
    ? { label: before?.correction ? r.startFromOldCorrection : r.startFromExpected, text: start }
    : undefined;
  const newLabel = r.newAnswer(retest.run.target);
  return (
    <section class="retest-detail" aria-label={r.title} data-position={selected}>
      <h3 class="question-text">
        <span class="retest-num">{formatCount(locale, selected + 1)}</span> {detail.question}
      </h3>
      <div class="retest-sides">
        <section class="retest-old" aria-label={r.oldAnswer}>
          <h4>{r.oldAnswer}</h4>
          {before ? (
            <>
              <p class="retest-old-rating" data-evaluation={before.evaluation ?? 'none'}>
                {r.oldRating}:{' '}
                {before.evaluation === null ? r.notRatedBefore : t.evaluation[before.evaluation]}
              </p>
              <div class="answer">
                <Markdown tree={before.answer_md} onOpenLink={handlers.onOpenLink} />
              </div>
              {(before.reason || before.correction) && (
                <dl class="retest-old-notes">
                  {before.reason && (
                    <>
                      <dt>{t.reason}</dt>
                      <dd class="retest-reason">{before.reason}</dd>
                    </>
                  )}
                  {before.correction && (
                    <>
                      <dt>{r.oldCorrection}</dt>
                      <dd class="retest-correction">{before.correction}</dd>
                    </>
                  )}
                </dl>
              )}
            </>
          ) : (
            <p class="hint">{r.noOldAnswer}</p>
          )}
          {detail.expected_answer && (
            <dl class="retest-old-notes">
              <dt>{r.expectedAnswer}</dt>
              <dd class="retest-correction">{detail.expected_answer}</dd>
            </dl>
          )}
        </section>
        <section class="retest-new" aria-label={newLabel}>
          <h4>{newLabel}</h4>
          {after ? (
            <>
              {detail.similarity !== null && (
                <p class="retest-hint">
                  <span class="codicon codicon-lightbulb" aria-hidden="true" />{' '}
                  {(detail.expected_answer ? r.hintExpected : r.hint)(
                    formatCount(locale, Math.round(detail.similarity * 100)),
                  )}
                </p>
              )}
              <LogCard
                log={after}
                draft={drafts[after.id]}
                ui={logUi[after.id]}
                timings={undefined}
                active={activeLogId === after.id}
                locale={locale}
                correctionStart={correctionStart}
                questionHidden
                {...handlers}
              />
            </>
          ) : streaming ? (
            <div class="answer" aria-live="polite" aria-busy="true">
              <Markdown tree={streaming} streaming onOpenLink={handlers.onOpenLink} />
            </div>
          ) : detail.error ? (
            <p class="field-error" role="alert">
              <span class="codicon codicon-error" aria-hidden="true" /> {r.couldNotAsk}: {detail.error}
            </p>
          ) : retest.rows[selected]?.state === 'answering' ? (
            <p class="placeholder">
              <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> {t.generating}
            </p>
          ) : (
            <p class="hint">{r.notAskedYet}</p>
          )}
        </section>
      </div>
    </section>
  );
}
