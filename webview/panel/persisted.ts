// The shape of the drafts kept in VS Code's webview state. Validated when read back: an older or
// damaged state is ignored rather than trusted.
import { type Guard, matching, nullable, number, object, oneOf, string } from '../../src/protocol/guards';
import { DRAFT_TEXT_MAX } from '../../src/protocol/limits';
import type { Draft, PersistedDrafts } from './state';

const text = string(DRAFT_TEXT_MAX);
const draftGuard: Guard<Draft> = object({
  evaluation: nullable(oneOf(1, 2, 3)),
  reason: text,
  correct_answer: text,
  priority: oneOf(1, 2, 3),
  memo: text,
});

/** Drafts keyed by log id (JSON keys are text). */
const draftsGuard: Guard<Record<number, Draft>> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${path}: expected an object`;
  for (const [key, draft] of Object.entries(value)) {
    const error = matching(/^\d+$/)(key, path) ?? draftGuard(draft, `${path}.${key}`);
    if (error) return error;
  }
  return null;
};

export const persistedDraftsGuard: Guard<PersistedDrafts> = object({
  question: text,
  systemPrompt: nullable(text),
  selected: object({ poc_id: nullable(number()), model_id: nullable(number()) }),
  drafts: draftsGuard,
});

export type { PersistedDrafts };
