// The PoC's rating guidelines beside the form (and at the top of the queue on narrow views): Markdown the
// host parsed into the safe tree the panel's Markdown component draws.

import type { GuidelinesView } from '../../../src/protocol/review';
import { Markdown } from '../../panel/components/Markdown';
import { useReviewLanguage } from './labels';

interface Props {
  guidelines: GuidelinesView;
  onEdit(): void;
  onOpenLink(href: string): void;
}

export function Guidelines({ guidelines, onEdit, onOpenLink }: Props) {
  const { t, locale } = useReviewLanguage();
  const when = guidelines.saved_at
    ? new Date(guidelines.saved_at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
    : '';
  return (
    <aside class="guidelines" aria-labelledby="guidelines-title">
      <h2 id="guidelines-title">{t.guidelinesOf(guidelines.poc_name)}</h2>
      {guidelines.body_md ? (
        <Markdown tree={guidelines.body_md} onOpenLink={onOpenLink} />
      ) : (
        <p class="muted">{t.noGuidelines}</p>
      )}
      {guidelines.saved_at && (
        <p class="muted small">
          {t.guidelinesSaved(guidelines.saved_by ?? '—', when, String(guidelines.versions))}
        </p>
      )}
      <button type="button" class="link-button" onClick={onEdit}>
        {t.editGuidelines}
      </button>
    </aside>
  );
}
