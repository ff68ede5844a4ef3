// Errors are values with a kind; each surface (HTTP, panel, notification, CLI) maps kinds in one place.
import type * as z from 'zod';

export const ERROR_KINDS = [
  'invalid',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A stable machine-readable code, e.g. `session_ended`. */
    readonly code: string = kind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const notFound = (what: string, id: number | string) =>
  new DomainError(
    'not_found',
    `${what} ${id} was not found.`,
    `${what.toLowerCase().replace(/\s+/g, '_')}_not_found`,
  );

/** Duck-typed: the extension loads the core from a separate bundle, where `instanceof` would fail. */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof Error &&
    error.name === 'DomainError' &&
    typeof (error as Partial<DomainError>).kind === 'string' &&
    typeof (error as Partial<DomainError>).code === 'string'
  );
}

/** Formats a zod failure as one readable sentence per problem, e.g. "evaluation: must be 1, 2 or 3". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Parses input with a schema, turning a failure into an `invalid` DomainError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new DomainError('invalid', describeZodError(result.error), 'invalid_input');
  return result.data;
}
