// X-API-Key authentication: the key's SHA-256 digest is looked up (SPEC §3; through apiKeyCache.ts, so a
// known key costs no query for a few seconds); the user rides on the context.
import type { Context } from 'hono';
import type { User } from '../db/schema';
import type { UserLookup } from './apiKeyCache';

export interface ApiEnv {
  Variables: { user: User };
}

/** Sets the request's user from its X-API-Key, or returns the 401 to answer instead. */
export async function authenticate(c: Context<ApiEnv>, findUser: UserLookup): Promise<Response | undefined> {
  const key = c.req.header('x-api-key');
  if (!key) {
    return c.json(
      {
        detail: 'Send your API key in the X-API-Key header (create one with `llamune-poc user create NAME`).',
        code: 'missing_api_key',
      },
      401,
    );
  }
  const user = await findUser(key);
  if (!user)
    return c.json({ detail: 'The API key in X-API-Key is not valid.', code: 'invalid_api_key' }, 401);
  c.set('user', user);
  return undefined;
}
