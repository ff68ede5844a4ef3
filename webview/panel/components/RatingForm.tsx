// The rating form of one log: reason, correct answer (with "start from the model's answer" and a diff)
// and priority for Insufficient and Wrong; a memo on any rating; Save.
import type { LogView, Priority } from '../../../src/protocol/views';
import type { Draft, LogUi } from '../state';
import { CorrectionDiff } from './CorrectionDiff';
import { LengthCounter } from './LengthCounter';
import { useLabels } from './labelsContext';

export interface RatingFormProps {
  log: LogView;
  draft: Draft;
  ui: LogUi | undefined;
  locale: 'en' | 'ja';
  onEdit: (patch: Partial<Omit<Draft, 'evaluation'>>) => void;
  onSave: () => void;
  /** Another starting point for the correction (the re-test view offers the old correction). */
  correctionStart?: { label: string; text: string } | undefined;
}

export const fieldId = (logId: number, field: string) => `log-${logId}-${field}`;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} class="field-error">
      <span class="codicon codicon-error" aria-hidden="true" /> {message}
    </p>
  ) : null;
}

export function RatingForm({ log, draft, ui, locale, onEdit, onSave, correctionStart }: RatingFormProps) {
  const t = useLabels();
  const errors = ui?.fieldErrors ?? {};
  const needsCorrection = draft.evaluation === 2 || draft.evaluation === 3;
  const id = (field: string) => fieldId(log.id, field);
  const invalid = (field: keyof typeof errors) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': id(`${field}-error`) } : {};

  return (
    <form
      class="rating-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
    >
      <FieldError id={id('evaluation-error')} message={errors.evaluation} />
      {needsCorrection && (
        <>
          <label for={id('reason')}>{t.reason}</label>
          <textarea
            id={id('reason')}
            rows={2}
            aria-required="true"
            value={draft.reason}
            onInput={(event) => onEdit({ reason: event.currentTarget.value })}
            {...invalid('reason')}
          />
          <FieldError id={id('reason-error')} message={errors.reason} />
          <LengthCounter id={id('reason-counter')} field="reason" text={draft.reason} locale={locale} />

          <div class="field-head">
            <label for={id('correct_answer')}>{t.correctAnswer}</label>
            <button type="button" class="link-button" onClick={() => onEdit({ correct_answer: log.answer })}>
              <span class="codicon codicon-copy" aria-hidden="true" /> {t.startFromAnswer}
            </button>
            {correctionStart && (
              <button
                type="button"
                class="link-button"
                onClick={() => onEdit({ correct_answer: correctionStart.text })}
              >
                <span class="codicon codicon-history" aria-hidden="true" /> {correctionStart.label}
              </button>
            )}
          </div>
          <textarea
            id={id('correct_answer')}
            rows={6}
            aria-required="true"
            value={draft.correct_answer}
            onInput={(event) => onEdit({ correct_answer: event.currentTarget.value })}
            {...invalid('correct_answer')}
          />
          <FieldError id={id('correct_answer-error')} message={errors.correct_answer} />
          <LengthCounter
            id={id('correct_answer-counter')}
            field="correct_answer"
            text={draft.correct_answer}
            locale={locale}
          />
          {draft.correct_answer.trim() !== '' && draft.correct_answer !== log.answer && (
            <CorrectionDiff
              id={id('diff')}
              before={log.answer}
              after={draft.correct_answer}
              locale={locale}
            />
          )}

          <label for={id('priority')}>{t.priority}</label>
          <select
            id={id('priority')}
            value={String(draft.priority)}
            onChange={(event) => onEdit({ priority: Number(event.currentTarget.value) as Priority })}
            {...invalid('priority')}
          >
            {([1, 2, 3] as const).map((value) => (
              <option key={value} value={String(value)}>
                {t.priorities[value]}
              </option>
            ))}
          </select>
          <FieldError id={id('priority-error')} message={errors.priority} />
        </>
      )}
      <label for={id('memo')}>{t.memo}</label>
      <textarea
        id={id('memo')}
        rows={2}
        value={draft.memo}
        onInput={(event) => onEdit({ memo: event.currentTarget.value })}
        {...invalid('memo')}
      />
      <FieldError id={id('memo-error')} message={errors.memo} />
      <LengthCounter id={id('memo-counter')} field="memo" text={draft.memo} locale={locale} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={ui?.save === 'saving'}>
          <span class="codicon codicon-save" aria-hidden="true" /> {t.save}
        </button>
        {ui?.save === 'failed' && ui.message && (
          <p class="save-error" role="alert">
            {ui.message}
          </p>
        )}
      </div>
    </form>
  );
}
