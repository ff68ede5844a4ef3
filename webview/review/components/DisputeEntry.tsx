// A disagreement I lead: the verdicts side by side, the corrections as a word diff (the panel's), a button
// to pick one of them, and a form for a final verdict of my own (with a teacher draft if I like).

import { labels as panelLabels } from '../../../src/protocol/labels';
import type { DisputeEntryView } from '../../../src/protocol/review';
import { CorrectionDiff } from '../../panel/components/CorrectionDiff';
import { LabelsContext } from '../../panel/components/labelsContext';
import { type FormState, formReady } from '../state';
import { useReviewLanguage } from './labels';
import { VerdictCard } from './VerdictCard';
import { VerdictFields } from './VerdictFields';

interface Props {
  item: DisputeEntryView;
  form: FormState;
  onEdit(changes: Partial<FormState>): void;
  onPick(reviewer: string): void;
  onResolve(): void;
  onDraft(): void;
  onCancelDraft(): void;
}

export function DisputeEntry({ item, form, onEdit, onPick, onResolve, onDraft, onCancelDraft }: Props) {
  const { t, locale } = useReviewLanguage();
  const [first, ...rest] = item.reviews;
  const resolved = item.resolved;
  return (
    <section class="dispute" aria-label={t.verdicts}>
      <p class="state state-disputed" role="status">
        {resolved ? t.resolved : t.on[item.on]}
      </p>
      <h3>{t.verdicts}</h3>
      <div class="side-by-side">
        {item.original && (
          <VerdictCard title={t.original} subtitle={t.by(item.original.by)} verdict={item.original} />
        )}
        {item.reviews.map((review) => (
          <VerdictCard key={review.by} title={review.by} verdict={review}>
            {!resolved && (
              <button type="button" disabled={form.saving} onClick={() => onPick(review.by)}>
                {t.pick(review.by)}
              </button>
            )}
          </VerdictCard>
        ))}
      </div>
      {first?.correct_answer &&
        rest.map((other) =>
          other.correct_answer ? (
            <LabelsContext.Provider
              key={other.by}
              value={{ ...panelLabels[locale], correctionDiff: t.correctionsDiffer(first.by, other.by) }}
            >
              <CorrectionDiff
                id={`diff-${item.log_id}-${other.by}`}
                before={first.correct_answer ?? ''}
                after={other.correct_answer}
                locale={locale}
              />
            </LabelsContext.Provider>
          ) : null,
        )}
      {resolved ? (
        <VerdictCard
          title={t.accepted}
          subtitle={resolved.picked ? t.pickedFrom(resolved.picked) : t.leadsOwn}
          verdict={resolved.verdict}
        />
      ) : (
        <form
          class="review-form"
          aria-label={t.writeOwn}
          onSubmit={(event) => {
            event.preventDefault();
            if (formReady(form)) onResolve();
          }}
        >
          <h3>{t.writeOwn}</h3>
          <VerdictFields
            idPrefix={`resolve-${item.log_id}`}
            form={form}
            answer={item.answer}
            onEdit={onEdit}
            onDraft={onDraft}
            onCancelDraft={onCancelDraft}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={!formReady(form)}>
              {form.saving ? t.saving : t.resolve}
            </button>
          </div>
        </form>
      )}
      {form.error && (
        <p class="error" role="alert">
          {form.error}
        </p>
      )}
    </section>
  );
}
