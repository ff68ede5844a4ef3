// One verdict as given (a reviewer's, the first rater's, the accepted one): rating, priority, reason and
// correction as plain text.
import type { ReviewVerdictView } from '../../../src/protocol/review';
import { useReviewLanguage } from './labels';

interface Props {
  title: string;
  subtitle?: string;
  verdict: ReviewVerdictView;
  children?: preact.ComponentChildren;
}

export function VerdictCard({ title, subtitle, verdict, children }: Props) {
  const { t } = useReviewLanguage();
  return (
    <section class={`verdict verdict-${verdict.evaluation}`} aria-label={title}>
      <h4>
        {title}
        {subtitle && <span class="subtitle"> {subtitle}</span>}
      </h4>
      <p class="verdict-rating">
        <span class={`badge rating-${verdict.evaluation}`}>{t.ratings[verdict.evaluation]}</span>
        {verdict.priority !== null && (
          <span class="badge">
            {t.priority}: {t.priorities[verdict.priority]}
          </span>
        )}
      </p>
      {verdict.reason !== null && (
        <>
          <h5>{t.reason}</h5>
          <p class="text">{verdict.reason}</p>
        </>
      )}
      {verdict.correct_answer !== null && (
        <>
          <h5>{t.correctAnswer}</h5>
          <p class="text">{verdict.correct_answer}</p>
        </>
      )}
      {children}
    </section>
  );
}
