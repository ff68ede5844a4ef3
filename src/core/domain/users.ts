// Users (design §3.2) and their API keys: the key is shown once; only its SHA-256 hex digest is stored.
import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database, User } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { DomainError, notFound, parseInput } from '../errors';

export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters')
  .regex(/^[^\s\p{C}]+$/u, 'must not contain spaces or control characters');

const API_KEY_PREFIX = 'llm_';

export function hashApiKey(key: string): string {
  // One-shot: every request's key is hashed, and a Hash object per call cost ~10 µs more.
  return hash('sha256', key, 'hex');
}

function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(24).toString('base64url');
}

export interface UserWithKey {
  user: User;
  /** The plaintext key: returned here once, never stored. */
  apiKey: string;
}

export async function createUser(db: Kysely<Database>, username: string): Promise<UserWithKey> {
  const name = parseInput(usernameSchema, username);
  const apiKey = newApiKey();
  const user = await db
    .insertInto('users')
    .values({ username: name, api_key: hashApiKey(apiKey), created_at: utcNow() })
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!user) throw new DomainError('conflict', `A user named "${name}" already exists.`, 'user_exists');
  return { user, apiKey };
}

/** Replaces a user's key (the old one stops working at once) and returns the new one, once. */
export async function rotateApiKey(db: Kysely<Database>, username: string): Promise<UserWithKey> {
  const name = parseInput(usernameSchema, username);
  const apiKey = newApiKey();
  const user = await db
    .updateTable('users')
    .set({ api_key: hashApiKey(apiKey) })
    .where('username', '=', name)
    .returningAll()
    .executeTakeFirst();
  if (!user) throw notFound('User', name);
  return { user, apiKey };
}

export async function findUserByApiKey(db: Kysely<Database>, apiKey: string): Promise<User | undefined> {
  if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 256) return undefined;
  return findUserByApiKeyDigest(db, hashApiKey(apiKey));
}

export async function findUserByApiKeyDigest(
  db: Kysely<Database>,
  digest: string,
): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('api_key', '=', digest).executeTakeFirst();
}

export async function findUserByName(db: Kysely<Database>, username: string): Promise<User | undefined> {
  const name = parseInput(usernameSchema, username);
  return db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}
