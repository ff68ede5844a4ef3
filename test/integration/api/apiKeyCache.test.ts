// The API key lookup the REST API authenticates with: a found key is trusted for ttlMs without a query,
// an unknown key is asked for every time, concurrent requests share one query, and the oldest keys go
// past maxEntries.
import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import { cachedUserLookup } from '../../../src/core/api/apiKeyCache';
import { createUser, rotateApiKey } from '../../../src/core/domain/users';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('API key cache', (get) => {
  /** The test database, counting the queries sent through it. */
  const countingDb = () => {
    const counter = { queries: 0 };
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        counter.queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return { db: get().db.withPlugin(plugin), counter };
  };

  it('trusts a found key for ttlMs, then asks again (a rotated key stops working then)', async () => {
    const { db, counter } = countingDb();
    let now = 1_000;
    const lookup = cachedUserLookup(db, { ttlMs: 5_000, now: () => now });
    const { user, apiKey } = await createUser(get().db, 'alice');
    expect((await lookup(apiKey))?.id).toBe(user.id);
    expect((await lookup(apiKey))?.id).toBe(user.id);
    expect(counter.queries).toBe(1);

    const rotated = await rotateApiKey(get().db, 'alice');
    now += 4_999;
    expect((await lookup(apiKey))?.id).toBe(user.id);
    now += 2;
    expect(await lookup(apiKey)).toBeUndefined();
    expect((await lookup(rotated.apiKey))?.id).toBe(user.id);
    expect(counter.queries).toBe(3);
  });

  it('asks for an unknown key every time, so a key created a moment later works at once', async () => {
    const { db, counter } = countingDb();
    const lookup = cachedUserLookup(db, { ttlMs: 60_000 });
    expect(await lookup('llm_not-yet')).toBeUndefined();
    expect(await lookup('llm_not-yet')).toBeUndefined();
    expect(counter.queries).toBe(2);
    const { apiKey } = await createUser(get().db, 'bob');
    expect((await lookup(apiKey))?.username).toBe('bob');
  });

  it('sends one query for concurrent requests with the same key', async () => {
    const { db, counter } = countingDb();
    const lookup = cachedUserLookup(db, { ttlMs: 5_000 });
    const { apiKey } = await createUser(get().db, 'carol');
    const users = await Promise.all(Array.from({ length: 20 }, () => lookup(apiKey)));
    expect(new Set(users.map((u) => u?.username))).toEqual(new Set(['carol']));
    expect(counter.queries).toBe(1);
  });

  it('forgets the oldest key past maxEntries; with ttlMs 0 it asks every time', async () => {
    const { db, counter } = countingDb();
    const lookup = cachedUserLookup(db, { ttlMs: 60_000, maxEntries: 2 });
    const keys = [];
    for (const name of ['k1', 'k2', 'k3']) keys.push((await createUser(get().db, name)).apiKey);
    for (const key of keys) await lookup(key);
    expect(counter.queries).toBe(3);
    await lookup(keys[2]!);
    await lookup(keys[1]!);
    expect(counter.queries).toBe(3);
    await lookup(keys[0]!);
    expect(counter.queries).toBe(4);

    const uncached = countingDb();
    const always = cachedUserLookup(uncached.db, { ttlMs: 0 });
    await always(keys[0]!);
    await always(keys[0]!);
    expect(uncached.counter.queries).toBe(2);
  });

  it('refuses an empty or oversized key without a query', async () => {
    const { db, counter } = countingDb();
    const lookup = cachedUserLookup(db, { ttlMs: 5_000 });
    expect(await lookup('')).toBeUndefined();
    expect(await lookup('x'.repeat(257))).toBeUndefined();
    expect(counter.queries).toBe(0);
  });
});
