// Who an API key belongs to, remembered for a few seconds: every request carries its key, and asking
// the database each time doubles the round trips of a read. Only keys that were found are remembered
// (a key just created works at once); a rotated key keeps working here for at most `ttlMs`.
import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema';
import { findUserByApiKeyDigest, hashApiKey } from '../domain/users';

export interface ApiKeyCacheOptions {
  /** How long a found key is trusted without asking the database again; 0 asks every time. */
  ttlMs: number;
  /** Keys remembered at most (the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

export type UserLookup = (apiKey: string) => Promise<User | undefined>;

export function cachedUserLookup(db: Kysely<Database>, options: ApiKeyCacheOptions): UserLookup {
  const { ttlMs, maxEntries = 1000, now = Date.now } = options;
  const known = new Map<string, { user: User; expires: number }>();
  // Concurrent requests with one key share one query.
  const inFlight = new Map<string, Promise<User | undefined>>();
  return async (apiKey) => {
    if (apiKey.length === 0 || apiKey.length > 256) return undefined;
    const digest = hashApiKey(apiKey);
    const hit = known.get(digest);
    if (hit && hit.expires > now()) return hit.user;
    let lookup = inFlight.get(digest);
    if (!lookup) {
      lookup = findUserByApiKeyDigest(db, digest).finally(() => inFlight.delete(digest));
      inFlight.set(digest, lookup);
    }
    const user = await lookup;
    known.delete(digest);
    if (user && ttlMs > 0) {
      known.set(digest, { user, expires: now() + ttlMs });
      if (known.size > maxEntries) known.delete(known.keys().next().value as string);
    }
    return user;
  };
}
