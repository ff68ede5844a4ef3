// A PoC's rating guidelines (Markdown), versioned by time: every save is a new row and the latest row
// is the current text, so what reviewers were told at any moment can be looked up later.
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../db/schema';
import { idSchema } from '../domain/codes';
import { getPoc } from '../domain/pocs';
import { parseInput } from '../errors';
import { guidelinesBodySchema } from './schemas';

export interface GuidelinesVersion {
  id: number;
  pocId: number;
  body: string;
  savedBy: string | null;
  savedAt: Date;
}

export interface Guidelines {
  pocId: number;
  /** The current text; null when none was ever saved. */
  current: GuidelinesVersion | null;
  /** How many versions were saved. */
  versions: number;
}

function versions(db: Kysely<Database>, pocId: number) {
  return db
    .selectFrom('review_guidelines')
    .leftJoin('users', 'users.id', 'review_guidelines.saved_by')
    .select([
      'review_guidelines.id',
      'review_guidelines.poc_id as pocId',
      'review_guidelines.body',
      'users.username as savedBy',
      'review_guidelines.saved_at as savedAt',
    ])
    .where('review_guidelines.poc_id', '=', pocId)
    .orderBy('review_guidelines.id', 'desc');
}

export async function getGuidelines(db: Kysely<Database>, pocId: number): Promise<Guidelines> {
  const poc = await getPoc(db, parseInput(idSchema, pocId));
  const [current, count] = await Promise.all([
    versions(db, poc.id).limit(1).executeTakeFirst(),
    db
      .selectFrom('review_guidelines')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('poc_id', '=', poc.id)
      .executeTakeFirstOrThrow(),
  ]);
  return { pocId: poc.id, current: current ?? null, versions: Number(count.n) };
}

/** Earlier versions too, newest first. */
export async function guidelinesHistory(
  db: Kysely<Database>,
  pocId: number,
  limit = 50,
): Promise<GuidelinesVersion[]> {
  const poc = await getPoc(db, parseInput(idSchema, pocId));
  return versions(db, poc.id)
    .limit(parseInput(z.number().int().min(1).max(1000), limit))
    .execute();
}

/** Saves a new version (the latest becomes current) and returns it. */
export async function saveGuidelines(
  db: Kysely<Database>,
  input: { pocId: number; body: string; userId: number | null },
): Promise<GuidelinesVersion> {
  const poc = await getPoc(db, parseInput(idSchema, input.pocId));
  const body = parseInput(guidelinesBodySchema, input.body);
  const userId = input.userId === null ? null : parseInput(idSchema, input.userId);
  const row = await db
    .insertInto('review_guidelines')
    .values({ poc_id: poc.id, body, saved_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return versions(db, poc.id).where('review_guidelines.id', '=', row.id).executeTakeFirstOrThrow();
}
