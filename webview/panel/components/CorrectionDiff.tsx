// What the correction changes in the model's answer, word by word (see wordDiff.ts).
import { useMemo } from 'preact/hooks';
import type { Locale } from '../../../src/protocol/views';
import { diffWords } from '../wordDiff';
import { useLabels } from './labelsContext';

interface Props {
  id: string;
  before: string;
  after: string;
  locale: Locale;
}

export function CorrectionDiff({ id, before, after, locale }: Props) {
  const t = useLabels();
  const parts = useMemo(() => diffWords(before, after, locale), [before, after, locale]);
  return (
    <section id={id} class="diff" aria-label={t.correctionDiff}>
      <h4 class="diff-title">{t.correctionDiff}</h4>
      <p class="diff-body">
        {parts.map((part, index) =>
          part.added ? (
            <ins key={index}>{part.value}</ins>
          ) : part.removed ? (
            <del key={index}>{part.value}</del>
          ) : (
            <span key={index}>{part.value}</span>
          ),
        )}
      </p>
    </section>
  );
}
