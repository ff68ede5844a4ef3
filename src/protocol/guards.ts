// A few hundred bytes of validators for the webview, which must stay within its 80 KB budget: zod/mini
// alone took ~27 KB of it. They only accept or reject (the value is used as received) and say where the
// first fault is. The host keeps zod (messages.ts); hostMessageGuard.ts mirrors its schemas with these,
// and a type test plus a shared corpus hold the two to the same shapes.

/** Accepts a value of type T or names what is wrong with it (`path: reason`). */
export interface Guard<T> {
  (value: unknown, path: string): string | null;
  /** Type only: what the guard accepts. */
  readonly __type?: T;
}
export type Guarded<G> = G extends Guard<infer T> ? T : never;

const guard = <T>(test: (value: unknown, path: string) => string | null): Guard<T> => test as Guard<T>;
const fail = (path: string, reason: string) => `${path || '(message)'}: ${reason}`;

export const string = (max = Number.MAX_SAFE_INTEGER, min = 0) =>
  guard<string>((v, p) =>
    typeof v !== 'string'
      ? fail(p, 'expected text')
      : v.length > max || v.length < min
        ? fail(p, 'length')
        : null,
  );

export const matching = (pattern: RegExp) =>
  guard<string>((v, p) => (typeof v === 'string' && pattern.test(v) ? null : fail(p, 'bad format')));

/** A finite number, optionally a whole one, at least `min`. */
export const number = (min = -Infinity, whole = false, minExclusive = false) =>
  guard<number>((v, p) =>
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    (whole && !Number.isSafeInteger(v)) ||
    v < min ||
    (minExclusive && v === min)
      ? fail(p, 'bad number')
      : null,
  );

export const boolean = guard<boolean>((v, p) =>
  typeof v === 'boolean' ? null : fail(p, 'expected true or false'),
);

export const oneOf = <const V extends readonly (string | number | boolean)[]>(...values: V) =>
  guard<V[number]>((v, p) =>
    values.includes(v as never) ? null : fail(p, `not one of ${values.join(', ')}`),
  );

export const nullable = <T>(inner: Guard<T>) => guard<T | null>((v, p) => (v === null ? null : inner(v, p)));

export const array = <T>(item: Guard<T>, max = Number.MAX_SAFE_INTEGER) =>
  guard<T[]>((v, p) => {
    if (!Array.isArray(v) || v.length > max) return fail(p, 'expected a list');
    for (let i = 0; i < v.length; i++) {
      const error = item(v[i], `${p}.${i}`);
      if (error) return error;
    }
    return null;
  });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Shape = Record<string, Guard<unknown>>;
export type ObjectOf<S extends Shape> = { [K in keyof S]: Guarded<S[K]> };

/** An object with these fields (others are ignored, as zod's objects ignore them). */
export const object = <S extends Shape>(shape: S) =>
  guard<ObjectOf<S>>((v, p) => {
    if (!isRecord(v)) return fail(p, 'expected an object');
    for (const key in shape) {
      const error = (shape[key] as Guard<unknown>)(v[key], p ? `${p}.${key}` : key);
      if (error) return error;
    }
    return null;
  });

/** Some of these keys, each with a value of this guard. */
export const partialRecord = <K extends string, T>(keys: Guard<K>, value: Guard<T>) =>
  guard<Partial<Record<K, T>>>((v, p) => {
    if (!isRecord(v)) return fail(p, 'expected an object');
    for (const key in v) {
      const error = keys(key, p) ?? value(v[key], `${p}.${key}`);
      if (error) return error;
    }
    return null;
  });

/** One of several objects told apart by their `type` (or another key). */
export const tagged = <O extends Record<string, Guard<unknown>>>(key: string, options: O) =>
  guard<Guarded<O[keyof O]>>((v, p) => {
    const tag = isRecord(v) ? v[key] : undefined;
    const option = typeof tag === 'string' && Object.hasOwn(options, tag) ? options[tag] : undefined;
    return option ? option(v, p) : fail(p ? `${p}.${key}` : key, 'unknown kind');
  });

/** A check of its own (e.g. markdown.ts's node test). */
export const custom = <T>(test: (value: unknown) => boolean, reason: string) =>
  guard<T>((v, p) => (test(v) ? null : fail(p, reason)));

export type Checked<T> = { ok: true; message: T } | { ok: false; error: string };

export function check<T>(g: Guard<T>, value: unknown): Checked<T> {
  const error = g(value, '');
  return error === null ? { ok: true, message: value as T } : { ok: false, error };
}
