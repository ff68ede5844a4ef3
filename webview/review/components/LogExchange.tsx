// The exchange under review: the question, the model's answer (safe Markdown), and where it came from.

import type { ReviewItemView } from '../../../src/protocol/review';
import { Markdown } from '../../panel/components/Markdown';
import { useReviewLanguage } from './labels';

export function LogExchange({ item, onOpenLink }: { item: ReviewItemView; onOpenLink(href: string): void }) {
  const { t } = useReviewLanguage();
  return (
    <section class="exchange" aria-label={`#${item.log_id}`}>
      <p class="meta">
        #{item.log_id} · {item.poc_name} · {t.model}: {item.model} ·{' '}
        {t.required(String(item.required_reviews))}
      </p>
      {item.system_prompt && (
        <details class="system-prompt">
          <summary>{t.systemPrompt}</summary>
          <p class="text">{item.system_prompt}</p>
        </details>
      )}
      <h3>{t.question}</h3>
      <p class="text question">{item.question}</p>
      <h3>{t.answer}</h3>
      <div class="answer">
        <Markdown tree={item.answer_md} onOpenLink={onOpenLink} />
      </div>
    </section>
  );
}
