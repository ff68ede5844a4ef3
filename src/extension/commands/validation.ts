// Input boxes validate as the user types, with the same zod schemas the core enforces.
import type * as z from 'zod';
import { describeZodError } from '../../core/errors';

export function validateWith(schema: z.ZodType): (value: string) => string | undefined {
  return (value) => {
    const result = schema.safeParse(value);
    return result.success ? undefined : describeZodError(result.error);
  };
}
