// A field's length against its limit (src/protocol/limits.ts), shown only near or over the limit, so
// the user sees before sending why a long paste will be refused.

import { formatCount } from '../../../src/protocol/labels';
import { COUNTER_FROM, type LimitedField, limitedLength, TEXT_LIMITS } from '../../../src/protocol/limits';
import type { Locale } from '../../../src/protocol/views';
import { useLabels } from './labelsContext';

export interface LengthCounterProps {
  id: string;
  field: LimitedField;
  text: string;
  locale: Locale;
}

export function LengthCounter({ id, field, text, locale }: LengthCounterProps) {
  const t = useLabels();
  const length = limitedLength(field, text);
  const limit = TEXT_LIMITS[field];
  if (length < limit * COUNTER_FROM) return null;
  const over = length > limit;
  return (
    <p id={id} class={over ? 'length-counter over' : 'length-counter'} aria-live="polite">
      {over && <span class="codicon codicon-error" aria-hidden="true" />}{' '}
      {t.counter(formatCount(locale, length), formatCount(locale, limit))}
    </p>
  );
}
