// The shape of the drafts kept in VS Code's webview state. Validated when read back: an older or
// damaged state is ignored rather than trusted.
import * as z from 'zod/mini';
import { evaluationSchema, longText, prioritySchema } from '../../src/protocol/views';
import type { PersistedDrafts } from './state';

const draftSchema = z.object({
  evaluation: z.nullable(evaluationSchema),
  reason: longText,
  correct_answer: longText,
  priority: prioritySchema,
  memo: longText,
});

export const persistedDraftsSchema: z.ZodMiniType<PersistedDrafts> = z.object({
  question: longText,
  systemPrompt: z.nullable(longText),
  selected: z.object({ poc_id: z.nullable(z.number()), model_id: z.nullable(z.number()) }),
  drafts: z.record(z.coerce.number(), draftSchema),
});

export type { PersistedDrafts };
