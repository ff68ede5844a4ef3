// Reading logs for the Logs tree, `GET /logs` and `logs list`: filtered pages, newest first, keyset
// paged (never OFFSET), and counts per group (from the trigger-kept summary tables when they can answer).
import type { Kysely } from 'kysely';
import { executeCancellable } from '../db/cancellable';
import type { ConversationLog, Database } from '../db/schema';
import { parseInput } from '../errors';
import { logConditions } from './logConditions';
import {
  type CountOptions,
  countRows,
  type LogGroupBy,
  type LogGroupCount,
  logGroupBySchema,
  summaryFor,
} from './logCounts';
import { encodeCursor, type LogFilterInput, logFilterSchema } from './logFilter';

export { escapeLike, logConditions } from './logConditions';
export {
  type CountOptions,
  type LogGroupBy,
  type LogGroupCount,
  logGroupBySchema,
  narrowToGroup,
} from './logCounts';
export type { LogFilter, LogFilterInput } from './logFilter';
export { logFilterSchema } from './logFilter';

/** A log with what the tree and the REST list show beside it, all from one indexed join. */
export interface LogListItem extends ConversationLog {
  poc_id: number;
  poc_name: string;
  model_id: number;
  model_name: string;
  model_version: number;
  user_id: number;
  username: string;
}

export interface LogPage {
  items: LogListItem[];
  /** Pass back as `cursor` (with the same filter) for the next page; null on the last page. */
  nextCursor: string | null;
}

/** One page of logs matching the filter, newest (highest id) first. */
export async function listLogs(
  db: Kysely<Database>,
  input: LogFilterInput,
  options: { signal?: AbortSignal } = {},
): Promise<LogPage> {
  const filter = parseInput(logFilterSchema, input);
  // The page's ids first, from the narrow covering index (filters checked on index tuples), then the
  // wide rows and their session's names for those ids only.
  const page = db
    .selectFrom('conversation_logs as l')
    .select('l.id')
    .where(logConditions(filter))
    .orderBy('l.id', 'desc')
    .limit(filter.limit + 1);
  const query = db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .innerJoin('poc as p', 'p.id', 's.poc_id')
    .innerJoin('models as m', 'm.id', 's.model_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('l')
    .select([
      's.poc_id',
      'p.name as poc_name',
      's.model_id',
      'm.model_name',
      'm.version as model_version',
      's.user_id',
      'u.username',
    ])
    .where('l.id', 'in', page)
    .orderBy('l.id', 'desc');
  const rows = await executeCancellable(db, query, options.signal);
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id, filter) : null,
  };
}

/**
 * How many logs match the filter, per group (limit and cursor are ignored). Uses the summary table
 * unless the filter needs the logs themselves (text, or a time range not on day boundaries).
 */
export async function countLogs(
  db: Kysely<Database>,
  input: LogFilterInput,
  groupBy: LogGroupBy,
  options: CountOptions = {},
): Promise<LogGroupCount[]> {
  const filter = parseInput(logFilterSchema, input);
  return countRows(db, filter, parseInput(logGroupBySchema, groupBy), options);
}

/** Whether countLogs answers this from a summary table (milliseconds) rather than reading the logs. */
export function countsFromSummary(input: LogFilterInput, groupBy: LogGroupBy): boolean {
  const filter = parseInput(logFilterSchema, input);
  return summaryFor({ ...filter, beforeId: undefined }, parseInput(logGroupBySchema, groupBy)) !== undefined;
}
