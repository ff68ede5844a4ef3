// The API's log listing: filters and keyset paging (`id < cursor`, newest first), always restricted to
// the caller's own sessions. The cursor is opaque to clients (and bound to its filter).
import type { Kysely } from 'kysely';
import type { ConversationLog, Database, Evaluation, Priority, Status } from '../db/schema';
import { listLogs } from '../domain/logQueries';

export interface LogFilter {
  userId: number;
  pocId?: number;
  sessionId?: number;
  modelId?: number;
  evaluation?: Evaluation;
  status?: Status;
  priority?: Priority;
  rated?: boolean;
  text?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface LogPage {
  logs: ConversationLog[];
  nextCursor: string | null;
}

/** One page through the shared log query (src/core/domain/logQueries.ts), scoped to the caller. */
export async function listLogPage(db: Kysely<Database>, filter: LogFilter): Promise<LogPage> {
  const one = <T>(value: T | undefined) => (value === undefined ? undefined : [value]);
  const page = await listLogs(db, {
    userId: filter.userId,
    pocId: filter.pocId,
    sessionId: filter.sessionId,
    modelId: filter.modelId,
    evaluation: one(filter.evaluation),
    status: one(filter.status),
    priority: one(filter.priority),
    rated: filter.rated,
    text: filter.text,
    from: filter.from,
    to: filter.to,
    limit: filter.limit,
    cursor: filter.cursor,
  });
  return { logs: page.items, nextCursor: page.nextCursor };
}
