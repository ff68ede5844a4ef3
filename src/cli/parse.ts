// Flag values arrive as strings; they are validated with zod here so that a bad value is a usage error.
import type * as z from 'zod';
import { describeZodError } from '../core/errors';
import { UsageError } from './io';

export function parseFlags<S extends z.ZodType>(schema: S, flags: unknown): z.output<S> {
  const result = schema.safeParse(flags);
  if (!result.success) {
    throw new UsageError(
      // `evaluation.0: …` (one item of a list) reads as `--evaluation: …`.
      describeZodError(result.error).replace(
        /(^|; )([a-z_]+)(?:\.\d+)*:/g,
        (_m, sep, name) => `${sep}--${name.replace(/_/g, '-')}:`,
      ),
    );
  }
  return result.data;
}
