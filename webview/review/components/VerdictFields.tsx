// The verdict form shared by a reviewer's review and a lead's own final verdict: rating (keys 1 / 2 / 3),
// and for 2 / 3 a reason, the correct answer and a priority — with "Draft a correction", which streams a
// teacher model's draft into the box, marked as a draft until the reviewer edits or accepts it.
import type { FormState } from '../state';
import { useReviewLanguage } from './labels';

interface Props {
  idPrefix: string;
  form: FormState;
  answer: string;
  onEdit(changes: Partial<FormState>): void;
  onDraft(): void;
  onCancelDraft(): void;
}

export function VerdictFields({ idPrefix, form, answer, onEdit, onDraft, onCancelDraft }: Props) {
  const { t } = useReviewLanguage();
  const needsText = form.evaluation === 2 || form.evaluation === 3;
  const draft = form.draft;
  const streaming = draft?.status === 'streaming' || draft?.status === 'picking';
  const marked = draft && draft.status === 'done' && !draft.settled;
  const invalid = (field: string) => (form.errorField === field ? true : undefined);
  return (
    <div class="verdict-fields">
      <fieldset class="ratings">
        <legend>{t.rating}</legend>
        {([1, 2, 3] as const).map((code) => (
          <button
            type="button"
            key={code}
            class={`rating rating-${code}`}
            aria-pressed={form.evaluation === code}
            aria-keyshortcuts={String(code)}
            onClick={() => onEdit({ evaluation: code })}
          >
            <kbd>{code}</kbd> {t.ratings[code]}
          </button>
        ))}
      </fieldset>
      <p class="hint">{t.keysHint}</p>
      {needsText && (
        <>
          <label for={`${idPrefix}-reason`}>{t.reason}</label>
          <textarea
            id={`${idPrefix}-reason`}
            rows={3}
            value={form.reason}
            aria-invalid={invalid('reason')}
            onInput={(event) => onEdit({ reason: event.currentTarget.value })}
          />
          <div class="correction-head">
            <label for={`${idPrefix}-correction`}>{t.correctAnswer}</label>
            <span class="correction-actions">
              {!form.correct_answer && !streaming && (
                <button type="button" class="link-button" onClick={() => onEdit({ correct_answer: answer })}>
                  {t.startFromAnswer}
                </button>
              )}
              {streaming ? (
                <button type="button" onClick={onCancelDraft}>
                  {t.cancelDraft}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={onDraft}
                  disabled={!form.reason.trim()}
                  title={form.reason.trim() ? undefined : t.draftNeedsReason}
                >
                  {t.draft}
                </button>
              )}
            </span>
          </div>
          {draft?.status === 'streaming' && (
            <p class="draft-mark" role="status">
              {t.drafting(draft.model_name ?? '')}
            </p>
          )}
          {marked && (
            <p class="draft-mark" role="status">
              <strong>{t.draftFrom(draft.model_name ?? '')}</strong> {t.draftHint}{' '}
              <button type="button" onClick={() => onEdit({ draft: { ...draft, settled: true } })}>
                {t.acceptDraft}
              </button>
            </p>
          )}
          {form.draftError && (
            <p class="error" role="alert">
              {t.draftFailed}: {form.draftError}
            </p>
          )}
          <textarea
            id={`${idPrefix}-correction`}
            class={marked ? 'drafted' : undefined}
            rows={6}
            value={form.correct_answer}
            readOnly={streaming}
            aria-invalid={invalid('correct_answer')}
            aria-describedby={marked ? `${idPrefix}-draft` : undefined}
            onInput={(event) => onEdit({ correct_answer: event.currentTarget.value })}
          />
          {marked && (
            <span id={`${idPrefix}-draft`} class="visually-hidden">
              {t.draftFrom(draft.model_name ?? '')}
            </span>
          )}
          <fieldset class="priorities">
            <legend>{t.priority}</legend>
            {([1, 2, 3] as const).map((code) => (
              <label key={code}>
                <input
                  type="radio"
                  name={`${idPrefix}-priority`}
                  checked={form.priority === code}
                  onChange={() => onEdit({ priority: code })}
                />
                {t.priorities[code]}
              </label>
            ))}
          </fieldset>
        </>
      )}
    </div>
  );
}
