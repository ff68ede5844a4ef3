// The re-test runs there are, newest first (to resume one, or to look back at its summary).
import type { Kysely } from 'kysely';
import type { Database, RetestStatus } from '../db/schema';

export async function listRetestRuns(db: Kysely<Database>, options: { status?: RetestStatus[] } = {}) {
  let query = db.selectFrom('retest_runs').selectAll().orderBy('id', 'desc');
  if (options.status) query = query.where('status', 'in', options.status);
  return query.execute();
}
