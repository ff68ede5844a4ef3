// The answer being generated, shaped like the card it becomes (no layout jump when it completes).
// aria-busy keeps screen readers from reading every token; the finished answer is announced politely.
import type { PendingAnswer } from '../state';
import { useLabels } from './labelsContext';
import { Markdown } from './Markdown';
import { TimingsLine } from './TimingsLine';

export function PendingCard({
  pending,
  onOpenLink,
}: {
  pending: PendingAnswer;
  onOpenLink: (href: string) => void;
}) {
  const t = useLabels();
  return (
    <article class="log-card pending" aria-labelledby="pending-question">
      <h3 id="pending-question" class="question-text">
        {pending.question}
      </h3>
      <section class="answer" aria-label={t.answer} aria-live="polite" aria-busy="true">
        {pending.blocks.length === 0 ? (
          <p class="placeholder">
            <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> {t.generating}
          </p>
        ) : (
          <Markdown tree={pending.blocks} streaming onOpenLink={onOpenLink} />
        )}
      </section>
      <TimingsLine timings={undefined} streaming />
    </article>
  );
}
