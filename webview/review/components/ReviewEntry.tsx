// A log in my queue. Blind until I have submitted: the form alone (the host sends no one else's verdict
// before); after, my review beside the first rating, the other reviews and the accepted verdict.
import type { ReviewEntryView } from '../../../src/protocol/review';
import { type FormState, formReady } from '../state';
import { useReviewLanguage } from './labels';
import { VerdictCard } from './VerdictCard';
import { VerdictFields } from './VerdictFields';

interface Props {
  item: ReviewEntryView;
  form: FormState;
  onEdit(changes: Partial<FormState>): void;
  onSubmit(): void;
  onDraft(): void;
  onCancelDraft(): void;
}

export function ReviewEntry({ item, form, onEdit, onSubmit, onDraft, onCancelDraft }: Props) {
  const { t } = useReviewLanguage();
  if (!item.mine) {
    return (
      <form
        class="review-form"
        aria-label={t.yourReview}
        onSubmit={(event) => {
          event.preventDefault();
          if (formReady(form)) onSubmit();
        }}
      >
        <h3>{t.yourReview}</h3>
        <p class="muted">{t.blindNote}</p>
        <VerdictFields
          idPrefix={`review-${item.log_id}`}
          form={form}
          answer={item.answer}
          onEdit={onEdit}
          onDraft={onDraft}
          onCancelDraft={onCancelDraft}
        />
        {form.error && (
          <p class="error" role="alert">
            {form.error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={!formReady(form)}>
            {form.saving ? t.saving : t.submit}
          </button>
          {(form.evaluation === 2 || form.evaluation === 3) && !formReady(form) && !form.saving && (
            <span class="muted small">{t.needsText}</span>
          )}
        </div>
      </form>
    );
  }
  return (
    <section class="revealed" aria-label={t.state[item.state]}>
      <p class={`state state-${item.state}`} role="status">
        {t.state[item.state]}
      </p>
      <div class="side-by-side">
        <VerdictCard title={t.yourReview} verdict={item.mine} />
        {item.original ? (
          <VerdictCard title={t.original} subtitle={t.by(item.original.by)} verdict={item.original} />
        ) : (
          <section class="verdict" aria-label={t.original}>
            <h4>{t.original}</h4>
            <p class="muted">{t.neverRated}</p>
          </section>
        )}
        {item.others.map((other) => (
          <VerdictCard key={other.by} title={t.others} subtitle={t.by(other.by)} verdict={other} />
        ))}
      </div>
      {item.others.length === 0 && <p class="muted">{t.noOthers}</p>}
      {item.accepted && <VerdictCard title={t.accepted} verdict={item.accepted} />}
    </section>
  );
}
