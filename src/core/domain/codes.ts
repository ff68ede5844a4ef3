// The design's code values (§3.6), with zod schemas shared by every boundary.
import * as z from 'zod';
import { type LimitedField, TEXT_LIMITS } from '../../protocol/limits';

export const evaluationSchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'must be 1 (good), 2 (insufficient) or 3 (wrong)',
});
export const prioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'must be 1 (high), 2 (medium) or 3 (low)',
});
export const statusSchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'must be 1 (unprocessed), 2 (trained) or 3 (verified)',
});
export const providerSchema = z.enum(['mlx', 'ollama', 'openai'], { error: 'must be mlx, ollama or openai' });

export const EVALUATION = { good: 1, insufficient: 2, wrong: 3 } as const;
export const PRIORITY = { high: 1, medium: 2, low: 3 } as const;
export const STATUS = { unprocessed: 1, trained: 2, verified: 3 } as const;

export const idSchema = z.number().int().positive().max(2_147_483_647);

/** Optional text a person typed, at most its field's limit (src/protocol/limits.ts). */
export const limitedText = (field: LimitedField) =>
  z.string().max(TEXT_LIMITS[field], `must be at most ${TEXT_LIMITS[field]} characters`);

/** Text a person typed: trimmed, not blank, at most `max` characters. */
export function requiredText(max?: number) {
  const base = z.string().trim().min(1, 'must not be empty');
  return max === undefined ? base : base.max(max, `must be at most ${max} characters`);
}
