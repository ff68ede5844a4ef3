import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  createUser,
  findUserByApiKey,
  findUserByName,
  hashApiKey,
  listUsers,
  rotateApiKey,
} from '../../../src/core/domain/users';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('users and API keys', (get) => {
  it('returns the key once and stores only its SHA-256 hex digest', async () => {
    const { user, apiKey } = await createUser(get().db, 'tanaka');
    expect(apiKey).toMatch(/^llm_[A-Za-z0-9_-]{32}$/);
    expect(user.api_key).toBe(hashApiKey(apiKey));
    expect(user.api_key).toMatch(/^[0-9a-f]{64}$/);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM users WHERE api_key = ${apiKey}`.execute(get().db);
    expect(rows[0]?.n).toBe(0);
  });

  it('finds a user by key and by name, and by nothing else', async () => {
    const { user, apiKey } = await createUser(get().db, 'suzuki');
    expect(await findUserByApiKey(get().db, apiKey)).toEqual(user);
    expect(await findUserByApiKey(get().db, `${apiKey}x`)).toBeUndefined();
    expect(await findUserByApiKey(get().db, user.api_key)).toBeUndefined();
    expect(await findUserByApiKey(get().db, '')).toBeUndefined();
    expect(await findUserByName(get().db, 'suzuki')).toEqual(user);
  });

  it('rotates a key: the old one stops working', async () => {
    const first = await createUser(get().db, 'sato');
    const second = await rotateApiKey(get().db, 'sato');
    expect(second.apiKey).not.toBe(first.apiKey);
    expect(await findUserByApiKey(get().db, first.apiKey)).toBeUndefined();
    expect((await findUserByApiKey(get().db, second.apiKey))?.id).toBe(first.user.id);
    await expect(rotateApiKey(get().db, 'nobody')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('refuses a second user with the same name', async () => {
    await createUser(get().db, 'ito');
    await expect(createUser(get().db, 'ito')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'user_exists',
    });
    expect(await listUsers(get().db)).toHaveLength(1);
  });

  it.each([[''], ['a b'], ['x'.repeat(51)], ['tab\there'], [42]])(
    'rejects the name %j and writes nothing',
    async (name) => {
      await expect(createUser(get().db, name as string)).rejects.toMatchObject({ kind: 'invalid' });
      expect(await listUsers(get().db)).toEqual([]);
    },
  );
});
