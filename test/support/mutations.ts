// Spoiled copies of a valid message, for holding a hand-written guard to its zod schema: each test file
// gives the wrong values that matter to its messages.

/** Every way to spoil one field of `value` (replace any leaf or subtree with a wrong value, drop a key, add one). */
export function* mutations(value: unknown, wrongValues: readonly unknown[]): Generator<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, 3); i++)
      for (const changed of mutations(value[i], wrongValues))
        yield value.map((item, j) => (j === i ? changed : item));
    yield [...value, ...wrongValues.slice(1, 3)];
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
      yield rest;
      for (const changed of mutations((value as Record<string, unknown>)[key], wrongValues))
        yield { ...value, [key]: changed };
    }
    yield { ...value, extra: 1 };
  }
  yield* wrongValues;
}
