// The logs an export reads, in id order and in batches (keyset: `id > last`), never in one result or
// one long transaction: memory stays flat at a million logs, and the embedded database, which runs one
// statement at a time for every connection, is never held by the export between batches.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { ExportLog } from './formats';
import type { ExportRequest } from './request';

export const BATCH_SIZE = 5_000;

export type ExportRow = ExportLog & {
  /** What the log looked like when read: marking it trained is skipped if this has changed since. */
  fingerprint: string;
};

/** Fingerprint of what a rating change or a status change touches (the same SQL reads and checks it). */
export const fingerprintSql = sql<string>`md5(concat_ws('|', l.evaluation, l.status, l.updated_at::text, l.evaluated_at::text, md5(coalesce(l.correct_answer, '')), md5(coalesce(l.reason, ''))))`;

function baseQuery(db: Kysely<Database>, request: ExportRequest) {
  return db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .where((eb) => {
      // Rated only, always: an unrated log's stored evaluation is only the column default (SPEC §7).
      const and: Expression<SqlBool>[] = [eb('l.evaluated_at', 'is not', null)];
      and.push(eb('s.poc_id', 'in', request.poc_ids));
      and.push(eb('l.status', 'in', request.statuses));
      if (request.evaluations) and.push(eb('l.evaluation', 'in', request.evaluations));
      if (request.priorities) and.push(eb('l.priority', 'in', request.priorities));
      if (request.from) and.push(eb('l.timestamp', '>=', request.from));
      if (request.to) and.push(eb('l.timestamp', '<', request.to));
      if (request.user_ids) and.push(eb('s.user_id', 'in', request.user_ids));
      if (request.model_ids) and.push(eb('s.model_id', 'in', request.model_ids));
      return eb.and(and);
    });
}

export async function countExportRows(db: Kysely<Database>, request: ExportRequest): Promise<number> {
  const row = await baseQuery(db, request)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every matching log, in batches, ascending id. */
export async function* exportRows(
  db: Kysely<Database>,
  request: ExportRequest,
  signal?: AbortSignal,
): AsyncGenerator<ExportRow[]> {
  let after = 0;
  while (true) {
    signal?.throwIfAborted();
    const rows = await baseQuery(db, request)
      .innerJoin('poc as p', 'p.id', 's.poc_id')
      .innerJoin('models as m', 'm.id', 's.model_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        'l.id',
        's.poc_id',
        'p.name as poc_name',
        'l.session_id',
        's.system_prompt',
        'l.question',
        'l.answer',
        'l.evaluation',
        'l.reason',
        'l.correct_answer',
        'l.priority',
        'l.status',
        'm.model_name',
        'm.version as model_version',
        'u.username',
        'l.timestamp',
        'l.updated_at',
        'l.evaluated_at',
        fingerprintSql.as('fingerprint'),
      ])
      .where('l.id', '>', after)
      .orderBy('l.id')
      .limit(BATCH_SIZE)
      .execute();
    if (rows.length === 0) return;
    yield rows as ExportRow[];
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH_SIZE) return;
  }
}
