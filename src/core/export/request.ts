// What an export takes: which logs (always rated ones only), which files, how to split. Validated once
// here for every face (CLI flags, the editor's pickers).
import * as z from 'zod';
import { idSchema } from '../domain/codes';

const code = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const exportFormatSchema = z.enum(['sft', 'dpo', 'csv']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

const share = z.number().min(0).max(1);

export const exportRequestSchema = z
  .strictObject({
    poc_ids: z.array(idSchema).min(1, 'name at least one PoC'),
    /** Ratings a person gave; unrated logs are never exported (evaluated_at IS NULL). */
    evaluations: z.array(code).min(1).optional(),
    /** Default 未処理 only: what has not gone to training yet. */
    statuses: z.array(code).min(1).default([1]),
    priorities: z.array(code).min(1).optional(),
    /** Asked at or after (inclusive). */
    from: z.coerce.date().optional(),
    /** Asked before (exclusive). */
    to: z.coerce.date().optional(),
    user_ids: z.array(idSchema).min(1).optional(),
    model_ids: z.array(idSchema).min(1).optional(),
    formats: z.array(exportFormatSchema).min(1).default(['sft', 'dpo', 'csv']),
    split: z
      .object({ train: share, valid: share, test: share })
      .default({ train: 0.8, valid: 0.1, test: 0.1 }),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    /** An example whose estimated tokens exceed this is skipped (and listed). */
    max_tokens: z.number().int().positive().max(1_000_000).default(4096),
  })
  .superRefine((request, ctx) => {
    const { train, valid, test } = request.split;
    if (Math.abs(train + valid + test - 1) > 1e-9)
      ctx.addIssue({
        code: 'custom',
        path: ['split'],
        message: `train, valid and test must add up to 1 (they add up to ${+(train + valid + test).toFixed(6)})`,
      });
    if (request.from && request.to && request.from >= request.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

export type ExportRequest = z.output<typeof exportRequestSchema>;
export type ExportRequestInput = z.input<typeof exportRequestSchema>;
